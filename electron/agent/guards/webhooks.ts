import { createHmac, randomUUID } from 'node:crypto';
import type { Webhook, WebhookEvent } from '../../../shared/policy/schema';
import type { AuditLog } from './audit-log';

/** Attempts per delivery and the waits between them (ms): 1 s, 2 s, 4 s, 8 s, 16 s. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16000];
const MAX_QUEUE = 100;

/** The signature header value for a body: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>. Pure. */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

interface Delivery {
  id: string;
  event: WebhookEvent;
  body: string;
}

export interface WebhookOptions {
  audit: AuditLog;
  /** Waits between attempts; tests shorten them. */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/**
 * Sends sensitive-mode events to the policy's webhooks. `notify` returns at once: deliveries run
 * in the background, one at a time per webhook (so "end" never overtakes "start"), retried with
 * backoff on network errors, 5xx, 408 and 429. Nothing here can block or fail the guard.
 */
export class WebhookDispatcher {
  private readonly queues = new Map<string, { hook: Webhook; items: Delivery[]; running: boolean }>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private hooks: readonly Webhook[],
    private readonly options: WebhookOptions,
  ) {}

  setHooks(hooks: readonly Webhook[]): void {
    this.hooks = hooks;
  }

  notify(event: WebhookEvent, payload: Record<string, unknown>): void {
    for (const hook of this.hooks) {
      if (!hook.events.includes(event)) continue;
      const id = randomUUID();
      const body = JSON.stringify({ id, event, ...payload });
      const key = `${hook.url}\n${hook.secret}`;
      let queue = this.queues.get(key);
      if (!queue) this.queues.set(key, (queue = { hook, items: [], running: false }));
      if (queue.items.length >= MAX_QUEUE) {
        const dropped = queue.items.shift();
        this.options.audit.append('webhook.dropped', { host: hostOf(hook.url), event: dropped?.event, reason: 'queue full' });
      }
      queue.items.push({ id, event, body });
      if (!queue.running) void this.drain(queue);
    }
  }

  /** Resolves when no delivery is pending (tests, shutdown). */
  idle(): Promise<void> {
    if ([...this.queues.values()].every((q) => !q.running)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(queue: { hook: Webhook; items: Delivery[]; running: boolean }): Promise<void> {
    queue.running = true;
    while (queue.items.length > 0) {
      const delivery = queue.items.shift()!;
      await this.deliver(queue.hook, delivery);
    }
    queue.running = false;
    if ([...this.queues.values()].every((q) => !q.running)) for (const w of this.idleWaiters.splice(0)) w();
  }

  private async deliver(hook: Webhook, delivery: Delivery): Promise<void> {
    const delays = this.options.retryDelaysMs ?? RETRY_DELAYS_MS;
    const doFetch = this.options.fetchImpl ?? fetch;
    let last = '';
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, delays[attempt - 1]).unref());
      try {
        const response = await doFetch(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-shiftguard-event': delivery.event,
            'x-shiftguard-delivery': delivery.id,
            'x-shiftguard-signature': signWebhook(hook.secret, delivery.body, Math.floor(Date.now() / 1000)),
          },
          body: delivery.body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        });
        await response.body?.cancel();
        if (response.ok) return;
        last = `HTTP ${response.status}`;
        if (response.status < 500 && response.status !== 408 && response.status !== 429) break;
      } catch (error) {
        last = (error as Error).message;
      }
    }
    this.options.audit.append('webhook.failed', { host: hostOf(hook.url), event: delivery.event, delivery: delivery.id, reason: last });
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
}
