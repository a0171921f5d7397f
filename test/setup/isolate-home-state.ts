import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Global setup: the posture grace-period state defaults to ~/.shiftguard; tests (and the CLI
 * processes they start, which inherit the environment) keep theirs in a throwaway folder instead,
 * so running the suite never writes to the developer's home. A test that needs its own sets it.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'shiftguard-test-state-'));
  process.env.SHIFTGUARD_STATE_DIR ??= dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
