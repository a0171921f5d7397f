import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm audit --omit=dev`: no high or critical advisory in what ships. The audit needs the
 * registry's advisory endpoint; where it is unreachable (offline CI, a mirror without the audit
 * API) the test prints "skipped:" with the reason instead of failing.
 */
interface AuditReport {
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity: string; via: unknown[] }>;
  message?: string;
  error?: { summary?: string; code?: string };
}

function runAudit(): Promise<{ json: AuditReport | null; stderr: string; error: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['audit', '--omit=dev', '--json'], { cwd: path.resolve(import.meta.dirname, '..', '..'), timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      let json: AuditReport | null = null;
      try {
        json = JSON.parse(stdout) as AuditReport;
      } catch {
        json = null;
      }
      resolve({ json, stderr, error: error?.message ?? '' });
    });
  });
}

describe('npm audit (production dependencies)', () => {
  it('has no high or critical advisory', { timeout: 90_000 }, async (ctx) => {
    const { json, stderr, error } = await runAudit();
    const counts = json?.metadata?.vulnerabilities;
    if (!counts) {
      const reason = json?.message ?? json?.error?.summary ?? (/npm error (.*)/.exec(stderr)?.[1] || error || 'no audit report');
      console.log(`skipped: npm audit unavailable (${reason.slice(0, 200)})`);
      ctx.skip();
      return;
    }
    const serious = Object.entries(json?.vulnerabilities ?? {})
      .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
      .map(([name, v]) => `${name}: ${v.severity}`);
    expect(serious).toEqual([]);
    expect((counts.high ?? 0) + (counts.critical ?? 0)).toBe(0);
  });
});
