import type { CheckResult } from '../../../shared/posture/check-result';

const MARK: Record<CheckResult['status'], string> = { pass: 'PASS', fail: 'FAIL', unknown: '????', error: 'ERR ' };

/** A readable table of check results for a terminal. */
export function formatCheckTable(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.id.length), 5);
  const lines = results.map((r) => {
    const fix = r.remediation && r.status !== 'pass' ? `\n${' '.repeat(width + 9)}fix: ${r.remediation}` : '';
    return `${MARK[r.status]}  ${r.id.padEnd(width)}  ${r.summary}${fix}`;
  });
  return lines.join('\n');
}
