import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWindowRules } from '../../electron/agent/guards/triggers/window-rules';
import { loadPolicyFile, PolicyFileError } from '../../electron/agent/policy/load-policy-file';
import { PolicySchema } from '../../shared/policy/schema';
import { Prng } from '../helpers/prng';
import { makeTempDir } from '../helpers/temp-dir';
import { hostileBody, hostileValue, mutate, nestedJson } from './hostile';

/**
 * Bad input against the policy parser (shared/policy/schema.ts) and the agent's policy file
 * loader: mutated valid policies, hostile JSON values, broken and deeply nested JSON, prototype
 * keys. What must hold: the schema never throws (it accepts or refuses), an accepted policy
 * parses to itself again (defaults filled once), nothing is polluted; the loader either returns
 * a policy or throws PolicyFileError (never anything else), and its message carries no card
 * number from the file; the window rules of any accepted policy compile without throwing.
 */
const SEED = 0x9011c7;
const CASES = 2000;

const VALID = {
  name: 'Payments floor',
  version: 3,
  reportIntervalMinutes: 5,
  posture: {},
  shift: { blockNonCompliant: true, attestations: [{ id: 'clean-desk', text: { en: 'My desk is clear', pl: 'Moje biurko jest puste' } }] },
  sensitive: {
    windowRules: [{ id: 'pay', titlePattern: 'Payment|Checkout' }, { id: 'crm', processName: 'crm.exe' }],
    graceSeconds: 5,
    webhooks: [{ url: 'https://hooks.example/sg', secret: 'a-long-enough-secret' }],
  },
  clipboard: { mode: 'lock' },
  capture: { tools: ['gnome-screenshot', 'flameshot'], action: 'terminate' },
  notes: { apps: ['gedit'], watchedFolders: ['/home/agent/Notes'], folderAction: 'redact' },
  agent: { outboxMaxEntries: 1000 },
};

describe('fuzz: the policy parser and the policy file loader', () => {
  it('the valid base policy is valid', () => {
    expect(PolicySchema.safeParse(VALID).success).toBe(true);
  });

  it(`never throws on ${CASES} hostile documents, and what it accepts is stable`, () => {
    const rng = new Prng(SEED);
    const failures: string[] = [];
    let accepted = 0;
    for (let n = 0; n < CASES; n++) {
      let doc: unknown = rng.chance(0.8) ? mutate(rng, VALID) : hostileValue(rng);
      if (rng.chance(0.3)) doc = mutate(rng, doc);
      try {
        const parsed = PolicySchema.safeParse(doc);
        if (parsed.success) {
          accepted++;
          const again = PolicySchema.safeParse(JSON.parse(JSON.stringify(parsed.data)));
          if (!again.success || JSON.stringify(again.data) !== JSON.stringify(parsed.data)) failures.push(`case ${n}: accepted policy does not parse to itself`);
          compileWindowRules(parsed.data.sensitive.windowRules);
        }
      } catch (error) {
        failures.push(`case ${n} (seed ${SEED}): threw ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(accepted).toBeGreaterThan(CASES / 10);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the file loader only ever returns a policy or throws PolicyFileError without a card number in it', async () => {
    const rng = new Prng(SEED + 1);
    const tmp = makeTempDir();
    const file = path.join(tmp.dir, 'policy.json');
    const failures: string[] = [];
    try {
      const texts = [nestedJson('array', 100_000), nestedJson('object', 100_000), '\ufeff{}', '', '\u0000', '{"name":"4111111111111111","version":-1}', '{"sensitive":{"windowRules":[{"id":"4111 1111 1111 1111"}]}}'];
      for (let n = 0; n < 300; n++) texts.push(hostileBody(rng, VALID).slice(0, 200_000));
      for (const [n, text] of texts.entries()) {
        writeFileSync(file, text);
        try {
          await loadPolicyFile(file);
        } catch (error) {
          if (!(error instanceof PolicyFileError)) failures.push(`case ${n}: threw ${(error as Error).name}: ${(error as Error).message.slice(0, 200)}`);
          else if (/4111.?1111.?1111.?1111/.test(error.message)) failures.push(`case ${n}: message repeats the card number`);
        }
      }
      await expect(loadPolicyFile(path.join(tmp.dir, 'missing.json'))).rejects.toBeInstanceOf(PolicyFileError);
    } finally {
      tmp.cleanup();
    }
    expect(failures).toEqual([]);
  });
});
