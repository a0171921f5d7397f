import path from 'node:path';
import { agentDataDir } from '../guards/agent-data-dir';
import { enrollDevice } from '../sync/enroll';
import { FileModeKeyProtector } from '../sync/key-protector';
import { readManagedSyncConfig, requireIdentityRule } from '../sync/managed-sync-config';
import { parseFlags, UsageError } from './usage';

/**
 * `shiftguard enroll --server URL --token TOKEN [--data DIR]`: enrolls this workstation (headless key
 * storage, identity rule from managed configuration) and saves its identity. Failures (wrong URL,
 * expired or used-up token, server down, TLS) are thrown as EnrollmentError with a plain message; a
 * broken identity rule as ManagedConfigError naming the key (exit 2, nothing sent to the server).
 */
export async function enrollCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { server: { type: 'string' }, token: { type: 'string' }, data: { type: 'string' } });
  // The same per-OS source as the desktop app: registry policy, managed plist, or the Linux file.
  const managed = await readManagedSyncConfig();
  for (const problem of managed.problems) console.error(`shiftguard: managed configuration: ${problem.key}: ${problem.message}`);
  // Before the flags are checked: a broken identity rule is IT's to fix, whatever the command line says.
  const identity = requireIdentityRule(managed);
  const server = values.server ?? (process.env.SHIFTGUARD_SERVER || managed.serverUrl);
  const token = values.token ?? (process.env.SHIFTGUARD_ENROLL_TOKEN || managed.enrollmentToken);
  if (!server) throw new UsageError('enroll needs --server URL');
  if (!token) throw new UsageError('enroll needs --token TOKEN');
  const device = await enrollDevice({ serverUrl: server, token, dataDir: path.resolve(values.data ?? agentDataDir()), protector: new FileModeKeyProtector(), identity });
  console.log(`shiftguard: enrolled with ${device.serverUrl} as device ${device.deviceId} (identity: ${identity.source}; server key ${device.serverKeyId})`);
  return 0;
}
