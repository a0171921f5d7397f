import { afterEach, describe, expect, it, vi } from 'vitest';
import { findPans } from '../../../shared/pan/find-pans';
import { redact } from '../../../shared/pan/redact';
import { PanStreamScanner } from '../../../shared/pan/stream-scanner';
import { toScript } from './corpus-helpers';

const PLANTED = ['4111111111111111', '378282246310005', '6205500000000000004', '5555555555554444'];
const TEXT = `a ${PLANTED[0]} b 3782 822463 10005 c ${toScript('6205500000000000004', 'arabic')} d ${PLANTED[3]!.replace(/(\d{4})(?=\d)/g, '$1-')}`;

/** Every form the number could leak in: ASCII digits, and the script it was written in. */
function leaks(haystack: string): string[] {
  const flat = haystack.replace(/[\s\-.]/g, '');
  return PLANTED.filter((n) => flat.includes(n) || flat.includes(toScript(n, 'arabic')));
}

describe('the full number never leaves the detector', () => {
  afterEach(() => vi.restoreAllMocks());

  it('appears in no finding, redaction, stream finding, error or log line', () => {
    const logged: string[] = [];
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' ')));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (logged.push(String(chunk)), true));
    const findings = findPans(TEXT);
    expect(findings.map((f) => f.last4)).toEqual(['1111', '0005', '0004', '4444']);
    const s = new PanStreamScanner();
    const streamed = [...s.push(TEXT.slice(0, 20)), ...s.push(TEXT.slice(20)), ...s.end()];
    const redacted = redact(TEXT);
    let error = '';
    try {
      findPans(TEXT, { from: -5, to: Number.NaN });
      redact(undefined as unknown as string);
    } catch (e) {
      error = String(e);
    }
    write.mockRestore();
    expect(leaks(JSON.stringify(findings))).toEqual([]);
    expect(leaks(JSON.stringify(streamed))).toEqual([]);
    expect(leaks(redacted)).toEqual([]);
    expect(leaks(error)).toEqual([]);
    expect(logged).toEqual([]);
    // The check above would catch a leak: the text itself does leak all of them.
    expect(leaks(TEXT)).toEqual(PLANTED);
  });
});
