import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy between an agent and the server that keeps every byte of both directions
 * (requests and responses, the live channel's stream included), so tests can search the traffic.
 * It can also be paused: while paused it answers 503 without forwarding (an endpoint outage).
 */
export class RecordingProxy {
  readonly chunks: Buffer[] = [];
  /** Each forwarded request as "METHOD path -> status". */
  readonly exchanges: string[] = [];
  down = false;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Where requests go; tests point it at a restarted server. */
  target = '';

  static async start(target: string): Promise<RecordingProxy> {
    let self: RecordingProxy | null = null;
    const server = createServer((req, res) => {
      const proxy = self!;
      const upstream = new URL(proxy.target);
      const entry = `${req.method ?? '?'} ${req.url ?? ''}`;
      proxy.chunks.push(Buffer.from(`\n> ${entry}\n${JSON.stringify(req.headers)}\n`));
      if (proxy.down) {
        req.resume();
        res.writeHead(503, { 'retry-after': '1' }).end();
        proxy.exchanges.push(`${entry} -> 503 (down)`);
        return;
      }
      const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        proxy.exchanges.push(`${entry} -> ${answer.statusCode ?? 0}`);
        proxy.chunks.push(Buffer.from(`\n< ${answer.statusCode ?? 0}\n${JSON.stringify(answer.headers)}\n`));
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.on('data', (d: Buffer) => {
          proxy.chunks.push(Buffer.from(d));
          res.write(d);
        });
        answer.on('end', () => res.end());
        answer.on('error', () => res.destroy());
      });
      out.on('error', () => {
        proxy.exchanges.push(`${entry} -> 502`);
        if (!res.headersSent) res.writeHead(502).end();
        else res.destroy();
      });
      req.on('data', (d: Buffer) => proxy.chunks.push(Buffer.from(d)));
      req.pipe(out);
      res.on('close', () => out.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    self = new RecordingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    self.target = target;
    return self;
  }

  /** Everything seen so far, as text (latin1, so no byte is lost to decoding). */
  traffic(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
