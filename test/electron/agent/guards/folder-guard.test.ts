import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, type AuditEntry } from '../../../../electron/agent/guards/audit-log';
import { EvidenceRecorder } from '../../../../electron/agent/guards/evidence';
import { FolderGuard, type FolderAction } from '../../../../electron/agent/guards/folder-guard';
import type { GuardActionEvent } from '../../../../electron/agent/guards/guard-event';
import { sniffUtf16 } from '../../../../electron/agent/scan/text-encoding';
import { waitFor } from '../../../helpers/poll';
import { makeTempDir } from '../../../helpers/temp-dir';
import { docx, odt, xlsx } from '../scan/make-zip';

/** Public test card numbers; none may appear in the audit log, the evidence or the events. */
const VISA = '4111111111111111';
const MC = '5555555555554444';
const AMEX = '378282246310005';

const tmp = makeTempDir('shiftguard-folder-');
afterAll(() => tmp.cleanup());

let n = 0;
let notes: string;
let quarantine: string;
let audit: AuditLog;
let entries: AuditEntry[];
let events: Omit<GuardActionEvent, 'at'>[];

beforeEach(() => {
  // A fresh folder per test: the guard is driven directly (inspect) or by watching.
  const root = path.join(tmp.dir, `t${++n}`);
  notes = path.join(root, 'notes');
  quarantine = path.join(root, 'quarantine');
  mkdirSync(notes, { recursive: true });
  audit = new AuditLog(path.join(root, 'audit.jsonl'));
  entries = [];
  events = [];
  audit.onEntry((e) => entries.push(e));
});

function guard(action: FolderAction): FolderGuard {
  return new FolderGuard([notes], action, quarantine, { audit, evidence: new EvidenceRecorder(path.join(notes, '..', 'evidence')), now: () => new Date(), event: (e) => events.push(e) }, 20);
}

/** What Notepad writes for "Unicode": a UTF-16LE byte-order mark, then UTF-16LE. */
function utf16le(text: string, bom = true): Buffer {
  return Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
}

function utf16be(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
}

const types = () => entries.map((e) => e.type);

/** Nothing the guard wrote (audit file, events) holds a full card number. */
async function expectNoFullNumbers(): Promise<void> {
  await audit.flush();
  const written = existsSync(audit.file) ? readFileSync(audit.file, 'utf8') : '';
  for (const pan of [VISA, MC, AMEX]) {
    expect(written).not.toContain(pan);
    expect(JSON.stringify(events)).not.toContain(pan);
  }
}

describe('FolderGuard: UTF-16 notes', () => {
  it('redacts a UTF-16LE-with-BOM note in place; it stays UTF-16LE with its BOM and keeps its permissions', async () => {
    const file = path.join(notes, 'call notes.txt');
    const text = `Caller: José Müller\r\nCard ${VISA} exp 11/26\r\nAlt card 5555 5555 5555 4444\r\n`;
    writeFileSync(file, utf16le(text));
    chmodSync(file, 0o640);
    await guard('redact').inspect(file);

    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.length).toBe(utf16le(text).length); // same length: only digits changed
    const decoded = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2));
    expect(decoded).toBe('Caller: José Müller\r\nCard ************1111 exp 11/26\r\nAlt card **** **** **** 4444\r\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(notes)).toEqual(['call notes.txt']); // no temporary file left behind

    const redacted = entries.find((e) => e.type === 'folder.redacted');
    expect(redacted).toMatchObject({ file: 'call notes.txt', encoding: 'utf-16le', cardNumbers: [{ brand: 'visa', last4: '1111' }, { brand: 'mastercard', last4: '4444' }] });
    expect(events).toEqual([expect.objectContaining({ guard: 'notes-folder', action: 'redacted', subject: 'call notes.txt' })]);
    await expectNoFullNumbers();
  });

  it('redacts a UTF-16BE-with-BOM note and keeps it big-endian', async () => {
    const file = path.join(notes, 'be.txt');
    writeFileSync(file, utf16be(`amex ${AMEX}\n`));
    await guard('redact').inspect(file);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 2)]).toEqual([0xfe, 0xff]);
    expect(new TextDecoder('utf-16be', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2))).toBe('amex ***********0005\n');
    await expectNoFullNumbers();
  });

  it('redacts UTF-16LE without a BOM (sniffed) and does not add one', async () => {
    const file = path.join(notes, 'nobom.log');
    writeFileSync(file, utf16le(`ticket 81\ncard ${MC}\n`, false));
    await guard('redact').inspect(file);
    const bytes = readFileSync(file);
    expect(bytes.toString('utf16le')).toBe('ticket 81\ncard ************4444\n');
    expect(entries.find((e) => e.type === 'folder.redacted')).toMatchObject({ encoding: 'utf-16le' });
  });

  it('leaves a UTF-16 note without card data untouched and says nothing', async () => {
    const file = path.join(notes, 'clean.txt');
    const original = utf16le('Order 12345678, ticket 2024-11-05, phone +44 20 7946 0958\r\n');
    writeFileSync(file, original);
    const before = statSync(file);
    for (const action of ['redact', 'quarantine', 'report'] as const) await guard(action).inspect(file);
    expect(readFileSync(file).equals(original)).toBe(true);
    expect(statSync(file).ino).toBe(before.ino); // not rewritten, not replaced
    expect(entries).toEqual([]);
    expect(existsSync(quarantine)).toBe(false);
  });

  it('quarantines and reports UTF-16 notes like UTF-8 ones', async () => {
    const q = path.join(notes, 'q.txt');
    writeFileSync(q, utf16le(`card ${VISA}`));
    await guard('quarantine').inspect(q);
    expect(existsSync(q)).toBe(false);
    const [moved] = readdirSync(quarantine);
    expect(moved).toMatch(/^\d+-q\.txt$/);
    expect(readFileSync(path.join(quarantine, moved!)).equals(utf16le(`card ${VISA}`))).toBe(true);

    const r = path.join(notes, 'r.txt');
    writeFileSync(r, utf16le(`card ${VISA}`));
    await guard('report').inspect(r);
    expect(readFileSync(r).equals(utf16le(`card ${VISA}`))).toBe(true);
    expect(types()).toEqual(['folder.quarantined', 'folder.detected']);
    await expectNoFullNumbers();
  });

  it('quarantines, rather than rewrites, a UTF-16 note whose bytes would not survive re-encoding', async () => {
    const file = path.join(notes, 'odd.txt');
    // A lone surrogate: decoding and encoding again would not give back the same bytes.
    const original = Buffer.concat([utf16le(`card ${VISA} `), Buffer.from([0x01, 0xd8]), Buffer.from('end', 'utf16le')]);
    writeFileSync(file, original);
    await guard('redact').inspect(file);
    expect(existsSync(file)).toBe(false);
    const [moved] = readdirSync(quarantine);
    expect(readFileSync(path.join(quarantine, moved!)).equals(original)).toBe(true);
    expect(entries).toEqual([expect.objectContaining({ type: 'folder.quarantined', requested: 'redact', reason: 'encoding-not-redactable' })]);
    await expectNoFullNumbers();
  });

  it('redacts a UTF-16 note the watcher sees being saved, within 2 s', async () => {
    const g = guard('redact');
    g.start();
    try {
      const file = path.join(notes, 'live.txt');
      const saved = Date.now();
      writeFileSync(file, utf16le(`paid with ${VISA}\r\n`));
      await waitFor('the UTF-16 note to be redacted', () => readFileSync(file).toString('utf16le').includes('************1111'), 5_000, 10);
      expect(Date.now() - saved).toBeLessThan(2_000);
      await g.idle();
    } finally {
      g.stop();
    }
  });
});

describe('FolderGuard: Office and OpenDocument files', () => {
  const doc = () => docx([['Customer called.'], ['Card 4111 11', '11 1111 1111 thanks']]);

  it('quarantines a .docx with a card number (quarantine)', async () => {
    const file = path.join(notes, 'notes.docx');
    writeFileSync(file, doc());
    await guard('quarantine').inspect(file);
    expect(existsSync(file)).toBe(false);
    const [moved] = readdirSync(quarantine);
    expect(readFileSync(path.join(quarantine, moved!)).equals(doc())).toBe(true); // moved as is
    expect(entries).toEqual([expect.objectContaining({ type: 'folder.quarantined', file: 'notes.docx', cardNumbers: [{ brand: 'visa', length: 16, last4: '1111' }] })]);
    await expectNoFullNumbers();
  });

  it('reports a .docx with a card number and leaves it in place (report)', async () => {
    const file = path.join(notes, 'notes.docx');
    writeFileSync(file, doc());
    await guard('report').inspect(file);
    expect(readFileSync(file).equals(doc())).toBe(true);
    expect(entries).toEqual([expect.objectContaining({ type: 'folder.detected', file: 'notes.docx' })]);
    expect(events).toEqual([expect.objectContaining({ action: 'reported', subject: 'notes.docx' })]);
  });

  it('quarantines a .docx when the policy says redact: a document cannot be rewritten safely', async () => {
    const file = path.join(notes, 'notes.docx');
    writeFileSync(file, doc());
    await guard('redact').inspect(file);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(quarantine)).toHaveLength(1);
    expect(entries).toEqual([expect.objectContaining({ type: 'folder.quarantined', requested: 'redact', reason: 'document-not-redactable' })]);
    await expectNoFullNumbers();
  });

  it('finds card numbers in .xlsx and .odt too', async () => {
    writeFileSync(path.join(notes, 'calls.xlsx'), xlsx('Calls', [{ ref: 'A1', shared: `pan ${MC}` }]));
    writeFileSync(path.join(notes, 'calls.odt'), odt([`amex ${AMEX}`]));
    const g = guard('report');
    await g.inspect(path.join(notes, 'calls.xlsx'));
    await g.inspect(path.join(notes, 'calls.odt'));
    expect(entries.map((e) => `${e.type} ${String(e.file)} ${(e.cardNumbers as { last4: string }[]).map((c) => c.last4).join()}`)).toEqual([
      'folder.detected calls.xlsx 4444',
      'folder.detected calls.odt 0005',
    ]);
    await expectNoFullNumbers();
  });

  it('leaves a .docx without card data alone', async () => {
    const file = path.join(notes, 'clean.docx');
    writeFileSync(file, docx([['Order 12345678, nothing else.']]));
    await guard('redact').inspect(file);
    expect(existsSync(file)).toBe(true);
    expect(entries).toEqual([]);
  });

  it('audits a .docx it cannot open, and ignores Office owner files (~$name.docx)', async () => {
    const broken = path.join(notes, 'broken.docx');
    writeFileSync(broken, `PK not really a zip ${VISA}`);
    const owner = path.join(notes, '~$notes.docx');
    writeFileSync(owner, Buffer.from('\x05agent\0\0\0\0\0\0', 'latin1'));
    const g = guard('quarantine');
    await g.inspect(broken);
    await g.inspect(owner);
    expect(existsSync(broken) && existsSync(owner)).toBe(true);
    expect(entries).toEqual([expect.objectContaining({ type: 'folder.unreadable', file: 'broken.docx', reason: expect.stringContaining('not a zip archive') })]);
    await expectNoFullNumbers();
  });
});

describe('FolderGuard: binary and UTF-8 files', () => {
  it('still skips binary files, even with card digits inside', async () => {
    // NUL bytes on both byte positions and control characters: neither text nor UTF-16.
    const binary = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), Buffer.from(`tEXt ${VISA}`), Buffer.from([0, 1, 2, 3, 0, 0, 0x10, 0])]);
    const files = ['image.png', 'dump.txt', 'data.log'].map((name) => path.join(notes, name));
    for (const f of files) writeFileSync(f, binary);
    const g = guard('redact');
    for (const f of files) await g.inspect(f);
    for (const f of files) expect(readFileSync(f).equals(binary)).toBe(true);
    expect(entries).toEqual([]);
  });

  it('redacts UTF-8 notes as before, and a Latin-1 note without mangling its accents', async () => {
    const utf8 = path.join(notes, 'a.txt');
    writeFileSync(utf8, `\ufeffcafé ${VISA}\n`);
    const latin1 = path.join(notes, 'b.txt');
    writeFileSync(latin1, Buffer.from(`café ${VISA}\n`, 'latin1'));
    const g = guard('redact');
    await g.inspect(utf8);
    await g.inspect(latin1);
    expect(readFileSync(utf8, 'utf8')).toBe('\ufeffcafé ************1111\n');
    expect(readFileSync(latin1).equals(Buffer.from('café ************1111\n', 'latin1'))).toBe(true);
    expect(entries.map((e) => [e.type, e.encoding])).toEqual([
      ['folder.redacted', undefined],
      ['folder.redacted', 'latin1'],
    ]);
  });
});

describe('sniffUtf16', () => {
  it('recognises BOM-less UTF-16 text in either byte order and nothing else', () => {
    expect(sniffUtf16(Buffer.from('hello, card notes\r\n', 'utf16le'))).toBe('utf-16le');
    expect(sniffUtf16(Buffer.from('hello, card notes\r\n', 'utf16le').swap16())).toBe('utf-16be');
    expect(sniffUtf16(Buffer.from('plain ascii text', 'utf8'))).toBeNull();
    expect(sniffUtf16(Buffer.from([0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0x41, 0]))).toBeNull(); // NULs both sides
    expect(sniffUtf16(Buffer.from([0x01, 0, 0x02, 0, 0x03, 0, 0x41, 0]))).toBeNull(); // control characters
    expect(sniffUtf16(Buffer.from('ab', 'utf16le'))).toBeNull(); // too short to tell
    expect(sniffUtf16(Buffer.from([0x01, 0xd8, 0x41, 0x00, 0x42, 0x00, 0x43, 0x00, 0x44, 0x00]))).toBeNull(); // lone surrogate
  });
});
