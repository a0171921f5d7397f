import type { ScreenLockFacts } from '../../../../shared/posture/facts';
import { regNumber, type RegValue } from './reg-query';

/**
 * Screen lock from the registry: the user's screen saver (HKCU\Control Panel\Desktop, overridden
 * by the Group Policy copy under HKCU\Software\Policies) locks when it is active, has a program
 * (SCRNSAVE.EXE), is secure and has a timeout; the machine inactivity limit
 * (InactivityTimeoutSecs) locks regardless. The earlier of the two wins.
 * A null list means that key could not be read (absent keys are empty lists).
 */
export function windowsScreenLock(user: RegValue[] | null, policy: RegValue[] | null, machine: RegValue[] | null): ScreenLockFacts {
  const pick = (name: string) => {
    const fromPolicy = policy?.find((v) => v.name.toLowerCase() === name.toLowerCase());
    return fromPolicy ? { values: policy as RegValue[], source: 'policy' } : { values: user ?? [], source: 'user' };
  };
  const active = regNumber(pick('ScreenSaveActive').values, 'ScreenSaveActive');
  const secure = regNumber(pick('ScreenSaverIsSecure').values, 'ScreenSaverIsSecure');
  const timeout = regNumber(pick('ScreenSaveTimeOut').values, 'ScreenSaveTimeOut');
  const program = pick('SCRNSAVE.EXE').values.find((v) => v.name.toLowerCase() === 'scrnsave.exe')?.data ?? '';
  const inactivity = machine ? regNumber(machine, 'InactivityTimeoutSecs') : null;

  const candidates: number[] = [];
  const saverLocks = active === 1 && secure === 1 && program !== '' && timeout !== null && timeout > 0;
  if (saverLocks) candidates.push((timeout as number) / 60);
  if (inactivity !== null && inactivity > 0) candidates.push(inactivity / 60);
  const detail = {
    screenSaverActive: active,
    screenSaverSecure: secure,
    screenSaverTimeoutSeconds: timeout,
    screenSaverProgram: program || null,
    inactivityTimeoutSeconds: inactivity,
    userKeyReadable: user !== null,
  };
  if (candidates.length > 0) return { source: 'registry', lockEnabled: true, lockAfterMinutes: Math.min(...candidates), detail };
  // An unreadable user key decides nothing only where the policy key turns the saver off or
  // supplies every value itself; otherwise the user's own settings, unknown, would decide.
  const policyOff = pick('ScreenSaveActive').source === 'policy' && active !== 1;
  const needsUser = ['ScreenSaveActive', 'ScreenSaverIsSecure', 'ScreenSaveTimeOut', 'SCRNSAVE.EXE'].some((n) => pick(n).source === 'user');
  if (user === null && needsUser && !policyOff) return { source: 'registry', lockEnabled: null, lockAfterMinutes: null, detail };
  return { source: 'registry', lockEnabled: false, lockAfterMinutes: null, detail };
}
