import type { TrayStatus } from '../../../shared/ipc/app-state';

/**
 * The tray's state, most urgent first: sensitive mode (the agent must know the desktop is locked
 * down), offline (reports are piling up), action needed (an enforced check is failing, even inside its
 * grace period, or nothing was checked yet), compliant.
 */
export function trayStatus(input: { sensitiveActive: boolean; online: boolean | null; compliant: boolean | null }): TrayStatus {
  if (input.sensitiveActive) return 'sensitive';
  if (input.online === false) return 'offline';
  if (input.compliant !== true) return 'action-needed';
  return 'compliant';
}

/** RGB colour of each state's tray dot. */
export const TRAY_COLOURS: Record<TrayStatus, readonly [number, number, number]> = {
  compliant: [0x1b, 0x7f, 0x3b],
  'action-needed': [0xc2, 0x6a, 0x00],
  sensitive: [0x1f, 0x4f, 0xc8],
  offline: [0x6b, 0x72, 0x80],
};

/**
 * A size×size BGRA bitmap of a filled, anti-aliased circle in the state's colour (what
 * nativeImage.createFromBitmap takes), so the tray needs no image files. Offline gets a hollow ring,
 * so it is not told apart by colour alone.
 */
export function trayIconBitmap(status: TrayStatus, size = 16): Buffer {
  const [r, g, b] = TRAY_COLOURS[status];
  const buf = Buffer.alloc(size * size * 4);
  const c = (size - 1) / 2;
  const outer = size / 2 - 0.5;
  const inner = status === 'offline' ? outer - size / 5 : -1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      // Coverage: 1 inside, fading over one pixel at the edges.
      const cover = Math.max(0, Math.min(1, outer - d + 0.5)) * (inner < 0 ? 1 : Math.max(0, Math.min(1, d - inner + 0.5)));
      const i = (y * size + x) * 4;
      buf[i] = b;
      buf[i + 1] = g;
      buf[i + 2] = r;
      buf[i + 3] = Math.round(cover * 255);
    }
  }
  return buf;
}
