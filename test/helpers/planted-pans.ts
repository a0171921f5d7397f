import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Well-known test card numbers (Luhn-valid, issued to nobody), planted in tests and searched for afterwards. */
export const PLANTED_PANS = ['4111111111111111', '5555555555554444', '378282246310005'];

/** Every file under `dir` (recursively) holding a planted PAN, with or without separators. */
export function filesHoldingPlantedPans(dir: string, extraTexts: Record<string, string> = {}): string[] {
  const hits: string[] = [];
  const check = (name: string, text: string) => {
    const digitsOnly = text.replace(/[ -]/g, '');
    if (PLANTED_PANS.some((pan) => digitsOnly.includes(pan))) hits.push(name);
  };
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const p = path.join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else check(p, readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  for (const [name, text] of Object.entries(extraTexts)) check(name, text);
  return hits;
}
