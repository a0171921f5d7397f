import { DEFAULT_POLICY } from '../../../shared/policy/default-policy';
import { loadPolicyFile } from '../policy/load-policy-file';
import { checkNow, type PostureAssessment } from '../posture/check-now';
import { localCheckContext } from '../posture/local-context';
import { defaultStateDir, PostureStateStore } from '../posture/posture-state-store';
import { formatCheckTable } from './format-table';
import { parseFlags } from './usage';

/** Exit codes of `shiftguard check` (errors before any verdict exit 2 through the launcher). */
export const CHECK_EXIT = { compliant: 0, nonCompliant: 1, error: 2 } as const;

/**
 * The JSON document `shiftguard check --json` prints. Stable for MDM custom-compliance scripts:
 * `compliant` is the verdict, `statuses` a flat id → status map (what Intune-style discovery
 * scripts return), `checks` the full results with evidence, remediation and grace information.
 */
export function checkReportJson(a: PostureAssessment, totalDurationMs: number) {
  return {
    schema: 'shiftguard.posture.v1',
    compliant: a.compliant,
    allEnforcedPassed: a.allEnforcedPassed,
    exitCode: a.compliant ? CHECK_EXIT.compliant : CHECK_EXIT.nonCompliant,
    generatedAt: a.generatedAt,
    platform: a.platform,
    policy: a.policy,
    statuses: Object.fromEntries(a.checks.map((c) => [c.id, c.status])),
    checks: a.checks,
    totalDurationMs,
    warnings: a.warnings,
  };
}

/** `shiftguard check [--json] [--policy FILE] [--state-dir DIR]`: exit 0 compliant, 1 not compliant, 2 error. */
export async function checkCommand(args: string[]): Promise<number> {
  const started = performance.now();
  const { values } = parseFlags(args, { json: { type: 'boolean' }, policy: { type: 'string' }, 'state-dir': { type: 'string' } });
  // A bad policy file throws here (naming the field), before any check runs.
  const policy = values.policy ? await loadPolicyFile(values.policy) : DEFAULT_POLICY;
  const ctx = localCheckContext(policy);
  const store = PostureStateStore.inDir(values['state-dir'] ?? defaultStateDir());
  const assessment = await checkNow(ctx, store);
  const total = Math.round(performance.now() - started);
  for (const w of assessment.warnings) process.stderr.write(`shiftguard: warning: ${w}\n`);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(checkReportJson(assessment, total), null, 2)}\n`);
  } else {
    // The verdict stays alone on its line ("Compliant." / "Not compliant.") for scripts that grep it.
    const verdict = assessment.compliant ? 'Compliant.' : 'Not compliant.';
    const graceNote = assessment.compliant && !assessment.allEnforcedPassed ? 'Some enforced checks are failing inside their grace period.\n' : '';
    process.stdout.write(`${formatCheckTable(assessment.checks)}\n\n${verdict}\n${graceNote}(policy "${policy.name}" v${policy.version}, ${total} ms)\n`);
  }
  return assessment.compliant ? CHECK_EXIT.compliant : CHECK_EXIT.nonCompliant;
}
