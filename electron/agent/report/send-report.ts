import type { PostureReport } from '../../../shared/api/legacy-report';
import { API_PREFIX } from '../../../shared/version';

/** The endpoint answered a report with an error status. */
export class ReportRejectedError extends Error {
  override readonly name = 'ReportRejectedError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** POSTs one report; resolves when the server acknowledged it. */
export async function sendReport(serverUrl: string, report: PostureReport, timeoutMs = 10_000): Promise<void> {
  const url = new URL(`${API_PREFIX}/reports`, serverUrl);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(report),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) {
    const body = await response.text().catch(() => '');
    throw new ReportRejectedError(response.status, `server answered ${response.status}: ${body.slice(0, 300)}`);
  }
}
