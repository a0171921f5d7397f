/** A gsettings value as printed by `gsettings get`: "uint32 300", "true", "'string'". */
export type GsettingsValue = { kind: 'number'; value: number } | { kind: 'boolean'; value: boolean } | { kind: 'string'; value: string };

/**
 * Pure parser for one `gsettings get SCHEMA KEY` answer; null for anything else (including
 * "No such schema" / "No such key", which gsettings prints on stderr with exit code 1).
 */
export function parseGsettingsValue(text: string): GsettingsValue | null {
  const t = text.trim();
  const n = /^(?:u?int(?:16|32|64)|byte|double)?\s*(-?\d+(?:\.\d+)?)$/.exec(t);
  if (n) return { kind: 'number', value: Number(n[1]) };
  if (t === 'true' || t === 'false') return { kind: 'boolean', value: t === 'true' };
  const s = /^'(.*)'$/.exec(t);
  if (s) return { kind: 'string', value: s[1] ?? '' };
  return null;
}
