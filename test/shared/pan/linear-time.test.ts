import { describe, expect, it } from 'vitest';
import { findPans } from '../../../shared/pan/find-pans';

/**
 * Linear time without timing: the finder counts its elementary steps (code units read, digits
 * checked). For every adversarial shape (digits and separators only) the steps per code unit
 * must be bounded by a constant and the same at 1 MB and 10 MB.
 */
const SHAPES: Record<string, string> = {
  'all digits': '4111111111111111111',
  'valid cards back to back with spaces': '4111111111111111 ',
  '4-groups forever': '4111 ',
  'single digits': '4 ',
  'pairs': '41 ',
  'triples with dashes': '411-',
  'line breaks': '4111\n',
  'mixed gaps': '4111 1111-1111.1111\n5555 ',
  'max gaps': '4111 \u200f- ',
  'near-cards 3-4-5': '411 1111 11111 ',
  'digits and dots': '1.2.3.45.678.',
  'short runs and long gaps': '12345      ',
};

function stepsFor(pattern: string, size: number): { steps: number; n: number } {
  const text = pattern.repeat(Math.ceil(size / pattern.length)).slice(0, size);
  const counter = { steps: 0 };
  findPans(text, { counter });
  return { steps: counter.steps, n: text.length };
}

describe('linear time on 10 MB adversarial input', () => {
  for (const [name, pattern] of Object.entries(SHAPES)) {
    it(name, () => {
      const small = stepsFor(pattern, 1_000_000);
      const big = stepsFor(pattern, 10_000_000);
      expect(big.steps / big.n).toBeLessThan(60);
      // Same work per code unit at both sizes (within 5%): no super-linear term.
      expect(big.steps / big.n).toBeLessThan((small.steps / small.n) * 1.05 + 0.01);
    });
  }
});
