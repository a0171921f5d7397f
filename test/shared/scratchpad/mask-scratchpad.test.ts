import { describe, expect, it } from 'vitest';
import { findPans } from '../../../shared/pan/find-pans';
import { MASK_GLYPH, maskScratchpad } from '../../../shared/scratchpad/mask-scratchpad';
import { FORMATS, loadJson, testCards, type Decoy } from '../pan/corpus-helpers';

const { cards } = testCards();
const texts = Object.values(loadJson<Record<string, string[]>>('texts.json')).flat();
const decoys = loadJson<Decoy[]>('decoys.json');
const formatNames = Object.keys(FORMATS);

function visibleDigits(s: string): number {
  return (s.match(/\p{Nd}/gu) ?? []).length;
}

/** Types `text` one code unit at a time, feeding back what the pad shows, like the renderer does. */
function typeInto(text: string, onStep: (pad: string, typed: number) => void = () => undefined): string {
  let pad = '';
  for (let k = 0; k < text.length; k++) {
    pad = maskScratchpad(pad + text.charAt(k)).text;
    onStep(pad, k + 1);
  }
  return pad;
}

/** Every test card, in two formats and two templates each, with where the card sits. */
const typedCases = cards.flatMap((card, k) =>
  [0, 1].map((variant) => {
    const template = texts[(k * 3 + variant * 11) % texts.length]!;
    const format = formatNames[(k + variant * 7) % formatNames.length]!;
    const written = FORMATS[format]!(card.number);
    const start = template.indexOf('{card}');
    return { name: `${card.number.slice(-4)} ${format}`, text: template.replace('{card}', written), start, end: start + written.length };
  }),
);

describe('scratchpad masking with shared/pan', () => {
  it('masks a pasted card in every format and script, keeping the last four', () => {
    for (const c of typedCases) {
      const { text, maskedDigits } = maskScratchpad(c.text);
      expect(text, c.name).toHaveLength(c.text.length);
      expect(visibleDigits(text.slice(c.start, c.end)), `${c.name}: ${text}`).toBeLessThanOrEqual(4);
      expect(maskedDigits).toBeGreaterThanOrEqual(9);
    }
  });

  it('never shows more than four digits of a card once it has formed, typed one key at a time', () => {
    for (const c of typedCases) {
      let maskedAt = -1;
      const pad = typeInto(c.text, (p, typed) => {
        const region = p.slice(c.start, Math.min(c.end, typed));
        if (maskedAt < 0 && region.includes(MASK_GLYPH)) maskedAt = typed;
        if (maskedAt >= 0) expect(visibleDigits(region), `${c.name} after ${typed} keys: ${p}`).toBeLessThanOrEqual(4);
      });
      expect(maskedAt, `${c.name}: never masked: ${pad}`).toBeGreaterThan(0);
      expect(maskedAt).toBeLessThanOrEqual(c.end);
      expect(visibleDigits(pad.slice(c.start, c.end)), `${c.name}: ${pad}`).toBeLessThanOrEqual(4);
    }
  });

  it('is stable: masking what it returned changes nothing', () => {
    for (const c of typedCases) {
      const once = maskScratchpad(c.text).text;
      expect(maskScratchpad(once)).toEqual({ text: once, maskedDigits: 0 });
    }
  });

  it('leaves ordinary numbers alone, typed or pasted', () => {
    let prefixCards = 0;
    for (const d of decoys.filter((x) => !x.text.includes(MASK_GLYPH))) {
      expect(maskScratchpad(d.text).text, d.why).toBe(d.text);
      // Typed, a decoy stays as it is unless a prefix of it is a card (a 13-digit Visa at the
      // start of an IBAN's digits): the pad cannot know what comes next and masks.
      const prefixIsCard = [...d.text].some((_, k) => findPans(d.text.slice(0, k + 1)).length > 0);
      if (!prefixIsCard) expect(typeInto(d.text), d.why).toBe(d.text);
      else prefixCards++;
    }
    expect(prefixCards).toBeLessThan(decoys.length / 5);
    // A bullet the agent typed is not a masked number.
    expect(maskScratchpad('• call back 0207 946 0958').text).toBe('• call back 0207 946 0958');
    expect(maskScratchpad('• 0207 946 0958').text).toBe('• 0207 946 0958');
  });

  it('keeps a number that grows past a Luhn-valid prefix masked (13 → 16 → 19 digits)', () => {
    // 4000000000006 is a valid 13-digit Visa: masked as soon as it is typed.
    expect(typeInto('4000000000006000')).toBe('••••••••••••6000');
    expect(typeInto('6205 5000 0000 0000 004')).toBe('•••• •••• •••• •••0 004');
  });

  it('masks cards typed in Arabic-Indic, Persian and full-width digits', () => {
    expect(typeInto('بطاقة ٤١١١ ١١١١ ١١١١ ١١١١ شكرا')).toBe('بطاقة •••• •••• •••• ١١١١ شكرا');
    expect(typeInto('۵۵۵۵-۵۵۵۵-۵۵۵۵-۴۴۴۴')).toBe('••••-••••-••••-۴۴۴۴');
    expect(typeInto('４２４２\u3000４２４２\u3000４２４２\u3000４２４２')).toBe('••••\u3000••••\u3000••••\u3000４２４２');
  });

  it('masks digits typed on after a masked card in the same chain (expiry, CVV, a second card)', () => {
    expect(typeInto('4111 1111 1111 1111 1226')).toBe('•••• •••• •••• •••• 1226');
    expect(typeInto('card 4111 1111 1111 1111, exp 12/26')).toBe('card •••• •••• •••• 1111, exp 12/26');
    const two = typeInto('4111 1111 1111 1111 5555 5555 5555 4444');
    expect(visibleDigits(two)).toBe(4);
    expect(typeInto('ref 12 4111 1111 1111 1111 ok')).toBe('ref 12 •••• •••• •••• 1111 ok');
  });
});
