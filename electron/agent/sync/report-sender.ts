import { API_PREFIX } from '../../../shared/version';
import { backoffDelay } from './backoff';
import type { DeviceKey } from './device-key';
import type { EnrolledDevice } from './device-state';
import { EndpointError, requestJson } from './http-client';
import type { Outbox } from './outbox';

/** Who sends, as of now (changes with enrollment). */
export interface SenderIdentity {
  device: EnrolledDevice;
  key: DeviceKey;
}

export interface SenderEvents {
  sent(reportId: string): void;
  failed(error: Error, willRetry: boolean): void;
  /** The server no longer accepts this device (unknown, revoked, key mismatch): enroll again. */
  deviceRejected(error: EndpointError): void;
  dropped(reportId: string, reason: string): void;
}

export interface SenderOptions {
  outbox: Outbox;
  identity: () => SenderIdentity | undefined;
  events: SenderEvents;
  random: () => number;
  fetchImpl?: typeof fetch;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

const DEVICE_GONE = new Set(['unknown_device', 'device_revoked', 'device_key_unusable', 'bad_signature']);

/**
 * Sends the outbox in order, one report at a time: the head is signed (fresh signedAt, same payload)
 * and posted; it leaves the outbox only when the server acknowledged it (created or duplicate).
 * Transient failures wait with exponential backoff and full jitter (Retry-After honoured) and retry
 * the same head, so order holds. A report the server refuses for good (schema, conflict, card
 * number, too large) is dropped, so it cannot block everything behind it.
 */
export class ReportSender {
  private stopped = false;
  private paused = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly options: SenderOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Something changed (a report queued, enrolled again): look at the outbox now if idle. */
  notify(): void {
    this.paused = false;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.wakeUp?.();
    await this.loop;
  }

  private idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeUp = () => {
        this.wakeUp = null;
        resolve();
      };
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      // The abort listener goes when the timer fires: a long outage retries many times, and
      // listeners left behind would pile up on the one signal.
      const onAbort = () => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        this.abort.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      this.abort.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async run(): Promise<void> {
    let attempt = 0;
    const { outbox, events } = this.options;
    while (!this.stopped) {
      const head = outbox.peek();
      const who = this.options.identity();
      if (!head || !who || this.paused) {
        await this.idle();
        continue;
      }
      // Reports queued under a former enrollment go out under the current device id (deterministic,
      // so every re-send of this entry is byte-for-byte the same payload).
      const body = head.body.deviceId === who.device.deviceId ? head.body : { ...head.body, deviceId: who.device.deviceId };
      try {
        const envelope = who.key.envelope('report', who.device.deviceId, body);
        await requestJson('POST', new URL(`${API_PREFIX}/reports`, who.device.serverUrl), { body: envelope, ...(this.options.fetchImpl ? { fetchImpl: this.options.fetchImpl } : {}) });
        outbox.ack(head.seq);
        attempt = 0;
        events.sent(body.reportId);
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof EndpointError && !error.transient) {
          if (error.apiCode && DEVICE_GONE.has(error.apiCode)) {
            // Nothing will be accepted until the device enrolls again; keep everything queued.
            this.paused = true;
            events.deviceRejected(error);
            continue;
          }
          outbox.drop(head.seq, `${error.apiCode ?? error.status}: ${error.message}`);
          events.dropped(body.reportId, error.message);
          continue;
        }
        const err = error instanceof Error ? error : new Error(String(error));
        events.failed(err, true);
        const retryAfterMs = error instanceof EndpointError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : undefined;
        await this.sleep(
          backoffDelay(attempt++, this.options.random, {
            baseMs: this.options.baseDelayMs ?? 1000,
            capMs: this.options.maxDelayMs ?? 5 * 60_000,
            ...(retryAfterMs ? { retryAfterMs } : {}),
          }),
        );
      }
    }
  }
}
