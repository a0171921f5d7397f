import type { Gathered, ScreenLockFacts } from '../../../../shared/posture/facts';
import type { CheckContext } from '../check-context';
import { firstLine, probe, resolveLinuxCommand } from '../common/probe';
import { parseGsettingsValue } from './gsettings';

/**
 * GNOME (and derivatives reading the same schemas): idle-delay seconds until the session is idle
 * (0 = never), lock-enabled, lock-delay seconds after idle before the lock. Other desktops: unknown.
 */
export async function probeLinuxScreenLock(ctx: CheckContext): Promise<Gathered<ScreenLockFacts>> {
  const gsettings = await resolveLinuxCommand(ctx, 'gsettings');
  if (!gsettings) {
    return {
      ok: false,
      reason: 'The screen lock cannot be checked: gsettings (GNOME settings) is not installed.',
      evidence: { source: 'gsettings', error: 'not-found' },
      remediation: 'Ask IT to confirm the screen lock settings for this desktop.',
    };
  }
  const get = (schema: string, key: string) => probe(ctx, gsettings, ['get', schema, key]);
  const [idle, enabled, delay] = await Promise.all([
    get('org.gnome.desktop.session', 'idle-delay'),
    get('org.gnome.desktop.screensaver', 'lock-enabled'),
    get('org.gnome.desktop.screensaver', 'lock-delay'),
  ]);
  const read = (r: typeof idle) => (r.ok && r.exitCode === 0 ? parseGsettingsValue(r.stdout) : null);
  const idleV = read(idle);
  const enabledV = read(enabled);
  const delayV = read(delay);
  if (idleV?.kind !== 'number' || enabledV?.kind !== 'boolean') {
    const why = [idle, enabled].map((r) => (r.ok ? firstLine(r.stderr) : r.failure)).find(Boolean) ?? 'unreadable';
    return {
      ok: false,
      reason: 'The screen lock settings could not be read (no GNOME settings schema).',
      evidence: { source: 'gsettings', error: why },
      remediation: 'Ask IT to confirm the screen lock settings for this desktop.',
    };
  }
  const idleSeconds = idleV.value;
  const delaySeconds = delayV?.kind === 'number' ? delayV.value : 0;
  return {
    ok: true,
    facts: {
      source: 'gsettings',
      lockEnabled: enabledV.value,
      lockAfterMinutes: idleSeconds === 0 ? null : (idleSeconds + delaySeconds) / 60,
      detail: { idleDelaySeconds: idleSeconds, lockDelaySeconds: delaySeconds },
    },
  };
}
