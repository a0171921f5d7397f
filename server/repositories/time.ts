/** ISO text of an epoch-milliseconds column value. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** ISO text of a nullable epoch-milliseconds column value. */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
