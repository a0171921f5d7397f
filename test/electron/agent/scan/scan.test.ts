import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../../../electron/agent/scan/scan-run';
import { docx, makeZip, odt, xlsx } from './make-zip';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../../..');

/** Planted numbers: public test cards. None may ever appear in output. */
const VISA = '4111111111111111';
const MC = '5555555555554444';
const AMEX = '378282246310005';
const JCB = '3530111333300000';
const UNIONPAY19 = '6205500000000000004';
const DISCOVER = '6011111111111117';
const DINERS = '36227206271667';
const MAESTRO = '6304000000000000';
const ALL = [VISA, MC, AMEX, JCB, UNIONPAY19, DISCOVER, DINERS, MAESTRO];

let dir: string;

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function hashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) visit(full);
      else if (e.isFile()) out[full] = sha(full);
    }
  };
  visit(root);
  return out;
}

const arabic = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x660 + Number(d)));

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shiftguard-scan-'));
  writeFileSync(path.join(dir, 'notes.txt'), `Call 1\nCustomer gave card ${VISA.replace(/(\d{4})(?=\d)/g, '$1 ')} exp 09/27\nphone +44 7911 123456\n`);
  writeFileSync(path.join(dir, 'export.csv'), `id,name,card\n1,Anna,${MC}\n2,Omar,4111 **** **** 1111\n`);
  writeFileSync(path.join(dir, 'chat.json'), JSON.stringify({ messages: [{ text: `my amex is ${AMEX}` }] }));
  writeFileSync(path.join(dir, 'page.html'), `<p>Card: <b>${JCB}</b></p>`);
  writeFileSync(path.join(dir, 'unicode.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`بطاقة ${arabic(DISCOVER)}\r\n`, 'utf16le')]));
  writeFileSync(path.join(dir, 'latin1.log'), Buffer.concat([Buffer.from('caf\xe9 cr\xe8me ', 'latin1'), Buffer.from(`${DINERS}\n`)]));
  writeFileSync(path.join(dir, 'wordpad.rtf'), `{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}{\\*\\generator Riched20 10.0;}\\f0 Card \\u1638?\\u1635?\\u1632?\\u1636?${MAESTRO.slice(4)}\\par Thanks\\par}`);
  writeFileSync(path.join(dir, 'notes.docx'), docx([['Customer called.'], ['Card 4111 11', '11 1111 1111 thanks'], ['Bye']]));
  writeFileSync(path.join(dir, 'cards.xlsx'), xlsx('Payments', [{ ref: 'A1', shared: 'name' }, { ref: 'B1', shared: MC }, { ref: 'C1', inline: `x ${JCB}` }, { ref: 'D1', number: AMEX }]));
  writeFileSync(path.join(dir, 'memo.odt'), odt([`Carta <text:span>${VISA.slice(0, 8)}</text:span><text:s/>${VISA.slice(8)}`]));
  const db = new Database(path.join(dir, 'plum.sqlite'));
  db.exec('CREATE TABLE Note (Id TEXT, Text TEXT, Num INTEGER, Body BLOB)');
  db.prepare('INSERT INTO Note VALUES (?, ?, ?, ?)').run('n1', `\\id=abc sticky: ${UNIONPAY19}`, BigInt(VISA), Buffer.from(`blob ${MC}`));
  db.close();
  writeFileSync(path.join(dir, 'image.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(VISA)]));
  writeFileSync(path.join(dir, 'broken.docx'), Buffer.from('PK not really a zip'));
  symlinkSync(path.join(dir, 'notes.txt'), path.join(dir, 'link.txt'));
  // A card that straddles the 1 MiB read chunk boundary of the text scanner.
  const pad = `${'lorem ipsum '.repeat(100_000).slice(0, (1 << 20) - 9)} `;
  writeFileSync(path.join(dir, 'big.log'), `${pad}${VISA} end\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('discovery scan', () => {
  it('finds cards in every supported format, with locations, and reports what it skipped', async () => {
    const before = hashes(dir);
    const report = await runScan([dir], { maxBytes: 50 << 20, redact: false, keepOriginal: false });
    const got = report.findings.map((f) => `${path.basename(f.file)} ${f.location} ${f.last4}`).sort();
    expect(got).toEqual(
      [
        'big.log line 1 1111',
        'cards.xlsx Payments!B1 4444',
        'cards.xlsx Payments!C1 0000',
        'cards.xlsx Payments!D1 0005',
        'chat.json line 1 0005',
        'export.csv line 2 4444',
        'latin1.log line 1 1667',
        'memo.odt content.xml paragraph 1 1111',
        'notes.docx word/document.xml paragraph 2 1111',
        'notes.txt line 2 1111',
        'page.html line 1 0000',
        'plum.sqlite table Note, row 1, column Body 4444',
        'plum.sqlite table Note, row 1, column Num 1111',
        'plum.sqlite table Note, row 1, column Text 0004',
        'unicode.txt line 1 1117',
        'wordpad.rtf paragraph 1 0000',
      ].sort(),
    );
    const skips = report.skips.map((s) => `${path.basename(s.file)} ${s.reason}`).sort();
    expect(skips).toEqual(['broken.docx unreadable', 'image.png binary', 'link.txt not-a-file']);
    expect(hashes(dir)).toEqual(before);
  });

  it('skips files over the size limit and says so', async () => {
    const report = await runScan([path.join(dir, 'big.log'), path.join(dir, 'notes.txt')], { maxBytes: 1000, redact: false, keepOriginal: false });
    expect(report.skips).toEqual([{ file: path.join(dir, 'big.log'), reason: 'too-large', detail: `${statSync(path.join(dir, 'big.log')).size} bytes` }]);
    expect(report.findings.map((f) => f.last4)).toEqual(['1111']);
  });

  it('prints masked findings only, never a full number, with exit code 1; JSON too', async () => {
    for (const args of [[], ['--json'], ['--verbose']]) {
      const result = await run('node', [path.join(ROOT, 'bin/shiftguard.js'), 'scan', ...args, dir]).then(
        () => ({ code: 0, stdout: '', stderr: '' }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      expect(result.code).toBe(1);
      const out = result.stdout + result.stderr;
      expect(out).toContain('**** **** **** 1111');
      for (const n of ALL) {
        expect(out).not.toContain(n);
        expect(out).not.toContain(arabic(n));
      }
      if (args[0] === '--json') expect(JSON.parse(result.stdout).findings.length).toBe(16);
    }
  });

  it('exits 0 when nothing is found and 2 for a path that does not exist', async () => {
    const clean = mkdtempSync(path.join(os.tmpdir(), 'shiftguard-clean-'));
    writeFileSync(path.join(clean, 'a.txt'), 'nothing here, order 2024-000123, +44 7911 123456\n');
    const ok = await run('node', [path.join(ROOT, 'bin/shiftguard.js'), 'scan', clean]);
    expect(ok.stdout).toContain('No card numbers found');
    const missing = await run('node', [path.join(ROOT, 'bin/shiftguard.js'), 'scan', path.join(clean, 'nope')]).catch((e: { code: number; stdout: string }) => e);
    expect((missing as { code: number }).code).toBe(2);
    rmSync(clean, { recursive: true, force: true });
  });

  it('--redact masks plain-text files atomically, keeps encoding and mode, leaves documents alone', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'shiftguard-redact-'));
    const notes = path.join(work, 'notes.txt');
    writeFileSync(notes, `card ${VISA} and 4111 **** **** 1111\n`);
    chmodSync(notes, 0o640);
    const u16 = path.join(work, 'u16.txt');
    writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`بطاقة ${arabic(MC)}\r\n`, 'utf16le')]));
    const latin = path.join(work, 'l1.log');
    const latinBytes = Buffer.concat([Buffer.from('cr\xe8me ', 'latin1'), Buffer.from(`${AMEX}\n`)]);
    writeFileSync(latin, latinBytes);
    const doc = path.join(work, 'notes.docx');
    writeFileSync(doc, docx([[`Card ${VISA}`]]));
    const docHash = sha(doc);
    const report = await runScan([work], { maxBytes: 50 << 20, redact: true, keepOriginal: true });
    expect(readFileSync(notes, 'utf8')).toBe('card ************1111 and 4111 **** **** 1111\n');
    expect(statSync(notes).mode & 0o777).toBe(0o640);
    expect(readFileSync(`${notes}.shiftguard-original`, 'utf8')).toContain(VISA);
    const u16Bytes = readFileSync(u16);
    expect([...u16Bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(u16Bytes.subarray(2).toString('utf16le')).toBe(`بطاقة ************${arabic('4444')}\r\n`);
    const latinAfter = readFileSync(latin);
    expect(latinAfter.length).toBe(latinBytes.length);
    expect(latinAfter.toString('latin1')).toBe('cr\xe8me ***********0005\n');
    expect(sha(doc)).toBe(docHash);
    expect(report.redactions.find((r) => r.file === doc)?.notRedacted).toMatch(/not a plain-text format/);
    expect(readdirSync(work).filter((n) => n.includes('shiftguard-tmp'))).toEqual([]);
    // Without --keep-original no copy is left behind.
    const second = path.join(work, 'second.txt');
    writeFileSync(second, `x ${JCB}\n`);
    await runScan([second], { maxBytes: 50 << 20, redact: true, keepOriginal: false });
    expect(readFileSync(second, 'utf8')).toBe('x ************0000\n');
    expect(readdirSync(work).filter((n) => n.startsWith('second'))).toEqual(['second.txt']);
    rmSync(work, { recursive: true, force: true });
  });

  it('reads a zip with stored (uncompressed) and deflated entries and refuses a zip bomb', async () => {
    const { listZipEntries, readZipEntry } = await import('../../../../electron/agent/scan/zip-reader');
    const zip = makeZip({ 'a.xml': 'hello', 'big.xml': '0'.repeat(100_000) });
    const entries = listZipEntries(zip);
    expect(entries.map((e) => e.name)).toEqual(['a.xml', 'big.xml']);
    expect(readZipEntry(zip, entries[0]!, 1000).toString()).toBe('hello');
    expect(() => readZipEntry(zip, entries[1]!, 1000)).toThrow(/cannot inflate/);
  });
});
