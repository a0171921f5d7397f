import { ALL_ADAPTERS, openPlatformAdapters, type PlatformAdapterSet } from '../platform-adapters';

/** The Linux adapters and what could not be set up (with why), for the headless agent. */
export type LinuxAdapterSet = PlatformAdapterSet;

/**
 * Opens every Linux adapter for an X display (see openPlatformAdapters, the one selector):
 * /proc always; the X11 ones where DISPLAY reaches an X server; wl-clipboard when only Wayland is there.
 */
export function openLinuxAdapters(display = process.env.DISPLAY, waylandDisplay = process.env.WAYLAND_DISPLAY): Promise<LinuxAdapterSet> {
  return openPlatformAdapters({ platform: 'linux', want: ALL_ADAPTERS, env: { DISPLAY: display, WAYLAND_DISPLAY: waylandDisplay } });
}
