import { z } from 'zod';

/**
 * Stable error codes of the API. Clients branch on `code`, never on the message.
 *
 * Report / device refusals: `bad_signature`, `unknown_device`, `device_revoked`, `device_key_unusable`
 * (a small-order key enrolled before such keys were refused), `stale_timestamp`,
 * `report_conflict` (same report id, different content), `invalid_request` (schema violation, with
 * `field`), `body_too_large`, `card_number_refused`, `rate_limited`.
 *
 * `database_unavailable` (503, with Retry-After): the database is locked by another process or
 * unreachable; nothing was stored and the same request can be sent again later.
 */
export const API_ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'unsupported_media_type',
  'body_too_large',
  'not_found',
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'rate_limited',
  'conflict',
  'bad_signature',
  'unknown_device',
  'device_revoked',
  'device_key_unusable',
  'stale_timestamp',
  'report_conflict',
  'card_number_refused',
  'enrollment_refused',
  'invalid_policy',
  'database_unavailable',
  'internal',
] as const;
export const ApiErrorCodeSchema = z.enum(API_ERROR_CODES);
/** One of {@link API_ERROR_CODES}. */
export type ApiErrorCode = z.infer<typeof ApiErrorCodeSchema>;

/** Error body of every 4xx/5xx answer: a stable code, a human message, and the failing field for `invalid_request`. */
export const ApiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
