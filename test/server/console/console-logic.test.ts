import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../../server/console/src/csv';
import { formattingLocale, pickLocale } from '../../../server/console/src/i18n/i18n';
import { diffPolicies, getAt, setAt, validatePolicy } from '../../../server/console/src/policy/document';
import { FORM_PATHS } from '../../../server/console/src/policy/fields';
import { dailyCompliance } from '../../../server/console/src/pages/history-trend';
import { ar } from '../../../server/console/src/i18n/ar';
import { en } from '../../../server/console/src/i18n/en';
import { it as itCatalog } from '../../../server/console/src/i18n/it';
import { lv } from '../../../server/console/src/i18n/lv';
import { pl } from '../../../server/console/src/i18n/pl';

describe('console logic', () => {
  it('picks the first supported browser language by primary subtag', () => {
    expect(pickLocale(['de-DE', 'pl-PL', 'en'])).toBe('pl');
    expect(pickLocale(['ar-EG'])).toBe('ar');
    // Dates and numbers follow the browser's region for the chosen language.
    expect(formattingLocale('en', ['en-GB', 'en-US'])).toBe('en-GB');
    expect(formattingLocale('pl', ['de-DE', 'pl-PL'])).toBe('pl-PL');
    expect(formattingLocale('it', ['en-GB'])).toBe('it');
    expect(formattingLocale('en', ['en-x-!!', 'en-AU'])).toBe('en-AU');
    expect(new Intl.DateTimeFormat(formattingLocale('en', ['en-GB']), { dateStyle: 'short' }).format(new Date(Date.UTC(2026, 10, 22, 12)))).toBe('22/11/2026');
    expect(pickLocale(['fr'])).toBe('en');
  });

  it('has every catalog translated (no English left over except names and codes)', () => {
    for (const [name, catalog] of Object.entries({ ar, it: itCatalog, lv, pl })) {
      const same = Object.keys(en).filter((k) => catalog[k as keyof typeof en] === en[k as keyof typeof en] && !/USB|Antivirus|Firewall|Email|Password|Team/.test(en[k as keyof typeof en]));
      expect(same.filter((k) => !/^(check|pg|pf)\.|Hint$/.test(k)), name).toEqual([]);
    }
  });

  it('writes CSV fields quoted and neutralises spreadsheet formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvLine(['x', null, 3, true])).toBe('x,,3,true\r\n');
  });

  it('puts schema errors on the form field that caused them', () => {
    const doc = setAt(setAt({}, 'reportIntervalMinutes', 0), 'posture.usb.allowList', ['0781:5581', 'nope']);
    const { ok, errors } = validatePolicy(doc, FORM_PATHS);
    expect(ok).toBe(false);
    expect([...errors.keys()].sort()).toEqual(['posture.usb.allowList', 'reportIntervalMinutes']);
    expect(errors.get('posture.usb.allowList')).toContain('(1)');
    expect(getAt(doc, 'posture.usb.allowList')).toEqual(['0781:5581', 'nope']);
    expect(validatePolicy({}, FORM_PATHS).ok).toBe(true);
  });

  it('diffs a draft against the published document after defaults are filled in', () => {
    expect(diffPolicies({}, { reportIntervalMinutes: 15 })).toEqual([]);
    expect(diffPolicies({ reportIntervalMinutes: 5 }, { reportIntervalMinutes: 7 })).toEqual([{ path: 'reportIntervalMinutes', before: '5', after: '7' }]);
  });

  it('draws daily compliance with gaps for silent days and folds in retention aggregates', () => {
    const report = (observedAt: string, compliant: boolean) => ({
      reportId: crypto.randomUUID(),
      receivedAt: observedAt,
      body: { kind: 'posture' as const, reportId: crypto.randomUUID(), deviceId: crypto.randomUUID(), observedAt, agentVersion: '0.1.0', appliedPolicy: { policyId: null, version: 0 }, hostname: 'h', os: { platform: 'linux' as const, release: '6' }, checks: [], compliant },
    });
    const points = dailyCompliance(
      [report('2026-03-04T10:00:00Z', true), report('2026-03-04T11:00:00Z', false), report('2026-03-02T09:00:00Z', true)],
      [{ day: '2026-03-01', posture: 4, compliantPosture: 1, sensitiveChanges: 0, guardEvents: 0, heartbeats: 0, stops: 0 }],
    );
    expect(points.map((p) => [p.day, p.ratio])).toEqual([['2026-03-01', 0.25], ['2026-03-02', 1], ['2026-03-03', null], ['2026-03-04', 0.5]]);
  });
});
