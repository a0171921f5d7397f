import path from 'node:path';
import { agentDataDir } from '../guards/agent-data-dir';
import { enrollDevice } from '../sync/enroll';
import { FileModeKeyProtector } from '../sync/key-protector';
import { readManagedSyncConfig } from '../sync/managed-sync-config';
import { parseFlags, UsageError } from './usage';

/**
 * `shiftguard enroll --server URL --token TOKEN [--data DIR]`: enrolls this workstation (headless key
 * storage, identity rule from managed configuration) and saves its identity. Failures (wrong URL,
 * expired or used-up token, server down, TLS) are thrown as EnrollmentError with a plain message.
 */
export async function enrollCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { server: { type: 'string' }, token: { type: 'string' }, data: { type: 'string' } });
  const managed = readManagedSyncConfig();
  const server = values.server ?? (process.env.SHIFTGUARD_SERVER || managed.serverUrl);
  const token = values.token ?? (process.env.SHIFTGUARD_ENROLL_TOKEN || managed.enrollmentToken);
  if (!server) throw new UsageError('enroll needs --server URL');
  if (!token) throw new UsageError('enroll needs --token TOKEN');
  const device = await enrollDevice({ serverUrl: server, token, dataDir: path.resolve(values.data ?? agentDataDir()), protector: new FileModeKeyProtector(), identity: managed.identity });
  console.log(`shiftguard: enrolled with ${device.serverUrl} as device ${device.deviceId} (identity: ${managed.identity.source}; server key ${device.serverKeyId})`);
  return 0;
}
