import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli';

// Packaging cannot run here (no Electron binary), so the configuration is checked the way
// electron-builder itself checks it before building: its own loader and JSON schema.
const require = createRequire(import.meta.url);
type Target = { target: string };
type BuilderConfig = Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  nsis: Record<string, unknown>;
  msi: Record<string, unknown>;
  mac: Record<string, unknown> & { target: Target[] };
  win: { target: Target[] };
  linux: { target: Target[] };
  files: Array<{ filter: string[] }>;
};
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const quietLogger = { isEnabled: false, add: () => undefined };

async function load() {
  return getConfig(ROOT, path.join(ROOT, 'electron-builder.yml'), null);
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(await load(), quietLogger)).resolves.toBeUndefined();
  });

  it('would be caught by that validation if it were wrong (the check can fail)', async () => {
    const config = await load();
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, perMachine: 'yes' } }, quietLogger)).rejects.toThrow(/perMachine/);
  });

  it('sets the fuses, per-machine installers and every target the issue asks for', async () => {
    const config = await load();
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeCliInspectArguments: false, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
    const targets = (os: 'win' | 'mac' | 'linux') => config[os].target.map((t) => t.target);
    expect(targets('win')).toEqual(['nsis', 'msi']);
    expect(targets('mac')).toEqual(['dmg', 'pkg']);
    expect(targets('linux')).toEqual(['deb', 'AppImage']);
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: true });
    expect(config.msi).toMatchObject({ perMachine: true });
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    // The loader normalises `files` into filter sets.
    expect(config.files[0]!.filter).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', '!**/node_modules/**']));
  });
});
