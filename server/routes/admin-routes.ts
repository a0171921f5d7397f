import type { FastifyInstance } from 'fastify';
import { AuditQuerySchema, RetentionSettingsSchema, type RetentionSettings } from '../../shared/api/audit';
import { CreateTeamSchema, CreateUserSchema, UpdateUserSchema } from '../../shared/api/auth';
import { IdParamsSchema } from '../../shared/api/common';
import { CreateEnrollmentTokenSchema } from '../../shared/api/enrollment';
import {
  AssignPolicySchema,
  CreatePolicySchema,
  CreatePolicyVersionSchema,
  PublishPolicySchema,
  SetDefaultPolicySchema,
  UpdateRolloutSchema,
  type Rollout,
} from '../../shared/api/policy';
import { z } from 'zod';
import { NotFoundError } from '../repositories/enrollment-repository';
import { actorOf, requireRole, scopeOf } from '../plugins/session-auth';

const VersionParamsSchema = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) });

/** What IT manages: policies, teams, users, enrollment tokens, audit, retention. */
export default async function adminRoutes(app: FastifyInstance) {
  const ctx = app.sg;
  const admins = requireRole(ctx, 'admin');
  const auditors = requireRole(ctx, 'admin', 'auditor');
  const readers = requireRole(ctx, 'admin', 'supervisor', 'auditor');

  // ---- policies ----
  app.get('/policies', { preHandler: auditors }, async () => ({ items: await ctx.policies.list() }));
  app.post<{ Body: { name: string; document: unknown } }>('/policies', { preHandler: admins, schema: { body: CreatePolicySchema } }, async (request, reply) =>
    reply.status(201).send(await ctx.policies.create(request.body.name, request.body.document, actorOf(request))),
  );
  app.post<{ Params: { id: string }; Body: { document: unknown } }>(
    '/policies/:id/versions',
    { preHandler: admins, schema: { params: IdParamsSchema, body: CreatePolicyVersionSchema } },
    async (request, reply) => reply.status(201).send({ id: request.params.id, version: await ctx.policies.addVersion(request.params.id, request.body.document, actorOf(request)) }),
  );
  app.post<{ Params: { id: string; version: number }; Body: { rollout: Rollout } }>(
    '/policies/:id/versions/:version/publish',
    { preHandler: admins, schema: { params: VersionParamsSchema, body: PublishPolicySchema } },
    async (request, reply) => {
      await ctx.policies.publish(request.params.id, request.params.version, request.body.rollout, actorOf(request));
      await ctx.bus.publish({ type: 'policy-changed' });
      return reply.status(204).send();
    },
  );
  app.post<{ Params: { id: string; version: number }; Body: { rollout: Rollout } }>(
    '/policies/:id/versions/:version/rollout',
    { preHandler: admins, schema: { params: VersionParamsSchema, body: UpdateRolloutSchema } },
    async (request, reply) => {
      await ctx.policies.updateRollout(request.params.id, request.params.version, request.body.rollout, actorOf(request));
      await ctx.bus.publish({ type: 'policy-changed' });
      return reply.status(204).send();
    },
  );
  app.put<{ Body: { policyId: string } }>('/policies/default', { preHandler: admins, schema: { body: SetDefaultPolicySchema } }, async (request, reply) => {
    await ctx.policies.setDefault(request.body.policyId, actorOf(request));
    await ctx.bus.publish({ type: 'policy-changed' });
    return reply.status(204).send();
  });

  // ---- teams ----
  app.get('/teams', { preHandler: readers }, async (request) => ({ items: await ctx.people.listTeams(scopeOf(request)) }));
  app.post<{ Body: z.infer<typeof CreateTeamSchema> }>('/teams', { preHandler: admins, schema: { body: CreateTeamSchema } }, async (request, reply) =>
    reply.status(201).send(await ctx.people.createTeam(request.body, actorOf(request))),
  );
  app.put<{ Params: { id: string }; Body: { policyId: string | null } }>(
    '/teams/:id/policy',
    { preHandler: admins, schema: { params: IdParamsSchema, body: AssignPolicySchema } },
    async (request, reply) => {
      await ctx.policies.assignToTeam(request.params.id, request.body.policyId, actorOf(request));
      await ctx.bus.publish({ type: 'policy-changed' });
      return reply.status(204).send();
    },
  );

  // ---- users ----
  app.get('/users', { preHandler: admins }, async () => ({ items: await ctx.people.listUsers() }));
  app.post<{ Body: z.infer<typeof CreateUserSchema> }>('/users', { preHandler: admins, schema: { body: CreateUserSchema } }, async (request, reply) =>
    reply.status(201).send({ id: await ctx.people.createUser(request.body, actorOf(request)) }),
  );
  app.patch<{ Params: { id: string }; Body: z.infer<typeof UpdateUserSchema> }>(
    '/users/:id',
    { preHandler: admins, schema: { params: IdParamsSchema, body: UpdateUserSchema } },
    async (request, reply) => {
      await ctx.people.updateUser(request.params.id, request.body, actorOf(request));
      return reply.status(204).send();
    },
  );

  // ---- enrollment tokens ----
  app.get('/enrollment-tokens', { preHandler: admins }, async () => ({ items: await ctx.enrollment.listTokens() }));
  app.post<{ Body: z.infer<typeof CreateEnrollmentTokenSchema> }>(
    '/enrollment-tokens',
    { preHandler: admins, schema: { body: CreateEnrollmentTokenSchema } },
    async (request, reply) => reply.status(201).send(await ctx.enrollment.createToken(request.body, actorOf(request))),
  );
  app.post<{ Params: { id: string } }>('/enrollment-tokens/:id/revoke', { preHandler: admins, schema: { params: IdParamsSchema } }, async (request, reply) => {
    if (!(await ctx.enrollment.revokeToken(request.params.id, actorOf(request)))) throw new NotFoundError('no such (unrevoked) token');
    return reply.status(204).send();
  });

  // ---- audit and retention ----
  app.get<{ Querystring: z.infer<typeof AuditQuerySchema> }>('/audit', { preHandler: auditors, schema: { querystring: AuditQuerySchema } }, async (request) => ({
    items: await ctx.audit.list(request.query),
  }));
  app.get('/settings/retention', { preHandler: auditors }, async () => ctx.retention.settings());
  app.put<{ Body: RetentionSettings }>('/settings/retention', { preHandler: admins, schema: { body: RetentionSettingsSchema } }, async (request, reply) => {
    await ctx.retention.update(request.body, actorOf(request));
    return reply.status(204).send();
  });
}
