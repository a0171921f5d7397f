import { ApiErrorSchema } from '../../../shared/api/errors';

/**
 * Why a request to the endpoint failed, in the terms a person can act on:
 * - `unreachable`: nothing answered (DNS, connection refused or reset, timeout): the server is down
 *   or the address is wrong;
 * - `tls`: the TLS handshake failed (certificate untrusted, expired, wrong host name);
 * - `not-shiftguard`: something answered, but not a ShiftGuard endpoint (wrong URL or path);
 * - `refused`: the endpoint answered with an API error (`apiCode` says which);
 * - `server-error`: the endpoint failed (5xx).
 */
export type RequestFailure = 'unreachable' | 'tls' | 'not-shiftguard' | 'refused' | 'server-error';

export class EndpointError extends Error {
  override readonly name = 'EndpointError';
  constructor(
    readonly failure: RequestFailure,
    message: string,
    readonly status?: number,
    readonly apiCode?: string,
    /** Seconds the server asked us to wait (429 Retry-After, 503 database_unavailable). */
    readonly retryAfterSeconds?: number,
    /** The server's clock when it answered (its Date header, epoch ms): says how far ours is off. */
    readonly serverTime?: number,
  ) {
    super(message);
  }

  /** Worth trying again later, unchanged (network, server failure, rate limit, clock skew). */
  get transient(): boolean {
    return this.failure === 'unreachable' || this.failure === 'tls' || this.failure === 'server-error' || this.failure === 'not-shiftguard' || this.apiCode === 'rate_limited' || this.apiCode === 'stale_timestamp';
  }
}

const TLS_CODES = /^(ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_SSL_|EPROTO$|HOSTNAME_MISMATCH)/;

/** The error code behind a fetch failure (undici wraps it in `cause`, sometimes twice). */
function causeCode(error: unknown): string {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    e = (e as { cause?: unknown }).cause;
  }
  if ((error as { name?: string }).name === 'TimeoutError') return 'ETIMEDOUT';
  const cause = (error as { cause?: { message?: unknown } }).cause;
  return typeof cause?.message === 'string' ? cause.message.slice(0, 100) : 'unknown';
}

/** Turns a fetch that threw (no HTTP answer) into an EndpointError. */
export function networkFailure(url: URL, error: unknown): EndpointError {
  const code = causeCode(error);
  if (TLS_CODES.test(code)) return new EndpointError('tls', `TLS failure talking to ${url.origin} (${code}): check the server's certificate and the URL's host name`);
  return new EndpointError('unreachable', `cannot reach ${url.origin} (${code}): the server is down, or the address is wrong`);
}

/** POSTs JSON (or GETs, without body) and parses a JSON answer; any failure becomes an EndpointError. */
export async function requestJson(
  method: 'GET' | 'POST',
  url: URL,
  options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number; fetchImpl?: typeof fetch } = {},
): Promise<{ status: number; json: unknown }> {
  const fetchImpl = options.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method,
      headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw networkFailure(url, error);
  }
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (response.ok) {
    if (json === undefined) throw new EndpointError('not-shiftguard', `${url.origin} answered ${url.pathname} with something that is not JSON: is this the ShiftGuard server URL?`, response.status);
    return { status: response.status, json };
  }
  const apiError = ApiErrorSchema.safeParse(json);
  if (!apiError.success) {
    const failure = response.status >= 500 ? 'server-error' : 'not-shiftguard';
    throw new EndpointError(failure, `${url.origin} answered ${response.status} without a ShiftGuard error${failure === 'not-shiftguard' ? ': is this the ShiftGuard server URL?' : ''}`, response.status);
  }
  const { code, message } = apiError.data.error;
  const retryAfter = Number(response.headers.get('retry-after'));
  const serverTime = Date.parse(response.headers.get('date') ?? '');
  throw new EndpointError(
    response.status >= 500 ? 'server-error' : 'refused',
    `${message} (${code})`,
    response.status,
    code,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    Number.isFinite(serverTime) ? serverTime : undefined,
  );
}
