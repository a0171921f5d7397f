import type { FastifyInstance } from 'fastify';
import { IdParamsSchema } from '../../shared/api/common';
import {
  CheckNowCommandSchema,
  FleetTrendQuerySchema,
  HistoryQuerySchema,
  type FleetTrend,
  type FleetTrendQuery,
  WorkstationListQuerySchema,
  type CheckNowCommand,
  type FleetSummary,
  type HistoryQuery,
  type WorkstationExport,
  type WorkstationHistory,
  type WorkstationList,
  type WorkstationListQuery,
} from '../../shared/api/workstations';
import { NotFoundError } from '../repositories/enrollment-repository';
import { ALL } from '../repositories/scope';
import { actorOf, requireRole, scopeOf } from '../plugins/session-auth';

/** Workstation status for people: list, history, fleet summary, check-now, export, delete, revoke. */
export default async function workstationRoutes(app: FastifyInstance) {
  const ctx = app.sg;
  const readers = requireRole(ctx, 'admin', 'supervisor', 'auditor');
  const admins = requireRole(ctx, 'admin');

  app.get<{ Querystring: WorkstationListQuery }>('/workstations', { preHandler: readers, schema: { querystring: WorkstationListQuerySchema } }, async (request): Promise<WorkstationList> =>
    ctx.workstations.list(scopeOf(request), request.query),
  );

  app.get<{ Params: { id: string }; Querystring: HistoryQuery }>(
    '/workstations/:id/history',
    { preHandler: readers, schema: { params: IdParamsSchema, querystring: HistoryQuerySchema } },
    async (request): Promise<WorkstationHistory> => {
      const workstation = await ctx.workstations.get(scopeOf(request), request.params.id);
      if (!workstation) throw new NotFoundError('no such workstation');
      return {
        workstation,
        reports: await ctx.reports.history(workstation.deviceId, request.query),
        dailyAggregates: await ctx.reports.dailyAggregates(workstation.deviceId),
      };
    },
  );

  app.get('/fleet/summary', { preHandler: readers }, async (request): Promise<FleetSummary> => ctx.workstations.fleetSummary(scopeOf(request)));

  app.get<{ Querystring: FleetTrendQuery }>('/fleet/trend', { preHandler: readers, schema: { querystring: FleetTrendQuerySchema } }, async (request): Promise<FleetTrend> => {
    const now = Date.now();
    const scope = scopeOf(request);
    const today = await ctx.workstations.fleetSummary(scope, now);
    return { generatedAt: new Date(now).toISOString(), days: await ctx.fleetTrend.trend(scope, request.query.days, today.totals, now) };
  });

  app.post<{ Body: CheckNowCommand }>(
    '/check-now',
    { preHandler: requireRole(ctx, 'admin', 'supervisor'), schema: { body: CheckNowCommandSchema } },
    async (request, reply) => {
      const { requestId, deviceIds } = await ctx.checkNow.create(request.body, scopeOf(request), actorOf(request));
      if (deviceIds.length > 0) await ctx.bus.publish({ type: 'check-now', requestId });
      return reply.status(202).send({ requestId, devices: deviceIds.length });
    },
  );

  app.get<{ Params: { id: string } }>('/workstations/:id/export', { preHandler: admins, schema: { params: IdParamsSchema } }, async (request, reply) => {
    const workstation = await ctx.workstations.get(ALL, request.params.id);
    if (!workstation) throw new NotFoundError('no such workstation');
    const reports = [];
    let before: string | undefined;
    for (;;) {
      const page = await ctx.reports.history(workstation.deviceId, { limit: 500, ...(before ? { before } : {}) });
      reports.push(...page);
      if (page.length < 500) break;
      before = page.at(-1)?.receivedAt;
    }
    const body: WorkstationExport = { exportedAt: new Date().toISOString(), workstation, reports, dailyAggregates: await ctx.reports.dailyAggregates(workstation.deviceId) };
    await ctx.audit.record(actorOf(request), { action: 'workstation.export', targetType: 'workstation', targetId: workstation.deviceId, details: { reports: reports.length } });
    return reply.header('content-disposition', `attachment; filename="workstation-${workstation.deviceId}.json"`).send(body);
  });

  app.delete<{ Params: { id: string } }>('/workstations/:id', { preHandler: admins, schema: { params: IdParamsSchema } }, async (request, reply) => {
    if (!(await ctx.workstations.delete(request.params.id, actorOf(request)))) throw new NotFoundError('no such workstation');
    return reply.status(204).send();
  });

  app.post<{ Params: { id: string } }>('/workstations/:id/revoke', { preHandler: admins, schema: { params: IdParamsSchema } }, async (request, reply) => {
    if (!(await ctx.workstations.revoke(request.params.id, actorOf(request)))) throw new NotFoundError('no such (unrevoked) workstation');
    return reply.status(204).send();
  });
}
