import path from 'node:path';
import { DEFAULT_POLICY } from '../../../shared/policy/default-policy';
import type { Policy } from '../../../shared/policy/schema';
import { agentDataDir } from '../guards/agent-data-dir';
import { GuardEngine } from '../guards/guard-engine';
import { ALL_ADAPTERS, openPlatformAdapters, type PlatformAdapterSet } from '../guards/platform-adapters';
import { loadPolicyFile } from '../policy/load-policy-file';
import { PostureService, toCheckResults } from '../posture/check-now';
import { localCheckContext } from '../posture/local-context';
import { defaultStateDir, PostureStateStore } from '../posture/posture-state-store';
import { hashedMachineId } from '../report/device-identity';
import { reportGuards, type GuardReporter } from '../sync/guard-reporter';
import { startHeadlessSync } from '../sync/headless-sync';
import { postureReportInput } from '../sync/posture-report';
import { parseFlags, UsageError } from './usage';

/**
 * `shiftguard run`: the headless agent. Runs the sensitive-mode guards with this platform's adapters and
 * checks posture on the policy interval, reporting through the sync engine (signed, via the durable
 * outbox), until SIGINT/SIGTERM. `--once` runs the checks once (no guards), waits a little for the
 * report to be delivered, and exits. With a token (--token, SHIFTGUARD_ENROLL_TOKEN or managed
 * configuration) it enrolls first when it is not enrolled with this server. Once enrolled, the
 * server's verified policy applies (the built-in default before), unless --policy names a file; a
 * newer one switches the guards at once and re-runs the posture checks under it. Sensitive-mode
 * changes and guard actions are reported too (batched, masked).
 */
export async function runAgentCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    server: { type: 'string' },
    policy: { type: 'string' },
    once: { type: 'boolean' },
    data: { type: 'string' },
    token: { type: 'string' },
  });
  const server = values.server ?? (process.env.SHIFTGUARD_SERVER || undefined);
  if (server !== undefined && !URL.canParse(server)) throw new UsageError(`--server: '${server}' is not a URL`);
  const token = values.token ?? (process.env.SHIFTGUARD_ENROLL_TOKEN || undefined);
  const filePolicy = values.policy ? await loadPolicyFile(values.policy) : undefined;
  const dataDir = path.resolve(values.data ?? agentDataDir());
  const stop = new AbortController();
  let wake = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  // Enrollment, outbox, heartbeats, policies: electron/agent/sync. A check-now cuts the wait short.
  const sync = await startHeadlessSync({ ...(server ? { server } : {}), ...(token ? { token } : {}), dataDir, log: (line) => console.log(`shiftguard agent: ${line.replace(/^sync: /, '')}`), onCheckNow: () => wake.abort() });
  const policyNow = (): Policy => filePolicy ?? sync?.policies.current().policy ?? DEFAULT_POLICY;
  // The same entry point and kept state (grace periods, fact cache) as `shiftguard check`.
  const posture = new PostureService(() => localCheckContext(policyNow()), PostureStateStore.inDir(defaultStateDir()));
  const device = sync?.enrolled();
  console.log(`shiftguard agent: running${device ? `, reporting to ${device.serverUrl} as device ${device.deviceId}` : ' (not reporting: not enrolled)'}`);
  const guards = values.once ? null : await startGuards(policyNow, dataDir, device?.deviceId ?? hashedMachineId());
  const reporter: GuardReporter | null = guards && sync ? reportGuards(guards.engine, sync, { log: (line) => console.error(`shiftguard agent: ${line}`) }) : null;
  // A verified policy from the server reaches the guards and the posture checks in one step: the
  // guards switch as the store does, and the checks run again at once under it. (--policy wins.)
  const unsubscribe =
    sync && !filePolicy
      ? sync.policies.subscribe((snapshot) => {
          console.log(`shiftguard agent: policy ${snapshot.policy.name} version ${snapshot.version} applied`);
          void guards?.engine.applyPolicy(snapshot.policy);
          wake.abort();
        })
      : () => undefined;
  // A policy that arrived while the guards were starting.
  if (guards) await guards.engine.applyPolicy(policyNow());
  try {
    while (!stop.signal.aborted) {
      // A new policy or a check-now from here on runs the checks again after this round.
      wake = new AbortController();
      const policy = policyNow();
      try {
        const assessment = await posture.checkNow();
        for (const w of assessment.warnings) console.error(`shiftguard agent: warning: ${w}`);
        const checks = toCheckResults(assessment);
        const queued = sync?.report(postureReportInput(checks, assessment.compliant, localCheckContext(policy).platform));
        console.log(`shiftguard agent: posture ${assessment.compliant ? 'compliant' : 'not compliant'}${queued ? `; report ${queued.reportId} queued` : ''} (${checks.map((c) => `${c.id}=${c.status}`).join(', ')})`);
      } catch (error) {
        // One round that fails (a full disk, a broken state file) must not end the agent: the guards
        // keep running and the next round (interval, check-now, new policy) tries again.
        console.error(`shiftguard agent: posture round failed: ${(error as Error).message}`);
      }
      if (values.once) {
        if (sync && !(await sync.drain(15_000))) console.error(`shiftguard agent: ${sync.status().queued} report(s) not delivered yet; they stay in the outbox (${sync.status().lastError ?? 'no answer'})`);
        break;
      }
      // A signal that came during the round has fired its 'abort' already: waiting for it would
      // mean waiting out the whole report interval (the agent would not exit on SIGTERM).
      if (stop.signal.aborted) break;
      if (wake.signal.aborted) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, policy.reportIntervalMinutes * 60_000);
        const done = () => (clearTimeout(timer), resolve());
        stop.signal.addEventListener('abort', done, { once: true });
        wake.signal.addEventListener('abort', done, { once: true });
      });
    }
  } finally {
    unsubscribe();
    if (guards) {
      // The session's end ("agent-stopped") and the last guard events are queued before agent-stopped.
      await guards.engine.stop();
      reporter?.stop();
      guards.linux.close();
      console.log('shiftguard agent: guards stopped');
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await sync?.stop(values.once ? undefined : 'signal');
  }
  return 0;
}

async function startGuards(policyNow: () => Policy, dataDir: string, deviceId: string): Promise<{ engine: GuardEngine; linux: PlatformAdapterSet }> {
  const linux: PlatformAdapterSet = await openPlatformAdapters({ platform: process.platform, want: ALL_ADAPTERS, env: process.env });
  // Read after the adapters opened: a server policy may have arrived meanwhile.
  const policy = policyNow();
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
