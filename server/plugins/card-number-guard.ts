import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { API_PREFIX } from '../../shared/version';
import { containsCardNumber } from '../devices/card-number-check';
import { DeviceRefusedError } from '../devices/device-auth';

/** Reports are checked by their route, after the signature (so an unknown device gets 401, not 422). */
const CHECKED_BY_ROUTE = new Set([`${API_PREFIX}/reports`]);
/** Top-level fields that are never stored as sent (passwords are hashed) and may be any text. */
const FREE_FIELDS = new Set(['password']);

/**
 * Whether any string, key or integer of a parsed JSON body holds a card number. Walks with an
 * explicit stack, not recursion: a body nested thousands of levels deep (it is not validated yet)
 * must not overflow the call stack.
 */
function bodyHoldsCardNumber(body: unknown): boolean {
  const stack: [unknown, boolean][] = [[body, true]];
  while (stack.length > 0) {
    const [value, top] = stack.pop()!;
    if (Array.isArray(value)) for (const v of value) stack.push([v, false]);
    else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (top && FREE_FIELDS.has(k)) continue;
        if (containsCardNumber(k)) return true;
        stack.push([v, false]);
      }
    } else if (containsCardNumber(value)) return true;
  }
  return false;
}

/**
 * No full card number is stored by the server: any JSON body that holds one (an enrollment's
 * hostname, a team or policy name, a user's email, ...) is refused with 422 `card_number_refused`
 * before it reaches a route, and nothing of it is stored or logged.
 */
export default fp(async function cardNumberGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null || typeof request.body !== 'object') return;
    if (CHECKED_BY_ROUTE.has(request.routeOptions.url ?? '')) return;
    if (bodyHoldsCardNumber(request.body)) throw new DeviceRefusedError(422, 'card_number_refused', 'the request contains what looks like a full card number; it was discarded');
  });
});
