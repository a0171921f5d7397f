import type { PosturePolicy } from '../policy/schema';
import { undecided, type CheckOutcome, type Gathered, type UsbDevice, type UsbFacts } from './facts';
import type { AgentPlatform } from './platform';

const idOf = (d: UsbDevice) => `${d.vendorId}:${d.productId}`.toLowerCase();

/**
 * USB verdict. The inventory is always in the evidence; mass storage is allowed, reported
 * (pass, named in the summary) or failed by policy, except devices on the vendor:product allow-list.
 * A device whose kind the OS does not tell (massStorage null) may be storage: it only matters when
 * the policy fails on storage, and then the check is unknown rather than a guessed pass.
 */
export function decideUsb(_platform: AgentPlatform, gathered: Gathered<UsbFacts>, policy: PosturePolicy['usb']): CheckOutcome {
  if (!gathered.ok) return undecided(gathered, 'Ask IT to check the USB devices of this workstation.');
  const allow = new Set(policy.allowList.map((id) => id.toLowerCase()));
  const { facts } = gathered;
  const storage = facts.devices.filter((d) => d.massStorage === true);
  const blocked = storage.filter((d) => !allow.has(idOf(d)));
  const unsure = facts.devices.filter((d) => d.massStorage === null && !d.hub && !allow.has(idOf(d)));
  const evidence = {
    source: facts.source,
    massStoragePolicy: policy.massStorage,
    devices: facts.devices.map((d) => ({ id: idOf(d), name: d.name, massStorage: d.massStorage, hub: d.hub, allowListed: allow.has(idOf(d)) })),
    massStorage: blocked.map((d) => `${idOf(d)} ${d.name}`.trim()),
    ...(unsure.length > 0 ? { kindUnknown: unsure.map((d) => `${idOf(d)} ${d.name}`.trim()) } : {}),
  };
  const list = (devices: UsbDevice[]) => devices.map((d) => `${d.name || 'USB device'} (${idOf(d)})`).join(', ');
  const named = blocked.map((d) => `${d.name || 'USB storage'} (${idOf(d)})`).join(', ');
  const counted = `${facts.devices.length} USB device${facts.devices.length === 1 ? '' : 's'}`;
  if (blocked.length === 0 && unsure.length === 0) {
    return { status: 'pass', summary: storage.length > 0 ? `${counted}; USB storage present is on the allow-list.` : `${counted}; no USB storage connected.`, evidence };
  }
  const notTold = unsure.length > 0 ? ` This system does not say whether ${list(unsure)} ${unsure.length === 1 ? 'is' : 'are'} storage.` : '';
  switch (policy.massStorage) {
    case 'allow':
      return { status: 'pass', summary: `${counted}; USB storage is allowed by policy.`, evidence };
    case 'report':
      return { status: 'pass', summary: blocked.length > 0 ? `${counted}; USB storage connected (reported): ${named}.${notTold}` : `${counted}.${notTold}`, evidence };
    case 'fail':
      if (blocked.length > 0) return { status: 'fail', summary: `USB storage is not allowed: ${named}.`, evidence, remediation: 'Unplug the USB storage device, or ask IT to allow it.' };
      return {
        status: 'unknown',
        summary: `Could not tell whether a USB device is storage.${notTold}`,
        evidence,
        remediation: 'Unplug USB devices you do not need for the shift, or ask IT to put them on the allow-list.',
      };
  }
}
