/**
 * Scans a stream of text chunks (a file read piece by piece) with constant memory and without
 * missing a number that straddles a chunk boundary.
 *
 * The scanner keeps a buffer and processes it up to a *cut*: a character that can never be part
 * of a number (neither digit nor separator), at least CONTEXT characters before the end of what
 * it has, so that every rule that looks around a number (IBAN, hex, UUID, phone) sees the same
 * text it would see in one piece. The CONTEXT characters before the cut are kept as look-behind
 * for the next round. Memory is bounded by the chunk size plus FORCE_CUT.
 *
 * A run of more than FORCE_CUT characters made only of digits and separators has no such cut.
 * There the scanner cuts after a digit group and re-reads the last OVERLAP characters in the
 * next round (findings are de-duplicated), so a number there is still found; only the
 * grouping rules that look at neighbouring groups may decide differently than in one piece.
 * Text does not look like that; adversarial input does.
 */
import { GAP_NONE, gapChar, isDigit } from './digits';
import { findPans } from './find-pans';
import type { PanFinding } from './types';

/** A finding of the stream scanner: offsets are absolute in the stream, `line` is 1-based. */
export interface StreamFinding extends PanFinding {
  line: number;
}

const CONTEXT = 128;
const FORCE_CUT = 4096;
const OVERLAP = 256;

export class PanStreamScanner {
  private buf = '';
  /** Absolute offset of buf[0]. */
  private base = 0;
  /** Numbers may start at buf[from] or later (earlier text is look-behind). */
  private from = 0;
  /** End of the last reported finding (absolute), for de-duplication after a forced cut. */
  private lastEnd = 0;
  /** Line counting cursor: `line` is the line of absolute offset `linePos`. */
  private linePos = 0;
  private line = 1;
  private ended = false;
  /** Peak buffer length seen: lets tests check that memory stays bounded. */
  peakBuffer = 0;

  /** Feeds the next chunk; returns the findings that are now certain. */
  push(chunk: string): StreamFinding[] {
    if (this.ended || typeof chunk !== 'string' || chunk.length === 0) return [];
    this.buf += chunk;
    this.peakBuffer = Math.max(this.peakBuffer, this.buf.length);
    const out: StreamFinding[] = [];
    // One chunk can hold several forced cuts' worth of digits: keep cutting while possible.
    while (this.step(false, out));
    return out;
  }

  /** Ends the stream; returns the remaining findings. */
  end(): StreamFinding[] {
    if (this.ended) return [];
    const out: StreamFinding[] = [];
    this.step(true, out);
    this.ended = true;
    this.buf = '';
    return out;
  }

  /** Processes up to the next cut; false when there is nothing more to do yet. */
  private step(final: boolean, out: StreamFinding[]): boolean {
    const buf = this.buf;
    let to: number;
    let nextFrom: number;
    if (final) {
      to = buf.length;
      nextFrom = to;
    } else {
      const limit = buf.length - CONTEXT;
      if (limit <= this.from) return false;
      const floor = Math.max(this.from + 1, limit - FORCE_CUT);
      let cut = -1;
      for (let k = limit - 1; k >= floor; k--) {
        const c = buf.charCodeAt(k);
        if (!isDigit(c) && gapChar(c) === GAP_NONE) {
          cut = k;
          break;
        }
      }
      if (cut >= 0) {
        to = cut;
        nextFrom = cut;
      } else if (limit - this.from > FORCE_CUT) {
        to = this.forcedCut(limit, floor);
        nextFrom = this.overlapStart(to, floor);
        if (nextFrom <= this.from) nextFrom = to;
      } else {
        return false;
      }
    }
    for (const f of findPans(buf, { from: this.from, to })) {
      const start = f.start + this.base;
      if (start < this.lastEnd) continue;
      const end = f.end + this.base;
      this.lastEnd = end;
      out.push({ ...f, start, end, line: this.lineAt(start) });
    }
    if (final) return false;
    const keep = Math.max(0, nextFrom - CONTEXT);
    this.lineAt(this.base + keep);
    this.buf = buf.slice(keep);
    this.base += keep;
    this.from = nextFrom - keep;
    return true;
  }

  /** In a stretch of digits and separators only: just after the last digit group before `limit`. */
  private forcedCut(limit: number, floor: number): number {
    const buf = this.buf;
    for (let k = limit - 1; k > floor; k--) if (!isDigit(buf.charCodeAt(k)) && isDigit(buf.charCodeAt(k - 1))) return k;
    return limit;
  }

  /** A digit-group start about OVERLAP characters before `to`, where the next round re-reads from. */
  private overlapStart(to: number, floor: number): number {
    const buf = this.buf;
    for (let k = to - OVERLAP; k > floor; k--) if (isDigit(buf.charCodeAt(k)) && !isDigit(buf.charCodeAt(k - 1))) return k;
    return to;
  }

  /** 1-based line of absolute offset `pos` (>= every earlier call's argument). */
  private lineAt(pos: number): number {
    const buf = this.buf;
    let k = this.linePos - this.base;
    const stop = pos - this.base;
    if (stop <= k) return this.line;
    for (;;) {
      const nl = buf.indexOf('\n', k);
      if (nl < 0 || nl >= stop) break;
      this.line++;
      k = nl + 1;
    }
    this.linePos = pos;
    return this.line;
  }
}
