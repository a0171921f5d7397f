import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_POLICY } from '../../../shared/policy/default-policy';
import type { Policy } from '../../../shared/policy/schema';
import { agentDataDir } from '../guards/agent-data-dir';
import { GuardEngine } from '../guards/guard-engine';
import { openLinuxAdapters, type LinuxAdapterSet } from '../guards/linux/linux-adapters';
import { loadPolicyFile } from '../policy/load-policy-file';
import { PostureService, toCheckResults } from '../posture/check-now';
import { localCheckContext } from '../posture/local-context';
import { defaultStateDir, PostureStateStore } from '../posture/posture-state-store';
import { buildPostureReportBody } from '../report/build-report';
import { hashedMachineId } from '../report/device-identity';
import { enrollWorkstation } from '../report/enroll';
import { loadEnrollment } from '../report/enrollment-state';
import { ReportRejectedError, sendSignedReport, signReport } from '../report/send-report';
import { parseFlags, UsageError } from './usage';

/**
 * `shiftguard run`: the headless agent. Runs the sensitive-mode guards with the Linux adapters and
 * checks and reports posture (signed with the device key) on the policy interval, until
 * SIGINT/SIGTERM. `--once` runs the checks once (no guards) and exits. With a token (--token or
 * SHIFTGUARD_ENROLL_TOKEN) it enrolls first when it is not enrolled with this server, or when the
 * server no longer knows the device.
 */
export async function runAgentCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    server: { type: 'string' },
    policy: { type: 'string' },
    once: { type: 'boolean' },
    data: { type: 'string' },
    token: { type: 'string' },
  });
  const server = values.server ?? process.env.SHIFTGUARD_SERVER;
  if (server !== undefined && !URL.canParse(server)) throw new UsageError(`--server: '${server}' is not a URL`);
  const policy = values.policy ? await loadPolicyFile(values.policy) : DEFAULT_POLICY;
  const ctx = localCheckContext(policy);
  // The same entry point and kept state (grace periods, fact cache) as `shiftguard check`.
  const posture = new PostureService(() => ctx, PostureStateStore.inDir(defaultStateDir()));
  const deviceId = hashedMachineId();
  const dataDir = path.resolve(values.data ?? agentDataDir());
  const token = values.token ?? process.env.SHIFTGUARD_ENROLL_TOKEN;
  let identity = server ? loadEnrollment(dataDir, server) : undefined;
  const enroll = async () => {
    if (!server || !token) return undefined;
    const state = await enrollWorkstation(server, token, dataDir);
    console.log(`shiftguard agent: enrolled as device ${state.deviceId}`);
    return loadEnrollment(dataDir, server);
  };
  if (server && !identity) {
    identity = await enroll();
    if (!identity) console.error('shiftguard agent: not enrolled with this server; run `shiftguard enroll --server URL --token TOKEN` or pass --token');
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  console.log(`shiftguard agent: running${server ? `, reporting to ${server}` : ' (not reporting: no --server)'}`);
  const guards = values.once ? null : await startGuards(policy, dataDir, deviceId);
  try {
    while (!stop.signal.aborted) {
      const assessment = await posture.checkNow();
      for (const w of assessment.warnings) console.error(`shiftguard agent: warning: ${w}`);
      console.log(`shiftguard agent: posture ${assessment.compliant ? 'compliant' : 'not compliant'}`);
      const checks = toCheckResults(assessment);
      if (server && identity) {
        const body = buildPostureReportBody({ deviceId: identity.deviceId, platform: ctx.platform, checks, compliant: assessment.compliant, policy, now: ctx.now() });
        try {
          try {
            await sendSignedReport(server, signReport(body, identity.deviceId, identity.privateKey));
          } catch (error) {
            // The server forgot or revoked this device (e.g. its data was reset): enroll again if we can.
            const gone = error instanceof ReportRejectedError && (error.code === 'unknown_device' || error.code === 'device_revoked');
            const again = gone ? await enroll() : undefined;
            if (!again) throw error;
            identity = again;
            body.deviceId = again.deviceId;
            await sendSignedReport(server, signReport(body, again.deviceId, again.privateKey));
          }
          console.log(`shiftguard agent: report ${body.reportId} sent (${checks.map((c) => `${c.id}=${c.status}`).join(', ')})`);
        } catch (error) {
          console.error(`shiftguard agent: report not sent: ${(error as Error).message}`);
        }
      }
      if (values.once) break;
      await sleep(policy.reportIntervalMinutes * 60_000, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    if (guards) {
      await guards.engine.stop();
      guards.linux.close();
      console.log('shiftguard agent: guards stopped');
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return 0;
}

async function startGuards(policy: Policy, dataDir: string, deviceId: string): Promise<{ engine: GuardEngine; linux: LinuxAdapterSet }> {
  const linux: LinuxAdapterSet =
    process.platform === 'linux'
      ? await openLinuxAdapters()
      : { adapters: {}, unavailable: [{ adapter: 'all', reason: `the headless guards have adapters for Linux only, not ${process.platform}` }], close: () => undefined };
  const engine = new GuardEngine({ policy, adapters: linux.adapters, dataDir, deviceId });
  // The audit log is the headless agent's console output too (entries are scrubbed already).
  engine.audit.onEntry(({ ts, type, ...rest }) => console.log(`shiftguard guard: ${ts} ${type} ${JSON.stringify(rest)}`));
  for (const u of linux.unavailable) console.log(`shiftguard guard: ${u.adapter} not available: ${u.reason}`);
  const { integrationApi } = await engine.start();
  console.log(
    `shiftguard guard: guards running (clipboard ${policy.clipboard.mode}, ${policy.sensitive.windowRules.length} window rule(s)); data in ${dataDir}` +
      (integrationApi ? `; integration API on http://127.0.0.1:${integrationApi.port} (token in ${path.join(dataDir, 'integration-token')})` : ''),
  );
  return { engine, linux };
}
