import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { AuditLog } from '../audit-log';
import type { SensitiveMode } from '../sensitive-mode';
import { tokenMatches } from './api-token';
import { isValidSource } from './protocol-link';
import { RateLimiter } from './rate-limiter';

const MAX_BODY = 4096;
const BodySchema = z.object({ source: z.string().refine(isValidSource) });

export interface IntegrationApiOptions {
  port: number;
  token: string;
  mode: SensitiveMode;
  audit: AuditLog;
  /** Calls allowed at once and refilled per second (all callers together). */
  burst?: number;
  perSecond?: number;
}

/**
 * The local integration API: a CRM, softphone or payment page announces sensitive screens.
 *   POST /v1/sensitive/start {"source":"crm"}   holds trigger "integration:crm"
 *   POST /v1/sensitive/end   {"source":"crm"}   releases it
 *   GET  /v1/sensitive                          the current state
 * Bound to 127.0.0.1 only; every call needs "Authorization: Bearer <per-install token>"; calls are
 * rate-limited; a Host other than loopback (DNS rebinding) or any browser Origin is refused. Every
 * refusal is audited with its reason, never with the request body.
 */
export class IntegrationApi {
  private server: Server | null = null;
  private readonly limiter: RateLimiter;
  private limitedSince = 0;
  private limitedCount = 0;
  private limitedRoute = '';
  private limitedTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: IntegrationApiOptions) {
    this.limiter = new RateLimiter(options.burst ?? 20, options.perSecond ?? 5);
  }

  async start(): Promise<{ port: number }> {
    // A caller that hangs up mid-body makes the body read fail: drop that connection, never the process.
    const server = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    server.headersTimeout = 5000;
    server.requestTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, '127.0.0.1', () => resolve());
    });
    server.unref();
    this.server = server;
    return { port: (server.address() as AddressInfo).port };
  }

  async stop(): Promise<void> {
    this.flushLimited(Date.now());
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = `${req.method ?? '?'} ${(req.url ?? '').split('?')[0]}`;
    if (!this.limiter.take()) return this.limited(res, route);
    const port = (req.socket.localPort ?? this.options.port).toString();
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return this.refuse(res, 403, 'bad-host', route);
    if (req.headers.origin !== undefined) return this.refuse(res, 403, 'browser-origin', route);
    const auth = req.headers.authorization ?? '';
    const presented = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    if (!presented) return this.refuse(res, 401, 'missing-token', route);
    if (!tokenMatches(presented, this.options.token)) return this.refuse(res, 401, 'wrong-token', route);

    const { mode } = this.options;
    if (route === 'GET /v1/sensitive') return send(res, 200, mode.state);
    if (route !== 'POST /v1/sensitive/start' && route !== 'POST /v1/sensitive/end') return this.refuse(res, 404, 'unknown-route', route);
    const body = await readBody(req);
    if (body === null) return this.refuse(res, 413, 'body-too-large', route);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return this.refuse(res, 400, 'invalid-json', route);
    }
    const parsed = BodySchema.safeParse(json);
    if (!parsed.success) return this.refuse(res, 400, 'invalid-source', route);
    const id = `integration:${parsed.data.source}`;
    if (route.endsWith('/start')) mode.hold({ id, kind: 'integration', detail: parsed.data.source });
    else mode.release(id);
    this.options.audit.append(route.endsWith('/start') ? 'integration.start' : 'integration.end', { source: parsed.data.source });
    send(res, 200, mode.state);
  }

  private refuse(res: ServerResponse, status: number, reason: string, route: string): void {
    this.options.audit.append('integration.refused', { status, reason, route: route.slice(0, 120) });
    send(res, status, { error: { code: reason } });
  }

  /**
   * Rate-limited calls are audited as one summary line per second, so a flood cannot flood the log.
   * Calls refused inside a second are counted and written when that second is over (or at stop),
   * so the end of a burst is never left out of the audit.
   */
  private limited(res: ServerResponse, route: string): void {
    const now = Date.now();
    this.limitedCount++;
    this.limitedRoute = route.slice(0, 120);
    if (now - this.limitedSince >= 1000) this.flushLimited(now);
    else if (!this.limitedTimer) {
      this.limitedTimer = setTimeout(() => this.flushLimited(Date.now()), 1000 - (now - this.limitedSince));
      this.limitedTimer.unref();
    }
    send(res, 429, { error: { code: 'rate-limited' } });
  }

  private flushLimited(now: number): void {
    if (this.limitedTimer) clearTimeout(this.limitedTimer);
    this.limitedTimer = null;
    if (this.limitedCount === 0) return;
    this.options.audit.append('integration.refused', { status: 429, reason: 'rate-limited', route: this.limitedRoute, count: this.limitedCount });
    this.limitedSince = now;
    this.limitedCount = 0;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The request body as text, or null when it is larger than MAX_BODY. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        // Answer now; the rest is drained and dropped (requestTimeout bounds a slow sender).
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
