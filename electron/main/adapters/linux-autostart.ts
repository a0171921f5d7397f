import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Start at login on Linux, where Electron's setLoginItemSettings does nothing: an XDG autostart
 * entry (https://specifications.freedesktop.org/autostart-spec/latest/) in the user's config folder.
 */
export async function setLinuxAutostart(enabled: boolean, options: { configHome: string; exec: string }): Promise<string> {
  const file = path.join(options.configHome, 'autostart', 'shiftguard.desktop');
  if (!enabled) {
    await rm(file, { force: true });
    return file;
  }
  await mkdir(path.dirname(file), { recursive: true });
  // Exec arguments are quoted per the Desktop Entry spec so paths with spaces work.
  const exec = `"${options.exec.replace(/(["`$\\])/g, '\\$1')}"`;
  await writeFile(file, ['[Desktop Entry]', 'Type=Application', 'Name=ShiftGuard', `Exec=${exec}`, 'X-GNOME-Autostart-enabled=true', 'NoDisplay=true', ''].join('\n'));
  return file;
}
