import type { z } from 'zod';
import { CSRF_HEADER } from '../../../../shared/api/auth';
import { ApiErrorSchema } from '../../../../shared/api/errors';
import { API_PREFIX } from '../../../../shared/version';

/** A refusal or failure answered by the server (or the network), with the API's stable code. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onSessionLost: (() => void) | null = null;

/** The CSRF token of the current session, echoed on every change (null when signed out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called once when a request is answered 401: the session expired or was signed out elsewhere. */
export function setSessionLostHandler(handler: (() => void) | null): void {
  onSessionLost = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Calls the API and validates the answer with `schema` (the shared contract), so a server that
 * drifts from the contract shows an error instead of half-rendered data.
 */
export async function api<T>(method: Method, path: string, schema: z.ZodType<T> | null, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiRequestError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  if (!response.ok) {
    const parsed = ApiErrorSchema.safeParse(await response.json().catch(() => null));
    const error = parsed.success
      ? new ApiRequestError(response.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.field)
      : new ApiRequestError(response.status, 'internal', `HTTP ${response.status}`);
    if (response.status === 401 && path !== '/auth/login') onSessionLost?.();
    throw error;
  }
  if (schema === null || response.status === 204) return undefined as T;
  const data: unknown = await response.json();
  const checked = schema.safeParse(data);
  if (!checked.success) throw new ApiRequestError(response.status, 'contract', `unexpected answer from ${path}: ${checked.error.issues[0]?.message ?? ''}`);
  return checked.data;
}

/** Builds a query string from defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
