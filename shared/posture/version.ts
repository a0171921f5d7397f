/** Compares dotted numeric versions ("10.0.19045" vs "10.0.22631"): negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10));
  const pb = b.split('.').map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    const nx = Number.isNaN(x) ? 0 : x;
    const ny = Number.isNaN(y) ? 0 : y;
    if (nx !== ny) return nx - ny;
  }
  return 0;
}

/** The leading dotted-number part of a version string ("13.3.1 (a)" → "13.3.1"), or null. */
export function dottedVersion(text: string): string | null {
  const m = /\d+(?:\.\d+)*/.exec(text);
  return m ? m[0] : null;
}
