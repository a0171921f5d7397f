import { describe, expect, it } from 'vitest';
import { maskScratchpad, shouldPurgeScratchpad } from '../../../../shared/scratchpad/mask-scratchpad';
import { containsPan, maskedFindings, redactPans } from '../../../../electron/agent/guards/pan-port';
import { processMatches } from '../../../../electron/agent/guards/process-match';
import { parseSensitiveLink } from '../../../../electron/agent/guards/triggers/protocol-link';
import { compileWindowRules, matchingRuleIds } from '../../../../electron/agent/guards/triggers/window-rules';
import { RateLimiter } from '../../../../electron/agent/guards/triggers/rate-limiter';
import { scrubValue } from '../../../../electron/agent/guards/audit-log';
import { resolveWatchedFolder } from '../../../../electron/agent/guards/folder-guard';
import { argv0Basename, parseProcStat } from '../../../../electron/agent/guards/linux/proc-processes';
import { parseDisplay } from '../../../../electron/agent/guards/x11/display';
import { findCookie, parseXauthority } from '../../../../electron/agent/guards/x11/xauthority';

describe('card numbers (shared/pan behind pan-port)', () => {
  it('finds Luhn-valid 13-19 digit runs with separators and redacts all but the last four', () => {
    expect(redactPans('pay 4111 1111 1111 1111 now')).toBe('pay **** **** **** 1111 now');
    expect(redactPans('amex 3782-822463-10005.')).toBe('amex ****-******-*0005.');
    expect(maskedFindings('a 5555555555554444 b')).toEqual([{ brand: 'mastercard', length: 16, last4: '4444' }]);
  });
  it('leaves ordinary numbers alone', () => {
    for (const text of ['order 4111 1111 1111 1112', 'call +44 20 7946 0958', 'ticket 12345678', '']) {
      expect(containsPan(text)).toBe(false);
      expect(redactPans(text)).toBe(text);
    }
  });
  it('scrubs card numbers out of any value written to the audit log', () => {
    expect(scrubValue({ a: ['x 4111111111111111'], n: 3 })).toEqual({ a: ['x ************1111'], n: 3 });
    // Keys, numbers and other scripts and separators too: JSON would print all of a number's digits.
    expect(scrubValue({ '5555 5555 5555 4444': 4111111111111111, d: 'بطاقة ٤١١١-١١١١-١١١١-١١١١' })).toEqual({
      '**** **** **** 4444': '************1111',
      d: 'بطاقة ****-****-****-١١١١',
    });
  });
});

describe('scratchpad masking (shared, used by the renderer)', () => {
  it('masks a card number once it forms, keeping the last four', () => {
    expect(maskScratchpad('cust pays 4111 1111 1111 1111').text).toBe('cust pays •••• •••• •••• 1111');
    expect(maskScratchpad('ref 12345').text).toBe('ref 12345');
  });
  it('keeps masking as typing continues, so at most four digits are ever visible', () => {
    // Typing a 16-digit number digit by digit, feeding back what the pad shows each time.
    let pad = '';
    for (const d of '4111111111111111') pad = maskScratchpad(pad + d).text;
    expect(pad.replace(/•/g, '')).toHaveLength(4);
    expect(pad).toBe('••••••••••••1111');
    // The 13-digit prefix 4000000000006 is itself Luhn-valid: masked early, and still only four digits show.
    pad = '';
    for (const d of '4000000000006000') pad = maskScratchpad(pad + d).text;
    expect(pad.replace(/•/g, '')).toMatch(/^\d{0,4}$/);
  });
  it('purges on sensitive exit or at shift end, per policy', () => {
    expect(shouldPurgeScratchpad('sensitive-exit', 'sensitive-exit')).toBe(true);
    expect(shouldPurgeScratchpad('shift-end', 'sensitive-exit')).toBe(false);
    expect(shouldPurgeScratchpad('shift-end', 'shift-end')).toBe(true);
  });
});

describe('window rules', () => {
  const { rules, problems } = compileWindowRules([
    { id: 'pay', titlePattern: 'checkout|payment' },
    { id: 'softphone', processName: 'Softphone.exe' },
    { id: 'both', processName: 'firefox', titlePattern: 'Stripe' },
    { id: 'url', urlPattern: '^https://pay\\.example\\.com/' },
    { id: 'broken', titlePattern: '(' },
  ]);
  it('names rules with broken patterns and leaves them out', () => {
    expect(problems.map((p) => p.id)).toEqual(['broken']);
  });
  it('matches title, process and url, every given field', () => {
    expect(matchingRuleIds(rules, { title: 'Acme - PAYMENT' })).toEqual(['pay']);
    expect(matchingRuleIds(rules, { title: 'x', processName: 'softphone' })).toEqual(['softphone']);
    expect(matchingRuleIds(rules, { title: 'Stripe', processName: 'chrome' })).toEqual([]);
    expect(matchingRuleIds(rules, { title: 'Stripe', processName: 'firefox' })).toEqual(['both']);
    expect(matchingRuleIds(rules, { title: 'x', url: 'https://pay.example.com/a' })).toEqual(['url']);
    expect(matchingRuleIds(rules, { title: 'x' })).toEqual([]);
    expect(matchingRuleIds(rules, null)).toEqual([]);
  });
});

describe('process names', () => {
  it('matches policy names against executables, with Linux comm truncation', () => {
    expect(processMatches('Snipping Tool', { name: 'SnippingTool.exe' })).toBe(true);
    expect(processMatches('gnome-screenshot', { name: 'gnome-screensho' })).toBe(true);
    expect(processMatches('gnome-screenshot', { name: 'gnome-shell' })).toBe(false);
    expect(processMatches('flameshot', { name: 'sleep', exeName: 'flameshot' })).toBe(true);
    expect(processMatches('obs', { name: 'obsidian' })).toBe(false);
    // App names as IT writes them reach the processes that really run.
    expect(processMatches('OBS', { name: 'obs64.exe' })).toBe(true);
    expect(processMatches('Sticky Notes', { name: 'Microsoft.Notes.exe' })).toBe(true);
    expect(processMatches('Snipping Tool', { name: 'ScreenClippingHost.exe' })).toBe(true);
    expect(processMatches('OneNote', { name: 'ONENOTE.EXE' })).toBe(true);
    expect(processMatches('Notepad', { name: 'notepad++.exe' })).toBe(false);
    expect(processMatches('Screenshot', { name: 'screencaptureui', exeName: 'screencaptureui' })).toBe(true);
  });
  it('parses /proc/PID/stat and cmdline', () => {
    expect(parseProcStat('1234 (Web Content) S 1 2 3')).toEqual({ name: 'Web Content', state: 'S' });
    expect(parseProcStat('99 (a) b) Z 1')).toEqual({ name: 'a) b', state: 'Z' });
    expect(argv0Basename('/usr/bin/flameshot\0gui\0')).toBe('flameshot');
  });
});

describe('shiftguard:// links', () => {
  it('parses start and end with an optional source', () => {
    expect(parseSensitiveLink('shiftguard://sensitive/start')).toEqual({ ok: true, action: 'start', source: 'link' });
    expect(parseSensitiveLink('shiftguard://sensitive/end?source=crm')).toEqual({ ok: true, action: 'end', source: 'crm' });
  });
  it.each(['https://sensitive/start', 'shiftguard://other/start', 'shiftguard://sensitive/stop', 'shiftguard://sensitive/start?source=a%20b', 'nonsense'])(
    'refuses %s',
    (url) => expect(parseSensitiveLink(url).ok).toBe(false),
  );
});

describe('small parsers', () => {
  it('parses DISPLAY', () => {
    expect(parseDisplay(':7')).toEqual({ transport: 'unix', path: '/tmp/.X11-unix/X7', display: 7, screen: 0 });
    expect(parseDisplay('localhost:10.1')).toEqual({ transport: 'tcp', host: 'localhost', port: 6010, display: 10, screen: 1 });
    expect(() => parseDisplay(undefined)).toThrow(/no DISPLAY/);
  });
  it('parses .Xauthority and picks the cookie for the display', () => {
    const field = (s: string | Uint8Array) => {
      const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : Buffer.from(s);
      const len = Buffer.alloc(2);
      len.writeUInt16BE(b.length);
      return Buffer.concat([len, b]);
    };
    const entry = (family: number, addr: string, display: string, cookie: number[]) =>
      Buffer.concat([Buffer.from([family >> 8, family & 255]), field(addr), field(display), field('MIT-MAGIC-COOKIE-1'), field(Uint8Array.from(cookie))]);
    const file = Buffer.concat([entry(256, 'desk', '0', [1, 2]), entry(256, 'desk', '7', [7, 7])]);
    const entries = parseXauthority(file);
    expect(entries).toHaveLength(2);
    expect(Array.from(findCookie(entries, 7, 'desk') ?? [])).toEqual([7, 7]);
    expect(findCookie(entries, 7, 'other')).toBeNull();
  });
  it('resolves watched folders under the home folder', () => {
    expect(resolveWatchedFolder('Documents', '/home/a')).toBe('/home/a/Documents');
    expect(resolveWatchedFolder('~/Desktop', '/home/a')).toBe('/home/a/Desktop');
    expect(resolveWatchedFolder('/srv/notes', '/home/a')).toBe('/srv/notes');
  });
  it('rate-limits with a token bucket', () => {
    let t = 0;
    const limiter = new RateLimiter(2, 1, () => t);
    expect([limiter.take(), limiter.take(), limiter.take()]).toEqual([true, true, false]);
    t = 1000;
    expect(limiter.take()).toBe(true);
  });
});
