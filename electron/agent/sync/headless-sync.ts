import { agentDataDir } from '../guards/agent-data-dir';
import { FileModeKeyProtector } from './key-protector';
import { ManagedConfigError, readManagedSyncConfig, requireIdentityRule, type HeadlessManagedProbe } from './managed-sync-config';
import { SyncEngine, type SyncEngineOptions } from './sync-engine';

export interface HeadlessSyncOptions {
  /** --server (or SHIFTGUARD_SERVER); managed serverUrl otherwise. */
  server?: string;
  /** --token (or SHIFTGUARD_ENROLL_TOKEN); managed enrollmentToken otherwise. */
  token?: string;
  dataDir?: string;
  log: (line: string) => void;
  onCheckNow?: SyncEngineOptions['onCheckNow'];
  env?: NodeJS.ProcessEnv;
  /** Platform and readers for managed configuration (tests fake the registry / plutil / file). */
  managed?: Omit<HeadlessManagedProbe, 'env'>;
}

/**
 * The sync engine of the headless agent (`shiftguard run`): key file mode 0600, identity rule from
 * managed configuration. Enrolls first when a token is at hand and the agent is not enrolled with
 * that server (or the server no longer knows it); otherwise runs with what is saved. Returns null
 * when there is neither an enrollment nor a way to make one: the agent then only checks locally.
 */
export async function startHeadlessSync(options: HeadlessSyncOptions): Promise<SyncEngine | null> {
  const managed = await readManagedSyncConfig({ ...options.managed, ...(options.env ? { env: options.env } : {}) });
  for (const problem of managed.problems) options.log(`managed configuration: ${problem.key}: ${problem.message}`);
  const server = options.server ?? managed.serverUrl;
  const token = options.token ?? managed.enrollmentToken;
  const engine = new SyncEngine({
    dataDir: options.dataDir ?? agentDataDir(options.env),
    protector: new FileModeKeyProtector(),
    // Read at each enrollment: a broken identity rule refuses it (ManagedConfigError), never the machine id.
    identity: () => requireIdentityRule(managed),
    log: options.log,
    ...(options.onCheckNow ? { onCheckNow: options.onCheckNow } : {}),
  });
  const enrolled = engine.enrolled();
  const sameServer = enrolled && server ? new URL(server).origin === enrolled.serverUrl : enrolled !== undefined;
  if ((!enrolled || !sameServer) && server && token) {
    if (!managed.identity.ok) {
      // Enrolling is the job here and it is refused: the command fails (exit 2) naming the key.
      await engine.stop();
      throw new ManagedConfigError(managed.identity.block);
    }
    await engine.enroll(server, token);
  } else if (!enrolled || !sameServer) {
    await engine.stop();
    if (server) options.log(`shiftguard agent: not enrolled with ${server}; run \`shiftguard enroll --server URL --token TOKEN\` or pass --token`);
    return null;
  }
  // Enrolled already: the enrollment stays valid, but enrolling again would be refused; say so now.
  if (!managed.identity.ok) options.log(`${managed.identity.block.message} (the current enrollment keeps working)`);
  // The server forgot or revoked this device (its data was reset, IT revoked it): enroll again if we can.
  let reenrolling = false;
  engine.subscribe((status) => {
    if (status.needsEnrollment && server && token && !reenrolling) {
      reenrolling = true;
      engine.enroll(server, token).then(
        () => options.log('shiftguard agent: enrolled again'),
        (error: Error) => options.log(`shiftguard agent: enrolling again failed: ${error.message}`),
      );
    }
  });
  engine.start();
  return engine;
}
