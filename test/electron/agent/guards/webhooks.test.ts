import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../electron/agent/guards/audit-log';
import { signWebhook, WebhookDispatcher } from '../../../../electron/agent/guards/webhooks';
import { waitFor } from '../../../helpers/poll';
import { makeTempDir } from '../../../helpers/temp-dir';

const tmp = makeTempDir();
const SECRET = 'a-long-shared-secret-123';
let server: Server;
let url: string;
let failNext = 0;
const received: { event: string; signature: string; body: string }[] = [];

describe('webhooks', () => {
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (failNext > 0) {
          failNext--;
          return void res.writeHead(503).end();
        }
        received.push({ event: String(req.headers['x-shiftguard-event']), signature: String(req.headers['x-shiftguard-signature']), body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    tmp.cleanup();
  });

  it('signs with HMAC-SHA256 over "t.body"', () => {
    const expected = createHmac('sha256', 'k').update('1700000000.{"a":1}').digest('hex');
    expect(signWebhook('k', '{"a":1}', 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('delivers start and end in order, retrying with backoff, without blocking the caller', async () => {
    const audit = new AuditLog(path.join(tmp.dir, 'audit.jsonl'));
    const hooks = new WebhookDispatcher([{ url, secret: SECRET, events: ['sensitive.start', 'sensitive.end'] }], { audit, retryDelaysMs: [50, 100, 200] });
    failNext = 2;
    hooks.notify('sensitive.start', { sessionId: 's1' });
    hooks.notify('sensitive.end', { sessionId: 's1', reason: 'released' });
    // notify() returned before anything was sent: deliveries (and their retries) run in the background.
    expect(received).toHaveLength(0);
    expect(failNext).toBe(2);
    await waitFor('both deliveries', () => received.length === 2);
    expect(received.map((r) => r.event)).toEqual(['sensitive.start', 'sensitive.end']);
    for (const r of received) {
      const [t, v1] = r.signature.split(',').map((p) => p.split('=')[1]);
      expect(createHmac('sha256', SECRET).update(`${t}.${r.body}`).digest('hex')).toBe(v1);
    }
  });

  it('gives up after the last retry and audits the failure', async () => {
    const audit = new AuditLog(path.join(tmp.dir, 'audit2.jsonl'));
    const hooks = new WebhookDispatcher([{ url, secret: SECRET, events: ['sensitive.start'] }], { audit, retryDelaysMs: [20, 20] });
    failNext = 3;
    hooks.notify('sensitive.start', { sessionId: 's2' });
    hooks.notify('sensitive.end', { sessionId: 's2' }); // not subscribed: never sent
    await hooks.idle();
    await audit.flush();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(audit.file, 'utf8')).toMatch(/"webhook.failed".*"HTTP 503"/);
    expect(failNext).toBe(0);
  });
});
