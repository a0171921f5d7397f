import type { FirewallPart, PendingUpdates, UsbDevice, VolumeEncryption } from '../../../../shared/posture/facts';

/**
 * `fdesetup status` (any user): "FileVault is On." / "FileVault is Off." plus, while converting,
 * "Encryption in progress: Percent completed = 33.4" or "Decryption in progress: ...".
 */
export function parseFdesetupStatus(text: string): VolumeEncryption | null {
  const m = /FileVault is (On|Off)\b/.exec(text);
  if (!m) return null;
  const on = m[1] === 'On';
  // "Encryption in progress: Pending" (not on power) has no number: still a conversion.
  const progress = /(Encryption|Decryption) in progress\b(?::[^\d\n]*([\d.]+))?/.exec(text);
  const percent = progress?.[2] ? Number.parseFloat(progress[2]) : null;
  const converting = progress?.[1] ?? null;
  return {
    mount: 'Data volume',
    encrypted: on && converting === null,
    protectionOn: null,
    state: converting ? `${converting} in progress` : `FileVault is ${m[1]}`,
    percent: percent !== null && Number.isFinite(percent) ? percent : null,
  };
}

/**
 * `socketfilterfw --getglobalstate`: "Firewall is enabled. (State = 1)", "(State = 2)" when
 * blocking all (or with stealth on some versions), "Firewall is disabled. (State = 0)".
 * Any non-zero state is on.
 */
export function parseSocketFilterState(text: string): FirewallPart | null {
  const state = /\(State = (\d+)\)/.exec(text);
  if (state) return { name: 'application firewall', enabled: Number(state[1]) !== 0, detail: `State = ${state[1]}` };
  if (/Firewall is enabled/i.test(text)) return { name: 'application firewall', enabled: true, detail: 'enabled' };
  if (/Firewall is disabled/i.test(text)) return { name: 'application firewall', enabled: false, detail: 'disabled' };
  return null;
}

/** "0x0781  (SanDisk Corporation)" / "apple_vendor_id" / "0x05ac" → 4 hex digits. */
function hexId(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  if (v.startsWith('apple_vendor_id')) return '05ac';
  const m = /0x([0-9a-f]{1,4})/i.exec(v);
  return m ? (m[1] ?? '').toLowerCase().padStart(4, '0') : null;
}

/**
 * `system_profiler SPUSBDataType -json`: a tree of buses and devices under "_items". Devices have
 * vendor_id / product_id (strings); mass storage is recognisable by a "Media" array.
 * macOS 26 prints an empty SPUSBDataType and lists USB under SPUSBHostDataType instead
 * (USBDeviceKeyVendorID / USBDeviceKeyProductID, no "Media": storage cannot be told there).
 * A tree without a single bus is unreadable (null), never "no devices": every Mac has a bus.
 */
export function parseSpUsb(text: string): UsbDevice[] | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const record = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const legacy = record.SPUSBDataType;
  const top = Array.isArray(legacy) && legacy.length > 0 ? legacy : record.SPUSBHostDataType;
  if (!Array.isArray(top) || top.length === 0) return null;
  const out: UsbDevice[] = [];
  const walk = (node: Record<string, unknown>) => {
    const vid = hexId(node.vendor_id ?? node.USBDeviceKeyVendorID);
    const pid = hexId(node.product_id ?? node.USBDeviceKeyProductID);
    if (vid && pid) {
      const name = String(node._name ?? '').trim();
      out.push({ vendorId: vid, productId: pid, name, massStorage: Array.isArray(node.Media), hub: /\bhub\b/i.test(name) });
    }
    if (Array.isArray(node._items)) for (const child of node._items) if (child && typeof child === 'object') walk(child as Record<string, unknown>);
  };
  for (const bus of top) if (bus && typeof bus === 'object') walk(bus as Record<string, unknown>);
  return out;
}

/**
 * `softwareupdate --list --no-scan` (cached catalogue: no network): "* Label: ..." followed by a
 * tab-indented "Title: ..., Version: ..., Size: ..., Recommended: YES, Action: restart," line.
 * "No new software available." means none; a scan error means we do not know (null).
 * macOS updates and Security Responses count as security updates: Apple ships its security
 * fixes in them.
 */
export function parseSoftwareUpdateList(text: string): PendingUpdates | null {
  if (/Scan finished with error|Error Domain=/i.test(text)) return null;
  const labels = [...text.matchAll(/^\s*\* Label: (.+)$/gm)].map((m) => (m[1] ?? '').trim());
  const found = /found the following new or updated software/i.exec(text);
  if (labels.length === 0 && found) {
    // Before macOS 10.15: "   * <label>" (quoted as "- <label>" in places) then an indented
    // "Name (version), size [recommended] [restart]" line. Never read this as "nothing pending".
    const rest = text.slice(found.index);
    const old = [...rest.matchAll(/^\s*[*-] (.+)\r?\n\s+(.+?) \(([^)]*)\), \S+(?: \[[^\]]+\])*\s*$/gm)].map((m) => (m[2] ?? '').trim());
    if (old.length === 0) return null;
    const sec = old.filter((n) => /macOS|OS X Update|Security/i.test(n));
    return { total: old.length, security: sec.length, source: 'softwareupdate --list --no-scan', names: sec };
  }
  if (labels.length === 0) {
    return /No new software available/i.test(text) || /Software Update Tool/.test(text) ? { total: 0, security: 0, source: 'softwareupdate --list --no-scan', names: [] } : null;
  }
  const titles = [...text.matchAll(/^\s*Title: ([^,]+),/gm)].map((m) => (m[1] ?? '').trim());
  const names = titles.length === labels.length ? titles : labels;
  const security = names.filter((n) => /macOS|Security|Rapid Security Response|Background Security/i.test(n));
  return { total: labels.length, security: security.length, source: 'softwareupdate --list --no-scan', names: security };
}

/** Apple's silent data updates: frequent, so they say nothing about OS patching. */
const DATA_UPDATES = /XProtect|MRT|Gatekeeper|ConfigData|Config Data|Background Task|Compatibility Data|Malware Removal|Notarization|Bridge OS/i;

/** `system_profiler SPInstallHistoryDataType -json`: newest Apple OS/security install, ignoring data updates. */
export function parseInstallHistory(text: string): { at: string; name: string } | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const items = (data as Record<string, unknown>)?.SPInstallHistoryDataType;
  if (!Array.isArray(items)) return null;
  let best: { at: string; name: string } | null = null;
  for (const item of items as Record<string, unknown>[]) {
    const name = String(item._name ?? '');
    const at = typeof item.install_date === 'string' ? Date.parse(item.install_date) : Number.NaN;
    if (Number.isNaN(at) || DATA_UPDATES.test(name)) continue;
    if (item.package_source !== undefined && item.package_source !== 'package_source_apple') continue;
    if (!best || at > Date.parse(best.at)) best = { at: new Date(at).toISOString(), name };
  }
  return best;
}

/**
 * `sysadminctl -screenLock status` (printed on stderr with a log prefix): "screenLock delay is 300
 * seconds", "screenLock delay is immediate", "screenLock is off". Seconds after sleep or screen
 * saver before a password is needed; null for off; undefined when the text does not say.
 * "Immediately" is printed as "delay is immediate" (the form compliance scripts match on); the
 * shorter "screenLock is immediate" is accepted too. Anything else, such as a negative delay, is
 * left undefined so the check says unknown instead of guessing.
 */
export function parseScreenLockStatus(text: string): number | null | undefined {
  if (/screenLock is off/i.test(text)) return null;
  if (/screenLock (?:delay )?is immediate/i.test(text)) return 0;
  const m = /screenLock delay is (\d+) seconds/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** `pmset -g`: the " displaysleep   10" line (minutes; 0 = never). */
export function parsePmsetDisplaySleep(text: string): number | null {
  const m = /^\s*displaysleep\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : null;
}
