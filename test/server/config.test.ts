import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, resolveServerConfig } from '../../server/config';
import { makeTempDir } from '../helpers/temp-dir';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
const write = (name: string, text: string) => {
  const file = path.join(tmp.dir, name);
  writeFileSync(file, text);
  return file;
};

describe('server configuration', () => {
  it('reads the config file, with environment variables and flags winning', () => {
    const file = write('ok.json', JSON.stringify({ port: 9001, host: '0.0.0.0', reportsPerMinute: 30, secureCookies: true }));
    const config = resolveServerConfig({ config: file }, { SHIFTGUARD_REPORT_BURST: '7' });
    expect(config).toMatchObject({ port: 9001, host: '0.0.0.0', settings: { reportsPerMinute: 30, reportBurst: 7, secureCookies: true } });
    expect(resolveServerConfig({ config: file, port: '9002' }, { PORT: '9003' }).port).toBe(9002);
    expect(resolveServerConfig({ config: file }, { PORT: '9003' }).port).toBe(9003);
    expect(config.policyKeyFile).toBe(path.join(config.dataDir, 'keys', 'policy-signing-key.pem'));
  });

  it.each([
    ['an unknown key', '{"prot": 1}', /Unrecognized key|prot/],
    ['a wrong type', '{"port": "80"}', /port/],
    ['a non-postgres URL', '{"databaseUrl": "mysql://x"}', /databaseUrl/],
    ['broken JSON', '{', /not valid JSON/],
  ])('refuses %s with a clear error', (_name, text, message) => {
    const file = write(`bad-${Math.random()}.json`, text);
    expect(() => resolveServerConfig({ config: file }, {})).toThrow(ConfigError);
    expect(() => resolveServerConfig({ config: file }, {})).toThrow(message);
  });

  it('refuses bad environment values, naming them', () => {
    expect(() => resolveServerConfig({}, { SHIFTGUARD_REPORTS_PER_MINUTE: 'lots' })).toThrow(/SHIFTGUARD_REPORTS_PER_MINUTE/);
    expect(() => resolveServerConfig({}, { LOG_LEVEL: 'chatty' })).toThrow(/LOG_LEVEL/);
    expect(() => resolveServerConfig({}, { DATABASE_URL: 'sqlite://x' })).toThrow(/DATABASE_URL/);
    expect(() => resolveServerConfig({ config: path.join(tmp.dir, 'missing.json') }, {})).toThrow(/does not exist/);
  });
});
