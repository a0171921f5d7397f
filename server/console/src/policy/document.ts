import { PolicySchema } from '../../../../shared/policy/schema';

/** A JSON-like value as it sits in a policy document. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Reads a dotted path. */
export function getAt(doc: Json, path: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** A copy of `doc` with `path` set to `value` (undefined removes it); intermediate objects are made. */
export function setAt(doc: Json, path: string, value: Json | undefined): Json {
  const [head, ...rest] = path.split('.');
  const base: { [key: string]: Json } = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? { ...doc } : {};
  if (head === undefined) return doc;
  if (rest.length === 0) {
    if (value === undefined) delete base[head];
    else base[head] = value;
    return base;
  }
  base[head] = setAt(base[head] ?? {}, rest.join('.'), value);
  return base;
}

/**
 * Validates a document with the shared PolicySchema, as the server does on save and publish.
 * Errors are keyed by the dotted path of the failing field; a list item's error (e.g.
 * `posture.usb.allowList.2`) is also keyed under its list, so it shows at the list's input.
 */
export function validatePolicy(doc: Json, formPaths: readonly string[]): { errors: Map<string, string>; ok: boolean } {
  const result = PolicySchema.safeParse(doc);
  const errors = new Map<string, string>();
  if (result.success) return { errors, ok: true };
  for (const issue of result.error.issues) {
    const full = issue.path.map(String).join('.');
    const target = formPaths.find((p) => full === p || full.startsWith(`${p}.`)) ?? full;
    const suffix = full !== target && full.length > target.length ? ` (${full.slice(target.length + 1)})` : '';
    if (!errors.has(target)) errors.set(target, `${issue.message}${suffix}`);
  }
  return { errors, ok: false };
}

/** Leaf values of a document by dotted path (arrays are leaves), for diffs. */
export function flatten(doc: Json, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    for (const [k, v] of Object.entries(doc)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, JSON.stringify(doc));
  }
  return out;
}

/** One changed leaf between two documents. */
export interface DiffRow {
  path: string;
  before: string | undefined;
  after: string | undefined;
}

/** Leaves that differ, after both documents are completed with the schema's defaults. */
export function diffPolicies(published: Json | null, draft: Json): DiffRow[] {
  const complete = (d: Json | null): Json => {
    const parsed = PolicySchema.safeParse(d ?? {});
    return (parsed.success ? parsed.data : d) as Json;
  };
  const a = published === null ? new Map<string, string>() : flatten(complete(published));
  const b = flatten(complete(draft));
  const rows: DiffRow[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    if (path === 'version') continue;
    if (a.get(path) !== b.get(path)) rows.push({ path, before: a.get(path), after: b.get(path) });
  }
  return rows.sort((x, y) => x.path.localeCompare(y.path));
}
