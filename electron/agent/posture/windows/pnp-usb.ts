import type { UsbDevice } from '../../../../shared/posture/facts';
import type { PsRecord } from './ps-output';

const USB_ID = /^USB\\VID_([0-9A-F]{4})&PID_([0-9A-F]{4})(&MI_[0-9A-F]{2})?\\(.*)$/i;
const STORAGE_SERVICES = new Set(['usbstor', 'uaspstor']);

/**
 * Pure reader of PnP entities (Win32_PnPEntity: PNPDeviceID, Name, Service; or Get-PnpDevice:
 * InstanceId, FriendlyName, Class). Devices are "USB\VID_xxxx&PID_yyyy\<instance>"; interfaces of
 * composite devices carry "&MI_nn" and are folded into their device. Mass storage: the USBSTOR or
 * UASPStor driver on the device or one of its interfaces. Root hubs (no VID) are skipped.
 */
export function usbDevicesFromPnp(records: readonly PsRecord[]): UsbDevice[] {
  const devices = new Map<string, UsbDevice>();
  const storageIds = new Set<string>();
  const interfaceOnly = new Map<string, UsbDevice>();
  for (const r of records) {
    const id = String(r.PNPDeviceID ?? r.InstanceId ?? r.DeviceID ?? '').replace(/&amp;/g, '&');
    const m = USB_ID.exec(id);
    if (!m) continue;
    const [, vid = '', pid = '', iface] = m;
    const key = `${vid}:${pid}`.toLowerCase();
    const service = String(r.Service ?? '').toLowerCase();
    if (STORAGE_SERVICES.has(service)) storageIds.add(key);
    const name = String(r.Name ?? r.FriendlyName ?? r.Caption ?? '').trim();
    if (iface) {
      interfaceOnly.set(key, { vendorId: vid.toLowerCase(), productId: pid.toLowerCase(), name, massStorage: false, hub: false });
      continue;
    }
    const hub = /^usbhub/i.test(service) || /\bhub\b/i.test(name);
    devices.set(`${key}\\${m[4] ?? ''}`, { vendorId: vid.toLowerCase(), productId: pid.toLowerCase(), name, massStorage: false, hub });
  }
  // An interface whose parent device was not listed still proves the device is connected.
  const seen = new Set([...devices.values()].map((d) => `${d.vendorId}:${d.productId}`));
  for (const [key, d] of interfaceOnly) if (!seen.has(key)) devices.set(key, d);
  return [...devices.values()].map((d) => ({ ...d, massStorage: storageIds.has(`${d.vendorId}:${d.productId}`) }));
}
