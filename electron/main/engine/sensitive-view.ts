import type { LockedControl, SensitiveReason, SensitiveView, UnavailableControl } from '../../../shared/ipc/app-state';
import type { Policy } from '../../../shared/policy/schema';

/** Sensitive mode as the guards engine (issue 5) reports it; its SensitiveMode state maps onto this 1:1. */
export type SensitiveSnapshot = { active: false } | { active: true; startedAt: number; endsBy: number; triggers: SensitiveReason[] };

/**
 * Which controls this app can actually enforce right now: an adapter exists for it (clipboard,
 * processes), the Print Screen key is really taken (only while a session runs), and the OS honours
 * content protection (Windows and macOS; Linux has no equivalent).
 */
export interface EnforcedControls {
  /** An active-window source exists (policy window rules can start sensitive mode). */
  windowRules: boolean;
  clipboard: boolean;
  processes: boolean;
  printKey: boolean;
  contentProtection: boolean;
}

/** The sensitive-mode engine, as far as the desktop app needs it. */
export interface SensitiveModeSource {
  current(): SensitiveSnapshot;
  enforced(): EnforcedControls;
  onChange(listener: () => void): () => void;
}

/** What is held back while sensitive mode is on, in the order the banner lists it: only what is really enforced. */
export function lockedControls(policy: Policy, enforced: EnforcedControls): LockedControl[] {
  const locked: LockedControl[] = [];
  if (enforced.clipboard) {
    switch (policy.clipboard.mode) {
      case 'lock':
        locked.push('clipboard-emptied');
        break;
      case 'scrub':
        locked.push('clipboard-scrubbed');
        break;
      case 'off':
        break;
    }
  }
  if (enforced.printKey) locked.push('print-screen-blocked');
  if (enforced.processes && policy.capture.action === 'terminate' && policy.capture.tools.length > 0) locked.push('screen-capture-blocked');
  if (enforced.processes && policy.notes.appAction !== 'report' && policy.notes.apps.length > 0) locked.push('note-apps-held-back');
  if (enforced.contentProtection) locked.push('app-windows-hidden');
  return locked;
}

/** The banner's view of sensitive mode; `available` is false while no sensitive-mode engine is connected. */
export function sensitiveView(source: SensitiveModeSource | undefined, policy: Policy): SensitiveView {
  const snapshot = source?.current() ?? { active: false as const };
  if (!source) return { available: false, unavailable: [], active: false, since: null, endsBy: null, reasons: [], locked: [] };
  const enforced = source.enforced();
  const unavailable: UnavailableControl[] = [];
  if (!enforced.windowRules) unavailable.push('window-rules');
  if (!enforced.processes) unavailable.push('app-control');
  if (!snapshot.active) return { available: true, unavailable, active: false, since: null, endsBy: null, reasons: [], locked: [] };
  return {
    available: true,
    unavailable,
    active: true,
    since: new Date(snapshot.startedAt).toISOString(),
    endsBy: new Date(snapshot.endsBy).toISOString(),
    reasons: snapshot.triggers,
    locked: lockedControls(policy, enforced),
  };
}
