import type { Gathered, UsbFacts } from '../../../../shared/posture/facts';
import type { CheckContext } from '../check-context';
import { probe, resolveLinuxCommand } from '../common/probe';
import { parseLsusb } from './lsusb';
import { parseUsbSysfs, USB_DEVICE_ATTRS } from './usb-sysfs';

export const SYSFS_USB = '/sys/bus/usb/devices';

/**
 * USB inventory from sysfs (no tool needed, no root). Falls back to usbutils' lsusb when sysfs is
 * not mounted. A kernel without a USB bus (/sys/bus present, /sys/bus/usb absent) has no devices.
 */
export async function probeLinuxUsb(ctx: CheckContext, root = SYSFS_USB): Promise<Gathered<UsbFacts>> {
  const entries = await ctx.files.list(root).catch(() => undefined);
  if (entries) {
    const lines: string[] = [];
    await Promise.all(
      entries.map(async (entry) => {
        const attrs = entry.includes(':') ? ['bInterfaceClass'] : USB_DEVICE_ATTRS;
        for (const attr of attrs) {
          const value = await ctx.files.readText(`${root}/${entry}/${attr}`, 4096).catch(() => null);
          if (value !== null) lines.push(`${root}/${entry}/${attr}:${value.trim()}`);
        }
      }),
    );
    return { ok: true, facts: { source: 'sysfs', devices: parseUsbSysfs(lines.join('\n')) } };
  }
  const lsusb = await resolveLinuxCommand(ctx, 'lsusb');
  if (lsusb) {
    const [list, tree] = await Promise.all([probe(ctx, lsusb, []), probe(ctx, lsusb, ['-t'])]);
    if (list.ok && list.exitCode === 0) {
      return { ok: true, facts: { source: 'lsusb', devices: parseLsusb(list.stdout, tree.ok && tree.exitCode === 0 ? tree.stdout : null) } };
    }
  }
  const bus = await ctx.files.list(root.replace(/\/usb\/devices$/, '')).catch(() => null);
  if (entries === null && bus !== null) return { ok: true, facts: { source: 'sysfs (no USB bus)', devices: [] } };
  return {
    ok: false,
    reason: 'Could not list the USB devices (no sysfs and no lsusb).',
    evidence: { source: 'sysfs', path: root },
    remediation: 'Ask IT to install usbutils on this workstation.',
  };
}
