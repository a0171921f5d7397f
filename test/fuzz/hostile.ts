import type { Prng } from '../helpers/prng';

/** Strings that have broken parsers, routers, databases and loggers somewhere before. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '9'.repeat(400),
  "' OR 1=1 --",
  '"; DROP TABLE reports; --',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '%',
  '%zz',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  '\uD800',
  '\uFFFF\uFFFE',
  '\u202Egnp.exe',
  'ẞ̵̧̛̖͎͇̠̈́̎͗̕',
  '٤١١١١١١١١١١١١١١١',
  '4111 1111 1111 1111',
  'x'.repeat(70_000),
  '\r\n\r\nHTTP/1.1 200 OK',
  'ShiftGuard-Device a.b.c',
  '00000000-0000-0000-0000-000000000000',
  '2099-01-01T00:00:00.000Z',
  '1970-01-01T00:00:00Z',
];

/** A random JSON-ish value: scalars, hostile strings, deep nesting, prototype keys, huge arrays. */
export function hostileValue(rng: Prng, depth = 0): unknown {
  const roll = rng.int(depth > 3 ? 6 : 11);
  switch (roll) {
    case 0:
      return rng.pick(HOSTILE_STRINGS);
    case 1:
      return rng.pick([0, -1, 1.5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e300, 2 ** 31]);
    case 2:
      return rng.pick([true, false, null]);
    case 3:
      return randomString(rng, rng.int(40));
    case 4:
      return rng.pick(HOSTILE_STRINGS) + randomString(rng, 5);
    case 5:
      return rng.int(2) ? [] : {};
    case 6: {
      const out: Record<string, unknown> = {};
      const n = rng.int(6);
      for (let i = 0; i < n; i++) out[rng.chance(0.3) ? rng.pick(['__proto__', 'constructor', 'prototype', '', 'kind', 'id']) : randomString(rng, 8)] = hostileValue(rng, depth + 1);
      return out;
    }
    case 7:
      return Array.from({ length: rng.int(5) }, () => hostileValue(rng, depth + 1));
    case 8:
      return nested(rng.int(2) ? 'array' : 'object', 200 + rng.int(2000));
    case 9:
      return Array.from({ length: 2000 + rng.int(5000) }, (_, i) => i);
    default:
      return JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"polluted":true}}}') as unknown;
  }
}

/** Text of a JSON document nested `depth` levels deep (built as text: JSON.stringify would recurse). */
export function nestedJson(kind: 'array' | 'object', depth: number): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

function nested(kind: 'array' | 'object', depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

const ALPHABET = 'abcXYZ019 -_.:/\\"\'{}[]<>%&?=#@\u0000\u00e9\u4e2d\ud83d\ude00\n\t';

export function randomString(rng: Prng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += [...ALPHABET][rng.int([...ALPHABET].length)];
  return s;
}

/** A request body as text: valid JSON of a hostile value, truncated or broken JSON, or not JSON at all. */
export function hostileBody(rng: Prng, valid?: unknown): string {
  const roll = rng.int(10);
  if (roll < 3 && valid !== undefined) return JSON.stringify(mutate(rng, valid));
  if (roll === 3) return JSON.stringify(hostileValue(rng)).slice(0, 1 + rng.int(20));
  if (roll === 4) return nestedJson(rng.int(2) ? 'array' : 'object', 5000 + rng.int(20000));
  if (roll === 5) return randomString(rng, rng.int(200));
  if (roll === 6) return '{"a":"' + 'y'.repeat(300_000 + rng.int(800_000)) + '"}';
  return JSON.stringify(hostileValue(rng)) ?? 'null';
}

/** A copy of a valid document with one field replaced, removed or added. */
export function mutate(rng: Prng, valid: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(valid)) as unknown;
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, p: (string | number)[]) => {
    paths.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
  };
  walk(copy, []);
  const target = rng.pick(paths);
  if (target.length === 0) return hostileValue(rng);
  let parent = copy as Record<string | number, unknown>;
  for (const key of target.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = target[target.length - 1] as string | number;
  const op = rng.int(3);
  if (op === 0) delete parent[last];
  else if (op === 1) parent[last] = hostileValue(rng);
  else (parent as Record<string, unknown>)[rng.pick(['__proto__', 'extra', 'constructor'])] = hostileValue(rng);
  return copy;
}

/** Percent-encodes the UTF-8 bytes of any string (lone surrogates included, as U+FFFD). */
export function encode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');
}
