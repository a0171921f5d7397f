import type { Policy } from '../../../../shared/policy/schema';
import type { CheckId } from '../../../../shared/posture/check-result';
import { decideAntivirus } from '../../../../shared/posture/decide-antivirus';
import { decideDiskEncryption } from '../../../../shared/posture/decide-disk-encryption';
import { decideFirewall } from '../../../../shared/posture/decide-firewall';
import { decidePatches } from '../../../../shared/posture/decide-patches';
import { decideScreenLock } from '../../../../shared/posture/decide-screen-lock';
import { decideUsb } from '../../../../shared/posture/decide-usb';
import type { CheckOutcome, Gathered } from '../../../../shared/posture/facts';
import type { AgentPlatform } from '../../../../shared/posture/platform';
import type { CheckContext, PostureCheck } from '../check-context';
import { probeLinuxAntivirus } from '../linux/probe-antivirus';
import { probeLinuxEncryption } from '../linux/probe-encryption';
import { probeLinuxFirewall } from '../linux/probe-firewall';
import { probeLinuxPatches } from '../linux/probe-patches';
import { probeLinuxScreenLock } from '../linux/probe-screen-lock';
import { probeLinuxUsb } from '../linux/probe-usb';
import { probeMacAntivirus, probeMacEncryption, probeMacFirewall, probeMacPatches, probeMacScreenLock, probeMacUsb } from '../macos/probes';
import { probeWindowsAntivirus, probeWindowsEncryption, probeWindowsFirewall, probeWindowsScreenLock, probeWindowsUsb } from '../windows/probes';
import { probeWindowsPatches } from '../windows/patches';

type Probe<F> = (ctx: CheckContext) => Promise<Gathered<F>>;

/**
 * A check is a platform adapter per OS (probes + pure parsers, picked by the one switch below)
 * and a pure decision taking the platform, the facts and the policy.
 */
function defineCheck<F>(
  id: CheckId,
  adapters: Record<AgentPlatform, Probe<F>>,
  decide: (platform: AgentPlatform, facts: Gathered<F>, policy: Policy, now: Date) => CheckOutcome,
): PostureCheck {
  return {
    id,
    async run(ctx) {
      return decide(ctx.platform, await adapterFor(adapters, ctx.platform)(ctx), ctx.policy, ctx.now());
    },
  };
}

/** The single place where the OS picks the adapter. */
function adapterFor<F>(adapters: Record<AgentPlatform, Probe<F>>, platform: AgentPlatform): Probe<F> {
  switch (platform) {
    case 'win32':
      return adapters.win32;
    case 'darwin':
      return adapters.darwin;
    case 'linux':
      return adapters.linux;
  }
}

export const diskEncryptionCheck = defineCheck(
  'disk-encryption',
  { win32: probeWindowsEncryption, darwin: probeMacEncryption, linux: probeLinuxEncryption },
  (platform, facts, policy) => decideDiskEncryption(platform, facts, policy.posture.diskEncryption),
);

export const antivirusCheck = defineCheck(
  'antivirus',
  { win32: probeWindowsAntivirus, darwin: probeMacAntivirus, linux: probeLinuxAntivirus },
  (platform, facts, policy) => decideAntivirus(platform, facts, policy.posture.antivirus),
);

export const usbCheck = defineCheck(
  'usb',
  { win32: probeWindowsUsb, darwin: probeMacUsb, linux: (ctx) => probeLinuxUsb(ctx) },
  (platform, facts, policy) => decideUsb(platform, facts, policy.posture.usb),
);

export const osPatchesCheck = defineCheck(
  'os-patches',
  { win32: probeWindowsPatches, darwin: probeMacPatches, linux: probeLinuxPatches },
  (platform, facts, policy, now) => decidePatches(platform, facts, policy.posture.osPatches, now),
);

export const firewallCheck = defineCheck(
  'firewall',
  { win32: probeWindowsFirewall, darwin: probeMacFirewall, linux: probeLinuxFirewall },
  (platform, facts, policy) => decideFirewall(platform, facts, policy.posture.firewall),
);

export const screenLockCheck = defineCheck(
  'screen-lock',
  { win32: probeWindowsScreenLock, darwin: probeMacScreenLock, linux: probeLinuxScreenLock },
  (platform, facts, policy) => decideScreenLock(platform, facts, policy.posture.screenLock),
);

/** The checks this agent runs, in display order. */
export const ALL_CHECKS: readonly PostureCheck[] = [diskEncryptionCheck, antivirusCheck, usbCheck, osPatchesCheck, firewallCheck, screenLockCheck];
