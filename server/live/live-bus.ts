import { EventEmitter } from 'node:events';
import type pg from 'pg';

/**
 * A change every server instance must hear about. Messages are small (PostgreSQL NOTIFY payloads
 * are limited to 8000 bytes): they say *what* changed; each instance reads the details from the
 * database for the agents connected to it.
 */
export type BusMessage = { type: 'policy-changed' } | { type: 'check-now'; requestId: string };

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
 * database receives every message. The listening connection is re-opened if it drops; messages sent
 * while it was down are covered by agents' check-ins (they check in after every reconnect and on
 * their report interval).
 */
export class PostgresBus implements LiveBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private client: pg.PoolClient | undefined;
  private closed = false;

  private constructor(private readonly pool: pg.Pool, private readonly log: (message: string) => void) {}

  static async start(pool: pg.Pool, log: (message: string) => void = () => undefined): Promise<PostgresBus> {
    const bus = new PostgresBus(pool, log);
    await bus.listen();
    return bus;
  }

  private async listen(): Promise<void> {
    const client = await this.pool.connect();
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        this.emitter.emit('message', JSON.parse(n.payload) as BusMessage);
      } catch {
        this.log('live bus: ignored a malformed notification');
      }
    });
    client.on('error', () => {
      client.release(true);
      if (this.client === client) this.client = undefined;
      if (!this.closed) setTimeout(() => void this.listen().catch((e: Error) => this.log(`live bus: re-listen failed: ${e.message}`)), 1000).unref();
    });
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
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
    this.emitter.removeAllListeners();
    const client = this.client;
    this.client = undefined;
    if (client) {
      await client.query(`UNLISTEN ${CHANNEL}`).catch(() => undefined);
      client.release();
    }
  }
}
