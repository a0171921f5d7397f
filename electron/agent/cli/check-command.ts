import { DEFAULT_POLICY } from '../../../shared/policy/default-policy';
import { isCompliant } from '../../../shared/posture/compliance';
import { loadPolicyFile } from '../policy/load-policy-file';
import { localCheckContext } from '../posture/local-context';
import { runChecks } from '../posture/run-checks';
import { formatCheckTable } from './format-table';
import { parseFlags } from './usage';

/** `shiftguard check [--json] [--policy FILE]`: exit 0 compliant, 1 not compliant, 2 error. */
export async function checkCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { json: { type: 'boolean' }, policy: { type: 'string' } });
  const policy = values.policy ? await loadPolicyFile(values.policy) : DEFAULT_POLICY;
  const ctx = localCheckContext(policy);
  const results = await runChecks(ctx);
  const compliant = isCompliant(results, policy);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ compliant, policy: { name: policy.name, version: policy.version }, checks: results }, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatCheckTable(results)}\n\n${compliant ? 'Compliant.' : 'Not compliant.'}\n`);
  }
  return compliant ? 0 : 1;
}
