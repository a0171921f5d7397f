import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE, type Role } from '../../shared/api/auth';
import type { AppContext } from '../context';
import type { Session } from '../repositories/people-repository';
import type { Actor } from '../repositories/audit-repository';
import { scopeFor, type Scope } from '../repositories/scope';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
  }
}

/** A refusal of a person's request (401 unauthenticated, 403 forbidden / csrf_failed). */
export class AccessError extends Error {
  override readonly name = 'AccessError';
  constructor(
    readonly statusCode: number,
    readonly code: 'unauthenticated' | 'forbidden' | 'csrf_failed',
    message: string,
  ) {
    super(message);
  }
}

/** Reads one cookie from the Cookie header; a value with a malformed %-escape counts as absent. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        // URIError: not a cookie we ever set, so the request is simply not signed in.
        return undefined;
      }
    }
  }
  return undefined;
}

/** Sets (or, with maxAgeSeconds 0, clears) the session cookie: httpOnly, SameSite=Strict, Path=/. */
export function setSessionCookie(reply: FastifyReply, value: string, maxAgeSeconds: number, secure: boolean): void {
  const attributes = [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
  if (secure) attributes.push('Secure');
  void reply.header('set-cookie', attributes.join('; '));
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A preHandler that requires a signed-in person with one of `roles`. Changes (POST, PUT, PATCH,
 * DELETE) must also carry the session's CSRF token in the x-csrf-token header: a cross-site form or
 * script cannot read it, so SameSite aside, no other site can make changes in the person's name.
 */
export function requireRole(ctx: AppContext, ...roles: Role[]): preHandlerAsyncHookHandler {
  return async (request) => {
    const cookie = readCookie(request, SESSION_COOKIE);
    const session = cookie ? await ctx.people.session(cookie) : undefined;
    if (!session) throw new AccessError(401, 'unauthenticated', 'sign in first');
    if (!SAFE_METHODS.has(request.method)) {
      const token = request.headers[CSRF_HEADER];
      if (typeof token !== 'string' || !sameToken(token, session.csrfToken)) throw new AccessError(403, 'csrf_failed', `missing or wrong ${CSRF_HEADER} header`);
    }
    if (!roles.includes(session.user.role)) throw new AccessError(403, 'forbidden', `this needs the role ${roles.join(' or ')}`);
    request.session = session;
  };
}

/** The signed-in person (after requireRole). */
export function sessionOf(request: FastifyRequest): Session {
  if (!request.session) throw new AccessError(401, 'unauthenticated', 'sign in first');
  return request.session;
}

/** The audit actor of a request. */
export function actorOf(request: FastifyRequest): Actor {
  const { user } = sessionOf(request);
  return { id: user.id, email: user.email };
}

/** The data scope of a request (supervisors: own teams). */
export function scopeOf(request: FastifyRequest): Scope {
  return scopeFor(sessionOf(request).user);
}
