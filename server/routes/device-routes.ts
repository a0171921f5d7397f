import type { FastifyInstance } from 'fastify';
import { CheckInPayloadSchema, type CheckInResponse, type LiveEvent } from '../../shared/api/agent';
import { EnrollmentRequestSchema, type EnrollmentRequest, type EnrollmentResponse } from '../../shared/api/enrollment';
import { MAX_REPORT_BYTES, ReportBodySchema, type ReportAccepted } from '../../shared/api/report';
import { API_PREFIX } from '../../shared/version';
import { containsCardNumber } from '../devices/card-number-check';
import { DeviceRefusedError, verifyDeviceEnvelope, verifyDeviceHeader } from '../devices/device-auth';
import { signPolicyFor } from '../policy/policy-delivery';

const KEEPALIVE_MS = 25_000;

/** Endpoints workstations call: enrollment, signed reports, check-in, and the live channel. */
export default async function deviceRoutes(app: FastifyInstance) {
  const ctx = app.sg;
  // Open live streams, ended when the server closes (otherwise close() would wait for them).
  const streams = new Set<{ end(): void }>();
  app.addHook('onClose', async () => {
    for (const s of streams) s.end();
  });
  const verifyOptions = () => ({ devices: ctx.workstations, now: Date.now(), maxSkewMs: ctx.settings.maxClockSkewSeconds * 1000 });

  app.post<{ Body: EnrollmentRequest }>('/enroll', { schema: { body: EnrollmentRequestSchema } }, async (request, reply) => {
    const device = await ctx.enrollment.enroll(request.body);
    ctx.metrics.inc('shiftguard_enrollments_total', 'Devices enrolled.');
    const answer: EnrollmentResponse = {
      deviceId: device.deviceId,
      teamId: device.teamId,
      site: device.site,
      serverPublicKey: ctx.key.publicKey,
      serverKeyId: ctx.key.keyId,
      maxClockSkewSeconds: ctx.settings.maxClockSkewSeconds,
    };
    return reply.status(201).send(answer);
  });

  app.post('/reports', { bodyLimit: MAX_REPORT_BYTES }, async (request, reply) => {
    let verified;
    try {
      verified = await verifyDeviceEnvelope(request.body, 'report', ReportBodySchema, verifyOptions());
    } catch (error) {
      ctx.metrics.inc('shiftguard_reports_refused_total', 'Reports refused, by reason.', { reason: (error as { code?: string }).code ?? 'invalid_request' });
      throw error;
    }
    const wait = ctx.reportLimiter.take(verified.device.deviceId);
    if (wait > 0) {
      ctx.metrics.inc('shiftguard_reports_refused_total', 'Reports refused, by reason.', { reason: 'rate_limited' });
      throw new DeviceRefusedError(429, 'rate_limited', 'too many reports from this device; retry later', wait);
    }
    // The as-sent payload, unknown fields included, is what would be stored.
    if (containsCardNumber(verified.sentPayload)) {
      // The report is dropped whole: nothing of it is stored or logged.
      ctx.metrics.inc('shiftguard_reports_refused_total', 'Reports refused, by reason.', { reason: 'card_number_refused' });
      throw new DeviceRefusedError(422, 'card_number_refused', 'the report contains what looks like a full card number; it was discarded');
    }
    const outcome = await ctx.reports.ingest({ body: verified.payload, canonicalBody: verified.canonicalPayload, bodyHash: verified.payloadHash }, Date.now());
    if (outcome === 'conflict') {
      ctx.metrics.inc('shiftguard_reports_refused_total', 'Reports refused, by reason.', { reason: 'report_conflict' });
      throw new DeviceRefusedError(409, 'report_conflict', 'a different report with this reportId was already accepted');
    }
    ctx.metrics.inc('shiftguard_reports_total', 'Reports accepted, by kind and outcome.', { kind: verified.payload.kind, outcome });
    const answer: ReportAccepted = { reportId: verified.payload.reportId, status: outcome };
    return reply.status(outcome === 'created' ? 201 : 200).send(answer);
  });

  app.post('/agent/check-in', async (request): Promise<CheckInResponse> => {
    const { device, payload } = await verifyDeviceEnvelope(request.body, 'check-in', CheckInPayloadSchema, verifyOptions());
    await ctx.workstations.setAppliedPolicy(device.deviceId, payload.appliedPolicy.policyId, payload.appliedPolicy.version, payload.agentVersion);
    const effective = await ctx.policies.effectiveFor(device.deviceId);
    if (effective) await ctx.workstations.setReportInterval(device.deviceId, effective.document.reportIntervalMinutes * 60_000);
    const upToDate = !effective || (payload.appliedPolicy.policyId === effective.policyId && payload.appliedPolicy.version === effective.version);
    return {
      serverTime: new Date().toISOString(),
      policy: effective && !upToDate ? signPolicyFor(device.deviceId, effective, ctx.key) : null,
      checkNow: await ctx.checkNow.take(device.deviceId),
    };
  });

  app.get('/agent/events', async (request, reply) => {
    const device = await verifyDeviceHeader(request.headers.authorization, 'GET', `${API_PREFIX}/agent/events`, verifyOptions());
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (event: LiveEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    const row = await ctx.workstations.get({ kind: 'all' }, device.deviceId);
    const remove = ctx.hub.add({ deviceId: device.deviceId, send, lastPolicy: { policyId: row?.appliedPolicy?.policyId ?? null, version: row?.appliedPolicy?.version ?? 0 } });
    send({ type: 'hello', deviceId: device.deviceId, serverTime: new Date().toISOString() });
    const ping = setInterval(() => res.write(': ping\n\n'), KEEPALIVE_MS);
    ctx.metrics.inc('shiftguard_live_connections_total', 'Live channel connections opened.');
    const stream = {
      end() {
        clearInterval(ping);
        remove();
        streams.delete(stream);
        res.end();
      },
    };
    streams.add(stream);
    request.raw.once('close', () => stream.end());
  });
}
