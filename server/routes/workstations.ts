import type { FastifyInstance } from 'fastify';
import type { WorkstationList } from '../../shared/api/legacy-report';
import { ReportsRepository } from '../repositories/reports-repository';

/** GET /api/v1/workstations: the latest status of every workstation. */
export default async function workstationRoutes(app: FastifyInstance) {
  const repo = new ReportsRepository(app.db);
  app.get('/workstations', async (): Promise<WorkstationList> => ({ items: await repo.listWorkstations() }));
}
