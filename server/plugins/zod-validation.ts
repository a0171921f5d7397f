import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { z } from 'zod';
import { describeZodError, firstIssuePath } from '../../shared/validation';

/** Marks a zod validation failure so the error handler can name the field. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  readonly statusCode = 400;
  readonly code = 'invalid_request';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function isZodSchema(schema: unknown): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && typeof (schema as z.ZodType).safeParse === 'function';
}

/**
 * Lets routes declare `schema: { body: SomeZodSchema }` with the schemas from shared/, so client
 * and server validate with one definition. The parsed (defaulted, stripped) value replaces the input.
 */
export default fp(async function zodValidation(app: FastifyInstance) {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (!isZodSchema(schema)) throw new Error(`route schema for ${httpPart} must be a zod schema`);
    return (data: unknown) => {
      const result = schema.safeParse(data);
      if (result.success) return { value: result.data };
      const prefix = httpPart === 'body' ? '' : `${httpPart}.`;
      return { error: new ValidationError(prefix + firstIssuePath(result.error), describeZodError(result.error)) };
    };
  });
});
