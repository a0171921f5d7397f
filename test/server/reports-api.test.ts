import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkstationListSchema } from '../../shared/api/legacy-report';
import { buildApp } from '../../server/app';
import { openDatabase, type DatabaseHandle } from '../../server/db/database';
import { sampleReport } from '../helpers/sample-report';
import { makeTempDir } from '../helpers/temp-dir';

let app: FastifyInstance;
let database: DatabaseHandle;
let tmp: ReturnType<typeof makeTempDir>;

beforeEach(async () => {
  tmp = makeTempDir();
  database = await openDatabase({ dataDir: tmp.dir, databaseUrl: undefined });
  app = await buildApp({ db: database.db });
});
afterEach(async () => {
  await app.close();
  await database.close();
  tmp.cleanup();
});

const post = (payload: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  app.inject({ method: 'POST', url: '/api/v1/reports', payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers });

describe('POST /api/v1/reports', () => {
  it('stores a valid report and lists the workstation', async () => {
    const report = sampleReport();
    const res = await post(report);
    expect(res.statusCode).toBe(201);
    const list = WorkstationListSchema.parse((await app.inject({ method: 'GET', url: '/api/v1/workstations' })).json());
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ deviceId: report.deviceId, hostname: 'desk-042', compliant: false });
  });

  it('keeps only the latest status per workstation', async () => {
    await post(sampleReport({ sentAt: '2026-11-22T08:00:00Z' }));
    const pass = sampleReport({ checks: [{ id: 'disk-encryption', status: 'pass', summary: 'Encrypted.', evidence: {}, durationMs: 1 }] });
    await post(pass);
    const list = WorkstationListSchema.parse((await app.inject({ method: 'GET', url: '/api/v1/workstations' })).json());
    expect(list.items).toHaveLength(1);
    expect(list.items[0]?.compliant).toBe(true);
  });

  it('accepts a re-sent identical report idempotently', async () => {
    const report = sampleReport();
    expect((await post(report)).statusCode).toBe(201);
    const again = await post(report);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'duplicate' });
  });

  it.each([
    ['a missing field', { ...sampleReport(), hostname: undefined }, 'hostname'],
    ['a bad status', sampleReport({ checks: [{ id: 'disk-encryption', status: 'maybe' as 'pass', summary: 's', evidence: {}, durationMs: 1 }] }), 'checks.0.status'],
    ['a bad report id', sampleReport({ reportId: 'not-a-uuid' }), 'reportId'],
    ['a bad timestamp', sampleReport({ sentAt: 'yesterday' }), 'sentAt'],
  ])('answers 400 naming the field for %s', async (_name, body, field) => {
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_request', field } });
  });

  it('answers 400 for malformed JSON and 415 for another media type', async () => {
    expect((await post('{"reportId":')).statusCode).toBe(400);
    expect((await post('hello', { 'content-type': 'text/plain' })).statusCode).toBe(415);
  });

  it('answers 413 for an oversized body', async () => {
    const res = await post(sampleReport({ hostname: 'x'.repeat(300 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'body_too_large' } });
  });

  it('answers 404 with the error shape for unknown routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
