import path from 'node:path';

/** How a file is read for the scan. */
export type FileKind = 'text' | 'rtf' | 'docx' | 'xlsx' | 'opendocument' | 'sqlite' | 'binary';

const TEXT_EXTENSIONS = new Set(['.txt', '.csv', '.tsv', '.log', '.json', '.md', '.markdown', '.html', '.htm', '.xml', '.ini', '.cfg', '.note', '.notes']);
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Decides from the name and the first bytes (up to 8 KiB). Office formats by extension (they are
 * zip archives underneath), SQLite by its header whatever the name, text when there is no NUL byte
 * (or a UTF-16 byte-order mark), binary otherwise.
 */
export function fileKind(file: string, head: Buffer): FileKind {
  const ext = path.extname(file).toLowerCase();
  if (head.subarray(0, 16).equals(SQLITE_MAGIC)) return 'sqlite';
  switch (ext) {
    case '.docx':
    case '.docm':
      return 'docx';
    case '.xlsx':
    case '.xlsm':
      return 'xlsx';
    case '.odt':
    case '.ods':
    case '.odp':
      return 'opendocument';
    case '.rtf':
      return 'rtf';
    default:
      break;
  }
  if (hasUtf16Bom(head)) return 'text';
  if (head.includes(0)) return 'binary';
  if (TEXT_EXTENSIONS.has(ext)) return 'text';
  // Unknown extension without NUL bytes: text if it is mostly printable.
  let control = 0;
  for (const b of head) if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  return control <= head.length * 0.02 ? 'text' : 'binary';
}

export function hasUtf16Bom(head: Buffer): boolean {
  return head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
}
