/**
 * The persistence the main process needs (settings, policy cache, queued reports). electron-store
 * implements it in the app (see electron-key-value-store.ts); tests use MemoryStore. Values are
 * validated with zod when read back, since the file on disk may have been edited.
 */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** A KeyValueStore in memory, for tests and the headless fallback. Values are deep-copied like a file would. */
export class MemoryStore implements KeyValueStore {
  private readonly data = new Map<string, string>();
  get(key: string): unknown {
    const text = this.data.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }
  set(key: string, value: unknown): void {
    this.data.set(key, JSON.stringify(value));
  }
  delete(key: string): void {
    this.data.delete(key);
  }
}
