import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { EMPTY_GRACE_STATE, GraceStateSchema, type GraceState } from '../../../shared/posture/grace';
import type { FactCache } from './check-context';

const StateFileSchema = z.object({
  version: z.literal(1),
  grace: GraceStateSchema,
  /** Expensive facts keyed on their inputs (see FactCache). */
  cache: z.record(z.string(), z.unknown()).default({}),
});
type StateFile = z.infer<typeof StateFileSchema>;

/** Where the agent keeps its posture state unless told otherwise. */
export function defaultStateDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.SHIFTGUARD_STATE_DIR ?? path.join(os.homedir(), '.shiftguard');
}

/**
 * A small JSON file holding the grace-period first-failure times and the fact cache. Written
 * atomically (temp file + rename); a missing or corrupt file starts fresh rather than failing a check.
 */
export class PostureStateStore implements FactCache {
  private data: StateFile = { version: 1, grace: EMPTY_GRACE_STATE, cache: {} };
  private dirty = false;

  constructor(readonly file: string) {}

  static inDir(dir: string): PostureStateStore {
    return new PostureStateStore(path.join(dir, 'posture-state.json'));
  }

  async load(): Promise<void> {
    try {
      const parsed = StateFileSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      if (parsed.success) this.data = parsed.data;
    } catch {
      // absent or unreadable: start fresh
    }
  }

  get grace(): GraceState {
    return this.data.grace;
  }

  setGrace(grace: GraceState): void {
    this.data.grace = grace;
    this.dirty = true;
  }

  get(key: string): unknown {
    return this.data.cache[key];
  }

  set(key: string, value: unknown): void {
    this.data.cache[key] = value;
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(this.data)}\n`, { mode: 0o600 });
    await rename(tmp, this.file);
    this.dirty = false;
  }
}
