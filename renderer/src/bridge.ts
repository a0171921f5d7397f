import type { ShiftGuardApi } from '../../shared/ipc/contract';

declare global {
  interface Window {
    /** Exposed by the preload (or a test bridge); the renderer's only way out. */
    shiftguard?: ShiftGuardApi;
  }
}

/** The preload API, or null when the page is opened outside the app. */
export function getBridge(): ShiftGuardApi | null {
  return window.shiftguard ?? null;
}
