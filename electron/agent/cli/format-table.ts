import type { CheckResult } from '../../../shared/posture/check-result';
import { formatRemaining, type JudgedCheck } from '../../../shared/posture/grace';

const MARK: Record<CheckResult['status'], string> = { pass: 'PASS', fail: 'FAIL', unknown: '????', error: 'ERR ' };

function note(r: CheckResult | JudgedCheck): string {
  if (!('judgement' in r)) return '';
  switch (r.judgement) {
    case 'pass':
    case 'off':
      return '';
    case 'audit':
      return ' [audit only]';
    case 'grace':
      return r.graceRemainingMinutes !== null ? ` [grace: ${formatRemaining(r.graceRemainingMinutes)} left]` : ' [grace]';
    case 'blocking':
      return r.graceEndsAt ? ' [grace over: blocking]' : ' [blocking]';
  }
}

/** A readable table of check results for a terminal. */
export function formatCheckTable(results: readonly (CheckResult | JudgedCheck)[]): string {
  if (results.length === 0) return '(no checks enabled by the policy)';
  const width = Math.max(...results.map((r) => r.id.length), 5);
  const lines = results.map((r) => {
    const fix = r.remediation && r.status !== 'pass' ? `\n${' '.repeat(width + 8)}fix: ${r.remediation}` : '';
    return `${MARK[r.status]}  ${r.id.padEnd(width)}  ${r.summary}${note(r)}${fix}`;
  });
  return lines.join('\n');
}
