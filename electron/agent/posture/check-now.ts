import type { CheckResult } from '../../../shared/posture/check-result';
import { judgeChecks, type Assessment } from '../../../shared/posture/grace';
import { EMPTY_GRACE_STATE } from '../../../shared/posture/grace';
import type { AgentPlatform } from '../../../shared/posture/platform';
import type { CheckContext, PostureCheck } from './check-context';
import type { PostureStateStore } from './posture-state-store';
import { ALL_CHECKS, runChecks, type CheckProgress } from './run-checks';

/** A full posture assessment: judged checks plus what it was judged against. */
export interface PostureAssessment extends Assessment {
  generatedAt: string;
  platform: AgentPlatform;
  policy: { name: string; version: number };
  /** Problems that did not stop the checks (e.g. the state file could not be written). */
  warnings: string[];
}

/**
 * Runs every check now and judges the results against the policy and the kept grace state
 * (read from and written back to the store when one is given).
 */
export async function checkNow(ctx: CheckContext, store?: PostureStateStore, options: { checks?: readonly PostureCheck[]; onProgress?: CheckProgress } = {}): Promise<PostureAssessment> {
  await store?.load();
  const runCtx = store ? { ...ctx, cache: store } : ctx;
  const results = await runChecks(runCtx, options.checks ?? ALL_CHECKS, { onProgress: options.onProgress });
  const now = ctx.now();
  const assessment = judgeChecks(results, ctx.policy, store?.grace ?? EMPTY_GRACE_STATE, now);
  const warnings: string[] = [];
  if (store) {
    store.setGrace(assessment.state);
    // Grace periods then restart from this run; the verdict itself is still right.
    await store.save().catch((error: NodeJS.ErrnoException) => warnings.push(`posture state not saved to ${store.file}: ${error.code ?? error.message}`));
  }
  return { ...assessment, generatedAt: now.toISOString(), platform: ctx.platform, policy: { name: ctx.policy.name, version: ctx.policy.version }, warnings };
}

/** The plain check results of an assessment (what a report carries), without the judgement fields. */
export function toCheckResults(a: PostureAssessment): CheckResult[] {
  return a.checks.map(({ id, status, summary, evidence, remediation, durationMs }) => ({ id, status, summary, evidence, durationMs, ...(remediation === undefined ? {} : { remediation }) }));
}

/**
 * The agent's posture service: "check now" from the tray, the CLI or the console runs the checks
 * at once; a request while a run is under way joins that run instead of starting another.
 */
export class PostureService {
  private running: Promise<PostureAssessment> | null = null;
  private lastResult: PostureAssessment | null = null;

  constructor(
    private readonly ctx: () => CheckContext,
    private readonly store?: PostureStateStore,
    private readonly checks: readonly PostureCheck[] = ALL_CHECKS,
  ) {}

  checkNow(): Promise<PostureAssessment> {
    this.running ??= checkNow(this.ctx(), this.store, { checks: this.checks })
      .then((a) => (this.lastResult = a))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  get last(): PostureAssessment | null {
    return this.lastResult;
  }
}
