import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesHoldingPlantedPans, holdsPlantedPan } from './planted-pans';

describe('planted-pans helper: a leak in any form is found', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'planted-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds planted numbers in every supported script and with any separators', () => {
    for (const text of [
      'x 4111111111111111 y',
      '4111 1111 1111 1111',
      '5555-5555-5555-4444',
      '3782 822463 10005',
      '4111.1111.1111.1111',
      '4111\u00a01111\u200f1111\u20131111',
      '4111 - 1111\r\n1111 1111',
      '٤١١١ ١١١١ ١١١١ ١١١١',
      '۵۵۵۵۵۵۵۵۵۵۵۵۴۴۴۴',
      '４１１１\u3000１１１１\u3000１１１１\u3000１１１１',
      '٤١١١1111۱۱۱۱１１１１',
      '["4","1","1","1","1","1","1","1","1","1","1","1","1","1","1","1"]',
      '"\\u0664\\u0661\\u0661\\u0661 1111 1111 1111"',
      '&#52;111111111111111',
    ]) {
      expect(holdsPlantedPan(text), text).toBe(true);
    }
  });

  it('does not string unrelated numbers together', () => {
    for (const text of ['**** **** **** 1111', '{"last4":"1111","length":16}', '4111 card 111111111111', '4111 **** **** 1111', '']) {
      expect(holdsPlantedPan(text), text).toBe(false);
    }
  });

  it('reads files as UTF-8, UTF-16 (both byte orders) and single-byte text', () => {
    writeFileSync(path.join(dir, 'clean.txt'), 'card **** **** **** 1111\n');
    writeFileSync(path.join(dir, 'utf8.txt'), 'بطاقة ٤١١١ ١١١١ ١١١١ ١١١١\n');
    writeFileSync(path.join(dir, 'utf16le.txt'), Buffer.from('card 5555 5555 5555 4444', 'utf16le'));
    writeFileSync(path.join(dir, 'utf16be.txt'), Buffer.from('بطاقة ٣٧٨٢ ٨٢٢٤٦٣ ١٠٠٠٥', 'utf16le').swap16());
    expect(filesHoldingPlantedPans(dir, { console: 'a 3782-822463-10005', quiet: 'nothing' }).map((p) => path.basename(p)).sort()).toEqual([
      'console',
      'utf16be.txt',
      'utf16le.txt',
      'utf8.txt',
    ]);
  });
});
