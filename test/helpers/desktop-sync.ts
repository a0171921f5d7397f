import { identityRuleOrThrow } from '../../electron/agent/config/managed-identity';
import { FileModeKeyProtector, type KeyProtector } from '../../electron/agent/sync/key-protector';
import { SyncEngine } from '../../electron/agent/sync/sync-engine';
import { DesktopSync, type EnrollmentPreset } from '../../electron/main/engine/desktop-sync';
import { makeTempDir } from './temp-dir';

/**
 * Issue 9's real SyncEngine in a fresh data folder (short retry delays), wrapped as the desktop
 * app wraps it. `preset` stands for IT's managed configuration and may be changed by the test.
 */
export function createDesktopSync(options: { preset?: EnrollmentPreset; protector?: KeyProtector; onCheckNow?: () => void } = {}) {
  const temp = makeTempDir('shiftguard-desktop-sync-');
  const preset: EnrollmentPreset = { ...options.preset };
  const ownSeat = { source: 'asset-tag', assetTag: `desk-${Math.random().toString(36).slice(2)}` } as const;
  const engine = new SyncEngine({
    dataDir: temp.dir,
    protector: options.protector ?? new FileModeKeyProtector(),
    // As electron/main/index.ts wires it: the preset's identity decision when the test sets one
    // (a blocked one refuses enrollment), else a seat of its own per test.
    identity: () => (preset.identity ? identityRuleOrThrow(preset.identity) : ownSeat),
    retry: { baseMs: 50, maxMs: 400 },
    live: false,
    ...(options.onCheckNow ? { onCheckNow: options.onCheckNow } : {}),
  });
  const sync = new DesktopSync(engine, () => preset);
  return {
    sync,
    engine,
    preset,
    dataDir: temp.dir,
    async close() {
      await engine.stop().catch(() => undefined);
      temp.cleanup();
    },
  };
}
