import { readdir, readFile, stat } from 'node:fs/promises';

/**
 * Read-only file access for probes that read OS state from files (sysfs, /etc/os-release, apt
 * logs). Injected like the command runner so tests can hand in a fake tree. Missing files are
 * null, not errors: "absent" is a fact the parsers decide on; other failures (EACCES) throw.
 */
export interface FileReader {
  /** The text of a file (at most maxBytes, default 1 MiB), or null when it does not exist. */
  readText(path: string, maxBytes?: number): Promise<string | null>;
  /**
   * The bytes of a file, or null when it does not exist; a file larger than maxBytes (default
   * 128 MiB) throws a RangeError rather than being cut (a cut list would be silently wrong).
   * Optional: fakes may omit it.
   */
  readBytes?(path: string, maxBytes?: number): Promise<Uint8Array | null>;
  /** Entry names of a directory, or null when it does not exist. */
  list(dir: string): Promise<string[] | null>;
  /** Last modification time, or null when the file does not exist. */
  mtime(path: string): Promise<Date | null>;
}

const isMissing = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/** The real file reader. */
export const nodeFileReader: FileReader = {
  async readText(path, maxBytes = 1024 * 1024) {
    try {
      const buf = await readFile(path);
      return buf.subarray(0, maxBytes).toString('utf8');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  },
  async readBytes(path, maxBytes = 128 * 1024 * 1024) {
    let buf: Buffer;
    try {
      buf = await readFile(path);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    if (buf.length > maxBytes) throw new RangeError(`${path} is larger than ${maxBytes} bytes`);
    return buf;
  },
  async list(dir) {
    try {
      return await readdir(dir);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  },
  async mtime(path) {
    try {
      return (await stat(path)).mtime;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  },
};
