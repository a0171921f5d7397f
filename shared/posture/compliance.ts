import type { Policy, PosturePolicy } from '../policy/schema';
import type { CheckId, CheckResult } from './check-result';

const CONTROL_OF: Record<CheckId, keyof PosturePolicy> = {
  'disk-encryption': 'diskEncryption',
  antivirus: 'antivirus',
  usb: 'usb',
  'os-patches': 'osPatches',
  firewall: 'firewall',
  'screen-lock': 'screenLock',
};

/** The policy control (mode, grace hours and settings) behind a check. */
export function controlFor(id: CheckId, policy: Policy): PosturePolicy[keyof PosturePolicy] {
  return policy.posture[CONTROL_OF[id]];
}

/** The policy mode of the control behind a check. */
export function controlModeFor(id: CheckId, policy: Policy): 'enforce' | 'audit' | 'off' {
  return policy.posture[CONTROL_OF[id]].mode;
}

/**
 * Compliant when every enforced check passed. "unknown" and "error" are not a pass: a check that
 * cannot decide never counts in the workstation's favour. (Grace periods: see judgeChecks.)
 */
export function isCompliant(results: readonly CheckResult[], policy: Policy): boolean {
  return results.every((r) => controlModeFor(r.id, policy) !== 'enforce' || r.status === 'pass');
}
