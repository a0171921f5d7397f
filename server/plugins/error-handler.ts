import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiError } from '../../shared/api/errors';
import { ValidationError } from './zod-validation';

/**
 * One error shape for every failure: {error: {code, message, field?}}. Internal errors are
 * logged with their stack and answered without details, so nothing sensitive leaks.
 */
export default fp(async function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let status = error.statusCode ?? 500;
    let body: ApiError;
    const cause = (error as { validation?: unknown; cause?: unknown }).cause;
    const validation = error instanceof ValidationError ? error : cause instanceof ValidationError ? cause : null;
    if (validation) {
      status = 400;
      body = { error: { code: 'invalid_request', message: validation.message, field: validation.field } };
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
