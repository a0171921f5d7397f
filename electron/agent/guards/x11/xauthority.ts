/** One entry of an .Xauthority file. */
export interface XauthEntry {
  family: number;
  address: string;
  display: string;
  name: string;
  data: Uint8Array;
}

/** FamilyLocal (256) and FamilyWild (65535) from Xauth.h. */
const FAMILY_LOCAL = 256;
const FAMILY_WILD = 65535;

/** Parses the binary .Xauthority format (big-endian counted strings). Pure; stops at a truncated entry. */
export function parseXauthority(buf: Uint8Array): XauthEntry[] {
  const entries: XauthEntry[] = [];
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 0;
  const field = (): Uint8Array | null => {
    if (at + 2 > buf.length) return null;
    const len = view.getUint16(at);
    at += 2;
    if (at + len > buf.length) return null;
    const out = buf.subarray(at, at + len);
    at += len;
    return out;
  };
  const text = (b: Uint8Array) => new TextDecoder('latin1').decode(b);
  while (at + 2 <= buf.length) {
    const family = view.getUint16(at);
    at += 2;
    const address = field();
    const display = field();
    const name = field();
    const data = field();
    if (!address || !display || !name || !data) break;
    entries.push({ family, address: text(address), display: text(display), name: text(name), data: Uint8Array.from(data) });
  }
  return entries;
}

/** The MIT-MAGIC-COOKIE-1 for a local display, or null (then the client connects without auth). */
export function findCookie(entries: readonly XauthEntry[], display: number, hostname: string): Uint8Array | null {
  for (const e of entries) {
    if (e.name !== 'MIT-MAGIC-COOKIE-1') continue;
    if (e.display !== '' && e.display !== String(display)) continue;
    if (e.family === FAMILY_WILD || (e.family === FAMILY_LOCAL && e.address === hostname)) return e.data;
  }
  return null;
}
