import type { FastifyInstance } from 'fastify';
import { LoginRequestSchema, SESSION_COOKIE, type LoginRequest, type SessionInfo } from '../../shared/api/auth';
import { DeviceRefusedError } from '../devices/device-auth';
import { MAX_LOGIN_FAILURES, LOGIN_WINDOW_MS, type Session } from '../repositories/people-repository';
import { AccessError, readCookie, requireRole, sessionOf, setSessionCookie } from '../plugins/session-auth';

function info(session: Session): SessionInfo {
  return {
    user: { ...session.user, disabled: false, createdAt: new Date(0).toISOString() },
    csrfToken: session.csrfToken,
    expiresAt: new Date(session.expiresAt).toISOString(),
  };
}

/** Sign-in, sign-out, and "who am I". */
export default async function authRoutes(app: FastifyInstance) {
  const ctx = app.sg;

  app.post<{ Body: LoginRequest }>('/auth/login', { schema: { body: LoginRequestSchema } }, async (request, reply) => {
    // Throttled per email and per client address, in the database so all instances share the count.
    const keys = [`email:${request.body.email.toLowerCase()}`, `ip:${request.ip}`];
    for (const key of keys) {
      if ((await ctx.people.loginFailures(key)) >= MAX_LOGIN_FAILURES) {
        ctx.metrics.inc('shiftguard_logins_total', 'Sign-in attempts by outcome.', { outcome: 'throttled' });
        throw new DeviceRefusedError(429, 'rate_limited', 'too many failed sign-ins; wait and try again', Math.ceil(LOGIN_WINDOW_MS / 1000));
      }
    }
    const user = await ctx.people.authenticate(request.body.email, request.body.password);
    if (!user) {
      for (const key of keys) await ctx.people.recordLoginFailure(key);
      ctx.metrics.inc('shiftguard_logins_total', 'Sign-in attempts by outcome.', { outcome: 'failed' });
      throw new AccessError(401, 'unauthenticated', 'wrong email or password');
    }
    await ctx.people.clearLoginFailures(keys[0] ?? '');
    const ttl = ctx.settings.sessionTtlHours * 3_600_000;
    const { cookie, session } = await ctx.people.createSession(user, ttl);
    setSessionCookie(reply, cookie, Math.floor(ttl / 1000), ctx.settings.secureCookies);
    ctx.metrics.inc('shiftguard_logins_total', 'Sign-in attempts by outcome.', { outcome: 'ok' });
    return info(session);
  });

  app.post('/auth/logout', { preHandler: requireRole(ctx, 'admin', 'supervisor', 'auditor') }, async (request, reply) => {
    const cookie = readCookie(request, SESSION_COOKIE);
    if (cookie) await ctx.people.deleteSession(cookie);
    setSessionCookie(reply, '', 0, ctx.settings.secureCookies);
    return reply.status(204).send();
  });

  app.get('/auth/session', { preHandler: requireRole(ctx, 'admin', 'supervisor', 'auditor') }, async (request) => info(sessionOf(request)));
}
