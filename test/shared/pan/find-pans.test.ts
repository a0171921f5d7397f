import { describe, expect, it } from 'vitest';
import { findPans, maskSpan } from '../../../shared/pan/find-pans';
import { redact } from '../../../shared/pan/redact';
import { lengthsOf, schemeOf } from '../../../shared/pan/schemes';

const one = (text: string) => findPans(text).map((f) => ({ span: text.slice(f.start, f.end), scheme: f.scheme, last4: f.last4, masked: f.masked }));

describe('schemeOf', () => {
  it.each([
    [411111, 16, 'visa'],
    [222100, 16, 'mastercard'],
    [272099, 16, 'mastercard'],
    [272100, 16, null],
    [220000, 16, 'mir'],
    [378282, 15, 'amex'],
    [378282, 16, null],
    [352800, 16, 'jcb'],
    [622126, 16, 'discover'],
    [620000, 16, 'unionpay'],
    [650010, 16, 'verve'],
    [650010, 17, 'discover'],
    [500000, 15, null],
    [300000, 15, null],
    [979200, 16, 'troy'],
    [100000, 16, null],
  ])('%i with %i digits is %s', (first6, length, scheme) => {
    expect(schemeOf(first6, length)).toBe(scheme);
  });

  it('lengthsOf agrees with schemeOf for every six-digit prefix and length', () => {
    let mismatches = 0;
    for (let first6 = 0; first6 < 1_000_000; first6++) {
      const mask = lengthsOf(first6);
      for (let n = 12; n <= 20; n++) if (((mask >> n) & 1) === 1 !== (schemeOf(first6, n) !== null)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});

describe('findPans rules', () => {
  it('reports span, scheme, last four and a masked form keeping separators', () => {
    expect(one('pay 3782-822463-10005!')).toEqual([{ span: '3782-822463-10005', scheme: 'amex', last4: '0005', masked: '****-******-*0005' }]);
    expect(maskSpan('4111 1111\n1111 1111')).toBe('**** ****\n**** 1111');
  });

  it('joins groups across one line break but not two, and not across mixed separators', () => {
    expect(one('4111 1111\r\n1111 1111')).toHaveLength(1);
    expect(one('4111 1111\n\n1111 1111')).toEqual([]);
    expect(one('4111-1111 1111.1111')).toEqual([]);
  });

  it('rejects each decoy class for the documented reason', () => {
    expect(one('+4222222222222')).toEqual([]); // "+" and at most 15 digits: a phone number
    expect(one('4222222222222')).toHaveLength(1); // the same digits without "+" are a 13-digit Visa
    expect(one('0x4111111111111111')).toEqual([]);
    expect(one('41111111-1111-1111-1111-111111111111')).toEqual([]);
    expect(one('4111 1111 1111 1111 9911')).toEqual([]); // a 20-digit uniformly grouped number
    expect(one('4111 1111 1111 1111 1226 12')).toEqual([]); // 22 digits, 4-4-4-4-4-2 (parcel numbers)
    expect(one('41111111111111111111')).toEqual([]); // digits inside a longer run
    expect(one('41 11 11 11 11 11 11 11')).toEqual([]); // pairs are dates, times, phone numbers
  });

  it('reads a card followed by its expiry (MMYY) or CVV in the same grouping as the card alone', () => {
    expect(one('4111 1111 1111 1111 1226')).toEqual([{ span: '4111 1111 1111 1111', scheme: 'visa', last4: '1111', masked: '**** **** **** 1111' }]);
    expect(one('4111-1111-1111-1111-0130-123').map((f) => f.span)).toEqual(['4111-1111-1111-1111']);
    expect(one('4111 1111 1111 1111 123').map((f) => f.span)).toEqual(['4111 1111 1111 1111']);
    // Month 13 is no expiry; a sixth group of four makes one longer number.
    expect(one('4111 1111 1111 1111 1326')).toEqual([]);
    expect(one('4111 1111 1111 1111 1226 1111')).toEqual([]);
  });

  it('redact keeps length and the last four in the original script', () => {
    expect(redact('رقم ٤١١١١١١١١١١١١١١١ شكرا')).toBe('رقم ************١١١١ شكرا');
    expect(redact('कार्ड ४१११ ११११ ११११ ११११ धन्यवाद')).toBe('कार्ड **** **** **** ११११ धन्यवाद');
    expect(redact('บัตร ๔๑๑๑๑๑๑๑๑๑๑๑๑๑๑๑')).toBe('บัตร ************๑๑๑๑');
    expect(redact('no card here')).toBe('no card here');
  });
});
