/** Thrown when bytes are not a well-formed LZ4 frame (or use a feature we do not read). */
export class Lz4FormatError extends Error {
  override readonly name = 'Lz4FormatError';
}

const MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE = 0x184d2a50;

const u32 = (b: Uint8Array, i: number) => ((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> 0;

/**
 * Pure decoder of the LZ4 frame format (https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md),
 * the compression apt uses for its package lists when `Acquire::GzipIndexes` is set (Docker's
 * Debian and Ubuntu images do this). Node has no built-in LZ4, and spawning `lz4` would add a
 * process per list. Checksums are not verified: apt verified the file when it downloaded it.
 * Concatenated and skippable frames are handled; dictionary IDs are refused.
 */
export function decodeLz4Frames(input: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let pos = 0;
  while (pos + 4 <= input.length) {
    const magic = u32(input, pos);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE) {
      pos += 8 + u32(input, pos + 4);
      continue;
    }
    if (magic !== MAGIC) throw new Lz4FormatError(`not an LZ4 frame at byte ${pos}`);
    const flg = input[pos + 4] ?? 0;
    const bd = input[pos + 5] ?? 0;
    if (flg >> 6 !== 1) throw new Lz4FormatError('unsupported LZ4 frame version');
    if (flg & 0x01) throw new Lz4FormatError('LZ4 dictionary IDs are not supported');
    const blockChecksum = (flg & 0x10) !== 0;
    const contentChecksum = (flg & 0x04) !== 0;
    const contentSize = (flg & 0x08) !== 0;
    const maxBlock = 1 << (2 * ((bd >> 4) & 7) + 8);
    pos += 6 + (contentSize ? 8 : 0) + 1; // descriptor, optional content size, header checksum
    // Linked blocks may refer back into earlier blocks, so all blocks decode into one window.
    const frame: Uint8Array[] = [];
    let window: Uint8Array = new Uint8Array(0);
    for (;;) {
      if (pos + 4 > input.length) throw new Lz4FormatError('truncated LZ4 frame');
      const size = u32(input, pos);
      pos += 4;
      if (size === 0) break;
      const len = size & 0x7fffffff;
      if (pos + len > input.length) throw new Lz4FormatError('truncated LZ4 block');
      const block = input.subarray(pos, pos + len);
      pos += len + (blockChecksum ? 4 : 0);
      const out = size & 0x80000000 ? block.slice() : decodeBlock(block, window, maxBlock);
      frame.push(out);
      window = out; // a 64 KiB window: the previous block is always enough for LZ4's offsets
    }
    if (contentChecksum) pos += 4;
    for (const b of frame) {
      chunks.push(b);
      total += b.length;
    }
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** One LZ4 block; `prefix` is the previous block (linked blocks may copy from its tail). */
function decodeBlock(src: Uint8Array, prefix: Uint8Array, maxBlock: number): Uint8Array {
  const pre = Math.min(prefix.length, 65_536);
  const out = new Uint8Array(pre + maxBlock);
  out.set(prefix.subarray(prefix.length - pre), 0);
  let o = pre;
  let i = 0;
  const end = src.length;
  while (i < end) {
    const token = src[i++] as number;
    let lit = token >> 4;
    if (lit === 15) {
      let b = 255;
      while (b === 255) lit += b = src[i++] ?? 0;
    }
    if (o + lit > out.length || i + lit > src.length) throw new Lz4FormatError('LZ4 literal out of bounds');
    if (lit <= 16) for (let k = 0; k < lit; k++) out[o + k] = src[i + k] as number;
    else out.set(src.subarray(i, i + lit), o);
    i += lit;
    o += lit;
    if (i >= src.length) break; // the last sequence has literals only
    const offset = (src[i] ?? 0) | ((src[i + 1] ?? 0) << 8);
    i += 2;
    let match = (token & 15) + 4;
    if ((token & 15) === 15) {
      let b = 255;
      while (b === 255) match += b = src[i++] ?? 0;
    }
    const from = o - offset;
    if (offset === 0 || from < 0 || o + match > out.length) throw new Lz4FormatError('LZ4 match out of bounds');
    if (match <= 16 && offset >= match) {
      // Short matches dominate; a loop beats copyWithin's call overhead for them.
      for (let k = 0; k < match; k++) out[o + k] = out[from + k] as number;
      o += match;
    } else if (offset >= match) {
      out.copyWithin(o, from, from + match);
      o += match;
    } else {
      // Overlapping copy (a repeated run): copy the period repeatedly, doubling it as it grows.
      let done = 0;
      let period = offset;
      while (done < match) {
        const n = Math.min(period, match - done);
        out.copyWithin(o + done, from, from + n);
        done += n;
        period += n;
      }
      o += match;
    }
  }
  return out.slice(pre, o);
}
