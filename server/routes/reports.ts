import type { FastifyInstance } from 'fastify';
import { PostureReportSchema, type PostureReport } from '../../shared/api/legacy-report';
import { MAX_REPORT_BYTES } from '../../shared/api/report';
import { ReportsRepository } from '../repositories/reports-repository';

/** POST /api/v1/reports: a workstation's posture report, validated by the shared schema. */
export default async function reportsRoutes(app: FastifyInstance) {
  const repo = new ReportsRepository(app.db);
  app.post<{ Body: PostureReport }>(
    '/reports',
    { bodyLimit: MAX_REPORT_BYTES, schema: { body: PostureReportSchema } },
    async (request, reply) => {
      const outcome = await repo.ingest(request.body, new Date());
      return reply.status(outcome === 'created' ? 201 : 200).send({ reportId: request.body.reportId, status: outcome });
    },
  );
}
