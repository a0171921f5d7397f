import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_POLICY } from '../../../shared/policy/default-policy';
import { loadPolicyFile } from '../policy/load-policy-file';
import { localCheckContext } from '../posture/local-context';
import { runChecks } from '../posture/run-checks';
import { buildPostureReport } from '../report/build-report';
import { hashedMachineId } from '../report/device-identity';
import { sendReport } from '../report/send-report';
import { parseFlags, UsageError } from './usage';

/** `shiftguard run`: checks on the policy interval and reports them until stopped. */
export async function runAgentCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { server: { type: 'string' }, policy: { type: 'string' }, once: { type: 'boolean' } });
  const server = values.server ?? process.env.SHIFTGUARD_SERVER;
  if (server !== undefined && !URL.canParse(server)) throw new UsageError(`--server: '${server}' is not a URL`);
  const policy = values.policy ? await loadPolicyFile(values.policy) : DEFAULT_POLICY;
  const ctx = localCheckContext(policy);
  const deviceId = hashedMachineId();
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  console.log(`shiftguard agent: running${server ? `, reporting to ${server}` : ' (not reporting: no --server)'}`);
  while (!stop.signal.aborted) {
    const checks = await runChecks(ctx);
    const report = buildPostureReport({ deviceId, platform: ctx.platform, checks, now: ctx.now() });
    if (server) {
      try {
        await sendReport(server, report);
        console.log(`shiftguard agent: report ${report.reportId} sent (${checks.map((c) => `${c.id}=${c.status}`).join(', ')})`);
      } catch (error) {
        console.error(`shiftguard agent: report not sent: ${(error as Error).message}`);
      }
    }
    if (values.once) break;
    await sleep(policy.reportIntervalMinutes * 60_000, undefined, { signal: stop.signal }).catch(() => undefined);
  }
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return 0;
}
