import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiError } from '../../shared/api/errors';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../db/unavailable';
import { DeviceRefusedError } from '../devices/device-auth';
import { EnrollmentRefusedError, NotFoundError } from '../repositories/enrollment-repository';
import { DuplicateError } from '../repositories/people-repository';
import { InvalidPolicyError, PolicyConflictError } from '../repositories/policies-repository';
import { AccessError } from './session-auth';
import { ValidationError } from './zod-validation';

type Mapped = { status: number; body: ApiError; headers?: Record<string, string> };

function mapKnown(error: unknown): Mapped | null {
  const cause = (error as { cause?: unknown }).cause;
  const validation = error instanceof ValidationError ? error : cause instanceof ValidationError ? cause : null;
  if (validation) return { status: 400, body: { error: { code: 'invalid_request', message: validation.message, field: validation.field } } };
  if (error instanceof DeviceRefusedError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message } },
      ...(error.retryAfterSeconds ? { headers: { 'retry-after': String(error.retryAfterSeconds) } } : {}),
    };
  }
  if (error instanceof AccessError) return { status: error.statusCode, body: { error: { code: error.code, message: error.message } } };
  if (error instanceof EnrollmentRefusedError) return { status: 403, body: { error: { code: 'enrollment_refused', message: error.message } } };
  if (error instanceof InvalidPolicyError) return { status: 400, body: { error: { code: 'invalid_policy', message: error.message, field: error.field } } };
  if (error instanceof NotFoundError) return { status: 404, body: { error: { code: 'not_found', message: error.message } } };
  if (error instanceof PolicyConflictError || error instanceof DuplicateError) return { status: 409, body: { error: { code: 'conflict', message: error.message } } };
  // Not a bug and not the caller's fault: the database is locked by another process or PostgreSQL
  // is down. 503 with a stable code and Retry-After tells agents to keep the report and back off.
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      body: { error: { code: 'database_unavailable', message: 'the database is busy or unreachable; nothing was stored, retry later' } },
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
    };
  }
  return null;
}

/**
 * One error shape for every failure: {error: {code, message, field?}}. Internal errors are
 * logged with their stack and answered without details, so nothing sensitive leaks.
 */
export default fp(async function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = mapKnown(error);
    let status = error.statusCode ?? 500;
    let body: ApiError;
    if (known) {
      status = known.status;
      body = known.body;
      if (known.headers) void reply.headers(known.headers);
      // Said once per request, without the stack: an outage answers many requests this way.
      if (status === 503) request.log.warn({ code: (error as { code?: unknown }).code, route: request.routeOptions.url }, 'database unavailable');
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      body = { error: { code: 'body_too_large', message: 'request body is too large' } };
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      body = { error: { code: 'unsupported_media_type', message: 'send application/json' } };
    } else if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      status = 400;
      body = { error: { code: 'invalid_json', message: 'request body is not valid JSON' } };
    } else if (status < 500) {
      body = { error: { code: error.code?.toLowerCase() ?? 'bad_request', message: error.message } };
    } else {
      request.log.error({ err: error }, 'request failed');
      status = 500;
      body = { error: { code: 'internal', message: 'internal server error' } };
    }
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` } });
  });
});
