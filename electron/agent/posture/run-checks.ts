import type { CheckResult } from '../../../shared/posture/check-result';
import type { CheckContext, PostureCheck } from './check-context';
import { diskEncryptionCheck } from './checks/disk-encryption';

/** The checks this agent runs, in display order. */
export const ALL_CHECKS: readonly PostureCheck[] = [diskEncryptionCheck];

/** Progress callback: a check started or finished. */
export type CheckProgress = (event: { id: CheckResult['id']; phase: 'started' } | { id: CheckResult['id']; phase: 'finished'; result: CheckResult }) => void;

/**
 * Runs the checks in parallel; a check that throws becomes status "error" rather than taking
 * the others down with it.
 */
export async function runChecks(ctx: CheckContext, checks: readonly PostureCheck[] = ALL_CHECKS, onProgress?: CheckProgress): Promise<CheckResult[]> {
  return Promise.all(
    checks.map(async (check): Promise<CheckResult> => {
      onProgress?.({ id: check.id, phase: 'started' });
      const started = performance.now();
      let result: CheckResult;
      try {
        const outcome = await check.run(ctx);
        result = { id: check.id, ...outcome, durationMs: Math.round(performance.now() - started) };
      } catch (error) {
        result = {
          id: check.id,
          status: 'error',
          summary: 'The check failed unexpectedly.',
          evidence: { error: error instanceof Error ? error.name : 'unknown' },
          remediation: 'Run the check again; if it keeps failing, tell IT.',
          durationMs: Math.round(performance.now() - started),
        };
      }
      onProgress?.({ id: check.id, phase: 'finished', result });
      return result;
    }),
  );
}
