import { inflateRawSync } from 'node:zlib';

/** Thrown when a zip container (docx, xlsx, odt) cannot be read. Never carries file contents. */
export class ZipReadError extends Error {
  override readonly name = 'ZipReadError';
}

/** One stored file of a zip archive. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  encrypted: boolean;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Lists the entries of a zip archive held in memory (PKWARE APPNOTE 6.3: end of central
 * directory record, central directory file headers). Zip64 archives are refused: office
 * documents never need them below our size limit.
 */
export function listZipEntries(zip: Buffer): ZipEntry[] {
  const lowest = Math.max(0, zip.length - 0xffff - 22);
  let eocd = -1;
  for (let k = zip.length - 22; k >= lowest; k--) {
    if (zip.readUInt32LE(k) === EOCD) {
      eocd = k;
      break;
    }
  }
  if (eocd < 0) throw new ZipReadError('not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  const dirOffset = zip.readUInt32LE(eocd + 16);
  if (dirOffset === 0xffffffff || count === 0xffff) throw new ZipReadError('zip64 archives are not supported');
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CENTRAL) throw new ZipReadError('corrupt central directory');
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const uncompressedSize = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const localHeaderOffset = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset, encrypted: (flags & 1) !== 0 });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The uncompressed bytes of one entry, refusing more than `maxBytes` (zip bombs). */
export function readZipEntry(zip: Buffer, entry: ZipEntry, maxBytes: number): Buffer {
  if (entry.encrypted) throw new ZipReadError(`${entry.name}: encrypted entry`);
  const p = entry.localHeaderOffset;
  if (p + 30 > zip.length || zip.readUInt32LE(p) !== LOCAL) throw new ZipReadError(`${entry.name}: corrupt local header`);
  const start = p + 30 + zip.readUInt16LE(p + 26) + zip.readUInt16LE(p + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  switch (entry.method) {
    case 0:
      if (data.length > maxBytes) throw new ZipReadError(`${entry.name}: larger than the limit`);
      return data;
    case 8:
      try {
        return inflateRawSync(data, { maxOutputLength: maxBytes });
      } catch (error) {
        throw new ZipReadError(`${entry.name}: cannot inflate (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    default:
      throw new ZipReadError(`${entry.name}: unsupported compression method ${entry.method}`);
  }
}
