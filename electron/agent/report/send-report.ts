import { sign, type KeyObject } from 'node:crypto';
import type { PostureReport, ReportBody, SignedReport } from '../../../shared/api/report';
import { envelopeSigningInput } from '../../../shared/envelope/signed-envelope';
import { API_PREFIX } from '../../../shared/version';

/** The endpoint answered a request with an error status; `code` is the API error code when given. */
export class ReportRejectedError extends Error {
  override readonly name = 'ReportRejectedError';
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Signs a report body for this device (envelope purpose "report", signed now). */
export function signReport(body: ReportBody, deviceId: string, privateKey: KeyObject, now = new Date()): SignedReport {
  const header = { purpose: 'report' as const, keyId: deviceId, signedAt: now.toISOString() };
  const signature = sign(null, Buffer.from(envelopeSigningInput(header, body), 'utf8'), privateKey).toString('base64url');
  return { ...header, payload: body, signature };
}

/**
 * @deprecated POSTs the walking skeleton's unsigned report, as the desktop engine still does until
 * the sync engine (issue 9) lands; the server answers 400 (it takes signed envelopes only), which
 * the desktop app shows as "not sent". Use sendSignedReport.
 */
export function sendReport(serverUrl: string, report: PostureReport, timeoutMs = 10_000): Promise<void> {
  return post(serverUrl, report, timeoutMs);
}

/** POSTs one signed report; resolves when the server acknowledged it (created or duplicate). */
export function sendSignedReport(serverUrl: string, report: SignedReport, timeoutMs = 10_000): Promise<void> {
  return post(serverUrl, report, timeoutMs);
}

async function post(serverUrl: string, report: unknown, timeoutMs: number): Promise<void> {
  const url = new URL(`${API_PREFIX}/reports`, serverUrl);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(report),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) {
    const body = await response.text().catch(() => '');
    let code: string | undefined;
    try {
      code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
    } catch {
      code = undefined;
    }
    throw new ReportRejectedError(response.status, `server answered ${response.status}: ${body.slice(0, 300)}`, code);
  }
}
