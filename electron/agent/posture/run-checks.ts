import type { CheckResult } from '../../../shared/posture/check-result';
import { controlModeFor } from '../../../shared/posture/compliance';
import type { CheckContext, PostureCheck } from './check-context';
import { ALL_CHECKS } from './checks/posture-checks';

export { ALL_CHECKS };

/** Progress callback: a check started or finished. */
export type CheckProgress = (event: { id: CheckResult['id']; phase: 'started' } | { id: CheckResult['id']; phase: 'finished'; result: CheckResult }) => void;

/** A check that has not finished after this long is reported as an error; the others are not held up. */
export const CHECK_TIMEOUT_MS = 25_000;

class CheckTimeoutError extends Error {
  override readonly name = 'CheckTimeoutError';
}

export interface RunChecksOptions {
  onProgress?: CheckProgress;
  timeoutMs?: number;
}

/**
 * Runs the checks in parallel (checks whose control is "off" are skipped). A check that throws
 * or overruns its deadline becomes status "error" rather than taking the others down or holding
 * them up; its own probes still stop at their own timeouts.
 */
export async function runChecks(ctx: CheckContext, checks: readonly PostureCheck[] = ALL_CHECKS, options: RunChecksOptions = {}): Promise<CheckResult[]> {
  const { onProgress, timeoutMs = CHECK_TIMEOUT_MS } = options;
  const enabled = checks.filter((c) => controlModeFor(c.id, ctx.policy) !== 'off');
  return Promise.all(
    enabled.map(async (check): Promise<CheckResult> => {
      onProgress?.({ id: check.id, phase: 'started' });
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CheckTimeoutError(`${check.id} did not finish within ${timeoutMs} ms`)), timeoutMs);
      });
      let result: CheckResult;
      try {
        const outcome = await Promise.race([check.run(ctx), deadline]);
        result = { id: check.id, ...outcome, durationMs: Math.round(performance.now() - started) };
      } catch (error) {
        const timedOut = error instanceof CheckTimeoutError;
        result = {
          id: check.id,
          status: 'error',
          summary: timedOut ? `The check did not finish within ${Math.round(timeoutMs / 1000)} s.` : 'The check failed unexpectedly.',
          evidence: { error: error instanceof Error ? error.name : 'unknown' },
          remediation: 'Run the check again; if it keeps failing, tell IT.',
          durationMs: Math.round(performance.now() - started),
        };
      } finally {
        clearTimeout(timer);
      }
      onProgress?.({ id: check.id, phase: 'finished', result });
      return result;
    }),
  );
}
