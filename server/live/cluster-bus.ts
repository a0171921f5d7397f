import cluster from 'node:cluster';
import { EventEmitter } from 'node:events';
import type { BusMessage, LiveBus } from './live-bus';

const TAG = 'shiftguard-bus';
type Envelope = { tag: typeof TAG; message: BusMessage };
const isEnvelope = (value: unknown): value is Envelope => typeof value === 'object' && value !== null && (value as Envelope).tag === TAG;

/**
 * SQLite with several worker processes on one machine (`--workers N`): a worker sends each message
 * to the cluster primary, which relays it to every worker (the sender included).
 */
export class ClusterBus implements LiveBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly onMessage = (value: unknown) => {
    if (isEnvelope(value)) this.emitter.emit('message', value.message);
  };

  constructor() {
    if (!cluster.isWorker || !process.send) throw new Error('ClusterBus runs in a cluster worker');
    process.on('message', this.onMessage);
  }

  async publish(message: BusMessage): Promise<void> {
    process.send?.({ tag: TAG, message } satisfies Envelope);
  }

  subscribe(listener: (message: BusMessage) => void): () => void {
    this.emitter.on('message', listener);
    return () => this.emitter.off('message', listener);
  }

  async close(): Promise<void> {
    process.off('message', this.onMessage);
    this.emitter.removeAllListeners();
  }
}

/** In the primary: relays bus messages from any worker to all workers. */
export function relayClusterBus(): void {
  cluster.on('message', (_worker, value: unknown) => {
    if (!isEnvelope(value)) return;
    for (const worker of Object.values(cluster.workers ?? {})) if (worker?.isConnected()) worker.send(value);
  });
}
