import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');

/**
 * A captured OS output from test/fixtures/guards/<os>/<file>, its provenance in that folder's
 * SOURCES.md. Read as UTF-8 because the localised captures carry non-ASCII text.
 */
export function guardFixture(os: 'windows' | 'macos', file: string): string {
  return readFileSync(path.join(ROOT, 'test', 'fixtures', 'guards', os, file), 'utf8');
}
