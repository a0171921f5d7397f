import type { LiveEvent } from '../../shared/api/agent';
import type { ServerSigningKey } from '../crypto/server-key';
import { signPolicyFor } from '../policy/policy-delivery';
import type { CheckNowRepository } from '../repositories/check-now-repository';
import type { PoliciesRepository } from '../repositories/policies-repository';
import type { BusMessage, LiveBus } from './live-bus';

/** One open live channel to an agent. */
export interface AgentConnection {
  deviceId: string;
  send(event: LiveEvent): void;
  /** The policy version last sent to (or reported applied by) this agent, to avoid re-sending. */
  lastPolicy: { policyId: string | null; version: number };
}

/**
 * The agents connected to *this* instance. Bus messages (from any instance) make it look up, in the
 * database, what each of its agents should receive.
 */
export class AgentHub {
  private readonly connections = new Map<string, Set<AgentConnection>>();
  private readonly unsubscribe: () => void;

  constructor(
    bus: LiveBus,
    private readonly policies: PoliciesRepository,
    private readonly checkNow: CheckNowRepository,
    private readonly key: ServerSigningKey,
    private readonly log: (message: string) => void,
  ) {
    this.unsubscribe = bus.subscribe((message) => void this.onMessage(message).catch((e: Error) => this.log(`live: ${e.message}`)));
  }

  get size(): number {
    let n = 0;
    for (const set of this.connections.values()) n += set.size;
    return n;
  }

  add(connection: AgentConnection): () => void {
    let set = this.connections.get(connection.deviceId);
    if (!set) this.connections.set(connection.deviceId, (set = new Set()));
    set.add(connection);
    return () => {
      set.delete(connection);
      if (set.size === 0) this.connections.delete(connection.deviceId);
    };
  }

  private async onMessage(message: BusMessage): Promise<void> {
    switch (message.type) {
      case 'resync':
        // Messages may have been missed (the bus was not listening): catch up on both kinds.
        await this.onMessage({ type: 'policy-changed' });
        for (const [deviceId, set] of this.connections) {
          const requests = await this.checkNow.take(deviceId);
          for (const request of requests) for (const c of set) c.send({ type: 'check-now', request });
        }
        return;
      case 'policy-changed':
        for (const [deviceId, set] of this.connections) {
          const effective = await this.policies.effectiveFor(deviceId);
          if (!effective) continue;
          for (const c of set) {
            if (c.lastPolicy.policyId === effective.policyId && c.lastPolicy.version === effective.version) continue;
            c.lastPolicy = { policyId: effective.policyId, version: effective.version };
            c.send({ type: 'policy-published', policy: signPolicyFor(deviceId, effective, this.key) });
          }
        }
        return;
      case 'check-now':
        for (const [deviceId, set] of this.connections) {
          const requests = await this.checkNow.take(deviceId, message.requestId);
          for (const request of requests) for (const c of set) c.send({ type: 'check-now', request });
        }
        return;
      default: {
        const never: never = message;
        throw new Error(`unknown bus message ${JSON.stringify(never)}`);
      }
    }
  }

  close(): void {
    this.unsubscribe();
    this.connections.clear();
  }
}
