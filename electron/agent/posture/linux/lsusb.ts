import type { UsbDevice } from '../../../../shared/posture/facts';

/**
 * Pure parsers for usbutils. `lsusb` gives "Bus 002 Device 003: ID 046d:c018 Logitech, Inc. Mouse";
 * `lsusb -t` gives the interface tree ("/:  Bus 02.Port 1: Dev 1, ..." then
 * "|__ Port 3: Dev 2, If 0, Class=Mass Storage, Driver=usb-storage, 5000M"). Joined on bus and
 * device number, a device is mass storage when any interface has that class or a storage driver.
 * `lsusb -v` output works too: its "bInterfaceClass 8 Mass Storage" lines mark the device above them.
 */
export function parseLsusb(list: string, tree: string | null): UsbDevice[] {
  const storage = tree === null ? new Set<string>() : massStorageKeys(tree);
  const out: UsbDevice[] = [];
  let current: UsbDevice | null = null;
  for (const line of list.split(/\r?\n/)) {
    // `lsusb -v` repeats the header per device and lists its interfaces below it.
    if (current && /^\s+bInterfaceClass\s+8\b/.test(line)) {
      current.massStorage = true;
      continue;
    }
    const m = /^Bus (\d+) Device (\d+): ID ([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\s*(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, bus = '', dev = '', vid = '', pid = '', name = ''] = m;
    const key = `${Number(bus)}-${Number(dev)}`;
    current = {
      vendorId: vid.toLowerCase(),
      productId: pid.toLowerCase(),
      name: name.trim(),
      massStorage: storage.has(key),
      hub: /\bhub\b/i.test(name) || vid.toLowerCase() === '1d6b',
    };
    out.push(current);
  }
  return out;
}

/** "bus-dev" keys of devices with a mass storage interface in `lsusb -t` output. */
export function massStorageKeys(tree: string): Set<string> {
  const keys = new Set<string>();
  let bus = 0;
  for (const line of tree.split(/\r?\n/)) {
    const b = /Bus (\d+)\.Port/.exec(line);
    if (b) {
      bus = Number(b[1]);
      continue;
    }
    const d = /Dev (\d+), If \d+, Class=([^,]+), Driver=([^,\s]*)/.exec(line);
    if (!d) continue;
    const [, dev = '', cls = '', driver = ''] = d;
    if (/mass storage/i.test(cls) || driver === 'usb-storage' || driver === 'uas') keys.add(`${bus}-${Number(dev)}`);
  }
  return keys;
}
