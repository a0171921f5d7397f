import { EventEmitter } from 'node:events';
import type pg from 'pg';

/**
 * A change every server instance must hear about. Messages are small (PostgreSQL NOTIFY payloads
 * are limited to 8000 bytes): they say *what* changed; each instance reads the details from the
 * database for the agents connected to it.
 */
export type BusMessage =
  | { type: 'policy-changed' }
  | { type: 'check-now'; requestId: string }
  /** Local only (never published): this instance may have missed messages; re-read everything for its agents. */
  | { type: 'resync' };

/** Fan-out of {@link BusMessage}s to every instance (including the sender). */
export interface LiveBus {
  publish(message: BusMessage): Promise<void>;
  subscribe(listener: (message: BusMessage) => void): () => void;
  close(): Promise<void>;
}

/** SQLite: one instance, so an in-process emitter is the whole fan-out. */
export class InProcessBus implements LiveBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(message: BusMessage): Promise<void> {
    this.emitter.emit('message', message);
  }

  subscribe(listener: (message: BusMessage) => void): () => void {
    this.emitter.on('message', listener);
    return () => this.emitter.off('message', listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

const CHANNEL = 'shiftguard_live';

/**
 * PostgreSQL: LISTEN on one dedicated connection, NOTIFY through the pool. Every instance on the
 * database receives every message.
 *
 * The listening connection is re-opened if it drops (PostgreSQL restarted, connection killed),
 * retrying with growing delays until it is back. Messages sent while it was down never reach this
 * instance, and its agents' live channels stay open to it (the server did not restart), so they do
 * not check in again by themselves: once listening again the bus delivers a local `resync`, on
 * which the hub re-reads, for every connected agent, its policy and pending check-now requests.
 */
export class PostgresBus implements LiveBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private client: pg.PoolClient | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  private constructor(private readonly pool: pg.Pool, private readonly log: (message: string) => void) {}

  static async start(pool: pg.Pool, log: (message: string) => void = () => undefined): Promise<PostgresBus> {
    const bus = new PostgresBus(pool, log);
    await bus.listen();
    return bus;
  }

  private async listen(): Promise<void> {
    const client = await this.pool.connect();
    let lost = false;
    // 'error' (PostgreSQL shut down or the socket broke) and 'end' can both come; act once.
    const onLost = (why: string) => {
      // After close() the client went back to the pool, which ends it: not a loss.
      if (lost || this.closed) return;
      lost = true;
      client.release(true);
      if (this.client !== client) return;
      this.client = undefined;
      if (!this.closed) {
        this.log(`live bus: the listening connection was lost (${why}); re-listening`);
        this.relisten(0);
      }
    };
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        this.emitter.emit('message', JSON.parse(n.payload) as BusMessage);
      } catch {
        this.log('live bus: ignored a malformed notification');
      }
    });
    client.on('error', (e: Error) => onLost(e.message));
    client.on('end', () => onLost('connection ended'));
    try {
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      if (!lost) {
        lost = true;
        client.release(true);
      }
      throw error;
    }
    this.client = client;
  }

  /** Tries to LISTEN again after a delay growing from 0.5 s to 10 s, until it works or the bus closes. */
  private relisten(attempt: number): void {
    const delay = Math.min(10_000, 500 * 2 ** attempt);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.closed) return;
      this.listen().then(
        () => {
          if (this.closed) return;
          this.log('live bus: listening again');
          this.emitter.emit('message', { type: 'resync' } satisfies BusMessage);
        },
        (e: Error) => {
          if (attempt === 0 || attempt % 10 === 0) this.log(`live bus: re-listen failed (${e.message}); retrying`);
          if (!this.closed) this.relisten(attempt + 1);
        },
      );
    }, delay);
    this.retryTimer.unref();
  }

  async publish(message: BusMessage): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(message)]);
  }

  subscribe(listener: (message: BusMessage) => void): () => void {
    this.emitter.on('message', listener);
    return () => this.emitter.off('message', listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.emitter.removeAllListeners();
    const client = this.client;
    this.client = undefined;
    if (client) {
      await client.query(`UNLISTEN ${CHANNEL}`).catch(() => undefined);
      client.release();
    }
  }
}
