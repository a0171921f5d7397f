import { PolicySchema, type Policy } from './schema';

/**
 * The built-in policy that applies before enrollment or any pushed policy. Clipboard scrub is on,
 * so a fresh install already keeps card numbers off the clipboard; everything else is audit-level
 * where a wrong guess would block an agent's shift.
 */
export const DEFAULT_POLICY: Policy = PolicySchema.parse({ name: 'Built-in default', version: 0 });
