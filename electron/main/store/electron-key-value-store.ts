import Store from 'electron-store';
import type { KeyValueStore } from './key-value-store';

/**
 * electron-store (a JSON file in the app's userData folder, written atomically) as the main
 * process's KeyValueStore. Only constructed inside Electron: electron-store asks Electron for the path.
 */
export function createElectronKeyValueStore(): KeyValueStore {
  const store = new Store<Record<string, unknown>>({ name: 'shiftguard', clearInvalidConfig: true });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}
