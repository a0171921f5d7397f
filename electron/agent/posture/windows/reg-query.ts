/** One value printed by `reg query`. */
export interface RegValue {
  name: string;
  type: string;
  data: string;
}

/**
 * Pure parser for `reg query KEY` output: "    ScreenSaveTimeOut    REG_SZ    600" lines under a
 * key header. reg.exe prints value names and REG_ types untranslated; a missing key is exit code 1.
 */
export function parseRegQuery(text: string): RegValue[] {
  const out: RegValue[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s{2,}(.+?)\s{2,}(REG_[A-Z_]+)(?:\s{2,}(.*))?$/.exec(line);
    if (m) out.push({ name: m[1] ?? '', type: m[2] ?? '', data: (m[3] ?? '').trim() });
  }
  return out;
}

/** A value's number: REG_DWORD "0x384" or decimal REG_SZ "600"; null otherwise. */
export function regNumber(values: readonly RegValue[], name: string): number | null {
  const v = values.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!v) return null;
  if (/^0x[0-9a-f]+$/i.test(v.data)) return Number.parseInt(v.data, 16);
  if (/^\d+$/.test(v.data)) return Number.parseInt(v.data, 10);
  return null;
}
