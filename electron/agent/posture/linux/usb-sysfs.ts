import type { UsbDevice } from '../../../../shared/posture/facts';

/**
 * Pure parser for the USB part of sysfs, given as "path:value" lines, the shape of
 * `grep -H . /sys/bus/usb/devices/*\/{idVendor,idProduct,product,manufacturer,bDeviceClass,bInterfaceClass}`.
 * Device directories are named like "1-1.2" (root hubs "usb1"); interfaces "1-1.2:1.0". A device
 * is mass storage when one of its interfaces has bInterfaceClass 08 (USB mass storage class).
 */
export function parseUsbSysfs(text: string): UsbDevice[] {
  const devices = new Map<string, Record<string, string>>();
  const storageParents = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^(?:.*\/)?([^/:\s]+(?::\d+\.\d+)?)\/(\w+):(.*)$/.exec(raw.trim());
    if (!m) continue;
    const [, entry = '', attr = '', value = ''] = m;
    const [device = '', iface] = entry.split(':');
    if (iface !== undefined) {
      if (attr === 'bInterfaceClass' && value.trim().toLowerCase() === '08') storageParents.add(device);
      continue;
    }
    const attrs = devices.get(device) ?? {};
    attrs[attr] = value.trim();
    devices.set(device, attrs);
  }
  const out: UsbDevice[] = [];
  for (const [name, attrs] of [...devices].sort(([a], [b]) => a.localeCompare(b))) {
    if (!attrs.idVendor || !attrs.idProduct) continue;
    const hub = attrs.bDeviceClass === '09' || name.startsWith('usb');
    out.push({
      vendorId: attrs.idVendor.toLowerCase(),
      productId: attrs.idProduct.toLowerCase(),
      name: [attrs.manufacturer, attrs.product].filter(Boolean).join(' ') || name,
      massStorage: storageParents.has(name) || attrs.bDeviceClass === '08',
      hub,
    });
  }
  return out;
}

/** The sysfs attributes the parser reads. */
export const USB_DEVICE_ATTRS = ['idVendor', 'idProduct', 'manufacturer', 'product', 'bDeviceClass'] as const;
