import { findPanSpans } from './pan-interim';

/** The glyph that stands for a masked digit in the scratchpad. */
export const MASK_GLYPH = '•';

/** What the scratchpad shows after masking, and how many digits were newly hidden. */
export interface MaskedScratchpad {
  text: string;
  maskedDigits: number;
}

// A run of digits and mask glyphs, single space or dash separators between them.
const RUN = /[\d•](?:[ -]?[\d•])*/g;

/**
 * Masks card numbers in the scratchpad as the agent types. Called with the whole pad text after
 * every edit; the pad stores only what this returns, so the full number is never kept.
 *
 * A run is masked when it forms a card number, and stays masked as typing continues: any digits
 * joined to glyphs from an earlier masking are masked too, except the run's last four digits. So
 * whether the prefix typed so far already passed the Luhn check or not, no more than four
 * digits of a card number are ever visible.
 */
export function maskScratchpad(text: string): MaskedScratchpad {
  let maskedDigits = 0;
  const out = text.replace(RUN, (run) => {
    const hasGlyph = run.includes(MASK_GLYPH);
    if (!hasGlyph && findPanSpans(run).length === 0) return run;
    const totalDigits = [...run].filter((c) => c >= '0' && c <= '9').length;
    let digitsLeft = totalDigits;
    let result = '';
    for (const ch of run) {
      if (ch >= '0' && ch <= '9') {
        if (digitsLeft > 4) {
          result += MASK_GLYPH;
          maskedDigits++;
        } else result += ch;
        digitsLeft--;
      } else result += ch;
    }
    return result;
  });
  return { text: out, maskedDigits };
}

/** When the scratchpad is purged, per policy. */
export type ScratchpadPurgeOn = 'sensitive-exit' | 'shift-end';

/** Whether the pad must be emptied on this event under the policy's `scratchpad.purgeOn`. */
export function shouldPurgeScratchpad(purgeOn: ScratchpadPurgeOn, event: 'sensitive-exit' | 'shift-end'): boolean {
  switch (purgeOn) {
    case 'sensitive-exit':
      // Purging on every sensitive exit also covers the end of the shift.
      return true;
    case 'shift-end':
      return event === 'shift-end';
  }
}
