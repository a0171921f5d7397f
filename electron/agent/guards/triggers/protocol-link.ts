import { findPans } from '../../../../shared/pan';

/** What a shiftguard:// link asks for. */
export type SensitiveLink = { ok: true; action: 'start' | 'end'; source: string } | { ok: false; reason: string };

/** Integration source names: short, plain, safe to log. */
export const SOURCE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/**
 * Whether `source` is an acceptable source name: SOURCE_PATTERN, and not a card number (a source
 * is written to the audit log, evidence and reports, where no full card number may land).
 */
export function isValidSource(source: string): boolean {
  return SOURCE_PATTERN.test(source) && findPans(source).length === 0;
}

/**
 * Parses a custom-protocol link: shiftguard://sensitive/start[?source=NAME] or .../end. Pure; the
 * Electron side hands every shiftguard:// URL it receives to this and acts only on `ok`. Any web
 * page can open such a link, so a link only ever releases the trigger a link started.
 */
export function parseSensitiveLink(raw: string): SensitiveLink {
  if (raw.length > 2048) return { ok: false, reason: 'link too long' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'shiftguard:') return { ok: false, reason: 'not a shiftguard: link' };
  if (url.hostname !== 'sensitive') return { ok: false, reason: `unknown link target '${url.hostname.slice(0, 40)}'` };
  const action = url.pathname.replace(/\/+$/, '');
  if (action !== '/start' && action !== '/end') return { ok: false, reason: 'expected /start or /end' };
  const source = url.searchParams.get('source') ?? 'link';
  if (!isValidSource(source)) return { ok: false, reason: 'source must be 1-64 letters, digits, dot, dash or underscore, and not a card number' };
  return { ok: true, action: action === '/start' ? 'start' : 'end', source };
}
