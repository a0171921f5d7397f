import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedPolicy } from '../../../../shared/api/policy';
import type { PolicyRefusalReason } from '../../../../shared/api/report';
import { keyIdOf, rawPublicKey, signEnvelope } from '../../../../server/crypto/ed25519';
import { signPolicyFor } from '../../../../server/policy/policy-delivery';
import { TestDevice } from '../../../helpers/test-device';
import { waitFor } from './helpers/poll';
import { LoopbackServer, makeEngine } from './helpers/sync-setup';

let server: LoopbackServer;
beforeAll(async () => {
  server = await LoopbackServer.start();
});
afterAll(async () => {
  await server.close();
});

/**
 * Policies signed by the real server's code, then tampered with, replayed, or issued to another
 * team's device, reach the agent in a check-in answer (as a man in the middle would deliver them).
 */
describe('policy refusals', () => {
  it('refuses tampered, replayed, foreign-key, invalid and other-group policies, keeps the last good one, and reports each refusal', async () => {
    const teamA = await server.team('Payments');
    const teamB = await server.team('Claims');
    const policyA = await server.policyForTeam(teamA, { name: 'A', clipboard: { mode: 'lock' } });
    await server.policyForTeam(teamB, { name: 'B', clipboard: { mode: 'off' } });

    let inject: unknown = null;
    const mitm: typeof fetch = async (url, init) => {
      const response = await fetch(url, init);
      if (!String(url).endsWith('/agent/check-in') || inject === null || !response.ok) return response;
      const answer = (await response.json()) as Record<string, unknown>;
      const forged = { ...answer, policy: inject };
      inject = null;
      return new Response(JSON.stringify(forged), { status: response.status, headers: { 'content-type': 'application/json' } });
    };
    const { engine, close } = makeEngine({ fetchImpl: mitm, live: false, heartbeatMs: () => 3_600_000 });
    try {
      engine.start();
      const device = await engine.enroll(server.url, await server.token(teamA));
      await engine.checkIn();
      expect(engine.policies.current()).toMatchObject({ policyId: policyA, version: 1 });
      const effectiveV1 = (await server.server.app.sg.policies.effectiveFor(device.deviceId))!;
      const v1 = signPolicyFor(device.deviceId, effectiveV1, server.server.key, Date.now() - 1000);

      await server.publishVersion(policyA, { name: 'A', version: 2, clipboard: { mode: 'scrub' } });
      await engine.checkIn();
      expect(engine.policies.current()).toMatchObject({ policyId: policyA, version: 2 });
      const lastGood = engine.policies.current();
      const effectiveV2 = (await server.server.app.sg.policies.effectiveFor(device.deviceId))!;

      const other = await server.server.enrollDevice(teamB, new TestDevice());
      const forOtherDevice = signPolicyFor(other.deviceId, (await server.server.app.sg.policies.effectiveFor(other.deviceId))!, server.server.key);

      const v3 = signPolicyFor(device.deviceId, { ...effectiveV2, version: 3, document: { ...effectiveV2.document, version: 3 } }, server.server.key);
      const tampered: SignedPolicy = { ...v3, payload: { ...v3.payload, document: { ...v3.payload.document, clipboard: { mode: 'off' } } } };

      const foreignKey = generateKeyPairSync('ed25519').privateKey;
      const foreignHeader = { purpose: 'policy' as const, keyId: server.server.key.keyId, signedAt: new Date().toISOString() };
      const forged = { ...foreignHeader, payload: v3.payload, signature: signEnvelope(foreignHeader, v3.payload, foreignKey) };
      const otherKeyIdHeader = { ...foreignHeader, keyId: keyIdOf(rawPublicKey(foreignKey)) };
      const otherKeyId = { ...otherKeyIdHeader, payload: v3.payload, signature: signEnvelope(otherKeyIdHeader, v3.payload, foreignKey) };

      const badPayload = { ...v3.payload, document: { ...v3.payload.document, reportIntervalMinutes: 0 } };
      const invalidHeader = { ...foreignHeader };
      const invalid = { ...invalidHeader, payload: badPayload, signature: signEnvelope(invalidHeader, badPayload, server.server.key.privateKey) };

      const cases: Array<[string, unknown, PolicyRefusalReason]> = [
        ['tampered document', tampered, 'bad-signature'],
        ['replayed version 1', v1, 'older-version'],
        ['policy of another team’s device', forOtherDevice, 'other-device'],
        ['signed with a key that is not the pinned one', forged, 'bad-signature'],
        ['signed by an unknown key id', otherKeyId, 'unknown-key'],
        ['schema failure', invalid, 'invalid-schema'],
      ];
      for (const [what, envelope, reason] of cases) {
        inject = envelope;
        await engine.checkIn();
        expect(inject, `${what}: delivered`).toBeNull();
        expect(engine.status().lastRefusal?.reason, what).toBe(reason);
        expect(engine.policies.current(), what).toBe(lastGood);
      }
      // The same forgery again (the server would re-offer it on every check-in) is not reported twice.
      inject = tampered;
      await engine.checkIn();
      expect(engine.policies.current()).toBe(lastGood);
      // Each distinct refusal reached the server as a signed report. The forged-key case claims the
      // same policy, version and reason as the tampered one, so it counts as the same refusal.
      await waitFor('outbox drained', () => engine.status().queued === 0);
      const refused = (await server.history(device.deviceId)).filter((r) => r.body.kind === 'policy-refused');
      // (History orders by arrival time in milliseconds, so compare as sets.)
      expect(refused.map((r) => (r.body.kind === 'policy-refused' ? r.body.reason : null)).sort()).toEqual(['bad-signature', 'invalid-schema', 'older-version', 'other-device', 'unknown-key']);
      expect(refused.every((r) => r.body.appliedPolicy.policyId === policyA && r.body.appliedPolicy.version === 2)).toBe(true);

      // The genuine newer version still applies afterwards.
      await server.publishVersion(policyA, { name: 'A', version: 3, clipboard: { mode: 'off' } });
      await engine.checkIn();
      expect(engine.policies.current()).toMatchObject({ policyId: policyA, version: 3 });
    } finally {
      await close();
    }
  }, 120_000);
});
