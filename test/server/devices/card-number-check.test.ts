import { describe, expect, it } from 'vitest';
import { containsCardNumber, textContainsCardNumber } from '../../../server/devices/card-number-check';

describe('card number check on report payloads (shared/pan detector)', () => {
  it.each(['4111111111111111', '4111 1111 1111 1111', '5500-0000-0000-0004', 'card 378282246310005 ok', '6011111111111117'])('finds %s', (text) => {
    expect(textContainsCardNumber(text)).toBe(true);
  });

  it.each([
    ['a Luhn-failing number', '4111111111111112'],
    ['a long number with no card prefix', '1000204886016'],
    ['a too-long digit run', '41111111111111111111111'],
    ['short digit groups', '2026-11-22 10:00'],
  ])('ignores %s', (_name, text) => {
    expect(textContainsCardNumber(text)).toBe(false);
  });

  it('looks into nested strings and integers but skips whole UUIDs and timestamps', () => {
    expect(containsCardNumber({ checks: [{ evidence: { note: ['x', 'pay 4111-1111-1111-1111'] } }] })).toBe(true);
    expect(containsCardNumber({ n: 4111111111111111 })).toBe(true);
    // This UUID's last two groups join into the valid test number 6011-111111111117.
    expect(containsCardNumber({ id: '01234567-89ab-4cde-6011-111111111117' })).toBe(false);
    expect(containsCardNumber({ at: '2026-11-22T10:00:00.000Z' })).toBe(false);
  });
});
