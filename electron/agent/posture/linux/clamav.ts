/** What `sigtool --info <database>` says about a ClamAV database file. */
export interface SigtoolInfo {
  file: string | null;
  buildTime: Date | null;
  version: number | null;
  signatures: number | null;
  verified: boolean | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "09 Dec 2007 15:50 +0000" (sigtool's fixed, untranslated format) → Date. */
export function parseCvdTime(text: string): Date | null {
  const m = /^(\d{1,2}) (\w{3}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? ([+-])(\d{2})(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[2] ?? '');
  if (month < 0) return null;
  const offsetMin = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  const utc = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  return new Date(utc - offsetMin * 60_000);
}

/** Pure parser for `sigtool --info`; null when no "Build time" line is present. */
export function parseSigtoolInfo(text: string): SigtoolInfo | null {
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(text)?.[1]?.trim() ?? null;
  const build = field('Build time');
  if (build === null) return null;
  const num = (v: string | null) => (v !== null && /^\d+$/.test(v) ? Number(v) : null);
  return {
    file: field('File'),
    buildTime: parseCvdTime(build),
    version: num(field('Version')),
    signatures: num(field('Signatures')),
    verified: /Verification OK/.test(text) ? true : /Verification FAILED|Digital signature verification error/i.test(text) ? false : null,
  };
}
