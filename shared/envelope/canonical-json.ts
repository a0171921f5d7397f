/**
 * Canonical JSON: the one byte sequence both ends sign and verify.
 *
 * Rules (a subset of RFC 8785 that is exact for the values our schemas allow):
 * - object keys sorted by UTF-16 code units (JavaScript's default sort), members with an
 *   `undefined` value left out (as JSON.stringify does);
 * - no whitespace; strings and finite numbers written by JSON.stringify (ECMAScript's shortest
 *   round-trip form, which is what RFC 8785 specifies for numbers);
 * - arrays keep their order.
 * Non-finite numbers, bigint, functions and symbols cannot be signed and throw.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite numbers cannot be canonicalised');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
    }
    default:
      throw new CanonicalJsonError(`a ${typeof value} cannot be canonicalised`);
  }
}

/** A value that has no canonical JSON form (NaN, Infinity, bigint, function, symbol, undefined). */
export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
}
