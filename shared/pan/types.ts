/** The card schemes the detector knows. See `schemes.ts` for the issuer ranges and lengths. */
export type PanScheme =
  | 'visa'
  | 'mastercard'
  | 'amex'
  | 'discover'
  | 'jcb'
  | 'diners'
  | 'unionpay'
  | 'maestro'
  | 'mir'
  | 'rupay'
  | 'troy'
  | 'verve'
  | 'dankort'
  | 'interpayment'
  | 'instapayment'
  | 'borica'
  | 'humo'
  | 'uzcard';

/**
 * One card number found in a text. It never carries the full number: only where it is, which
 * scheme, how many digits, the last four and a masked form safe to print or store.
 */
export interface PanFinding {
  /** Index (UTF-16 code unit) of the first digit. */
  start: number;
  /** Index just past the last digit (`text.slice(start, end)` is the number as written). */
  end: number;
  scheme: PanScheme;
  /** Number of digits (13-19). */
  length: number;
  /** The last four digits as ASCII digits, whatever script they were written in. */
  last4: string;
  /**
   * The number as written with every digit but the last four replaced by `*`; separators and
   * line breaks are kept, so the masked form has the same length as the span.
   */
  masked: string;
}
