import type { PanScheme } from '../../../shared/pan/types';

/** A card number found in a file. No full number: only what shared/pan findings carry. */
export interface ScanFinding {
  file: string;
  /** "line 12" for text files; the part, paragraph, cell or row for documents and databases. */
  location: string;
  line?: number;
  scheme: PanScheme;
  length: number;
  last4: string;
  masked: string;
}

/** Why a file was not scanned (always reported). */
export type SkipReason = 'binary' | 'too-large' | 'unreadable' | 'not-a-file';

export interface ScanSkip {
  file: string;
  reason: SkipReason;
  /** A short, content-free explanation (an error code, a size). */
  detail?: string;
}

/** What --redact did to one file. */
export interface RedactionResult {
  file: string;
  redacted: number;
  /** Path of the kept original when --keep-original was given. */
  original?: string;
  /** Set when the file had card data that redaction could not remove (not a plain-text format). */
  notRedacted?: string;
}

export interface ScanOptions {
  /** Files above this size are skipped and reported. */
  maxBytes: number;
  redact: boolean;
  keepOriginal: boolean;
}
