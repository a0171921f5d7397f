import { LiveEventSchema, type CheckNowRequest, type LiveEvent } from '../../../shared/api/agent';
import { API_PREFIX } from '../../../shared/version';
import { backoffDelay } from './backoff';
import type { DeviceKey } from './device-key';
import { EndpointError, networkFailure } from './http-client';
import { SseParser } from './sse-parser';

export interface LiveChannelOptions {
  serverUrl: string;
  deviceId: string;
  key: DeviceKey;
  /** A policy was published: `raw` is the signed policy as received (verified over exactly those bytes). */
  onPolicy: (raw: unknown) => void;
  onCheckNow: (request: CheckNowRequest) => void;
  /** Called on every (re)connection: the owner checks in so nothing published meanwhile is missed. */
  onConnected: () => void;
  onDisconnected: (error: Error | null) => void;
  random?: () => number;
  fetchImpl?: typeof fetch;
  /** Reconnect delays (tests shorten them). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

const PATH = `${API_PREFIX}/agent/events`;

/**
 * The live channel: a long-lived GET of the server's event stream, authenticated by a fresh device
 * signature on every connection, reconnected with backoff and jitter until stopped.
 */
export class LiveChannel {
  private readonly abort = new AbortController();
  private stopped = false;
  private loop: Promise<void> | null = null;
  connected = false;

  constructor(private readonly options: LiveChannelOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    const random = this.options.random ?? Math.random;
    while (!this.stopped) {
      let error: Error | null = null;
      try {
        const receivedAny = await this.connectOnce();
        if (receivedAny) attempt = 0;
      } catch (e) {
        error = e as Error;
      }
      if (this.connected) {
        this.connected = false;
        this.options.onDisconnected(error);
      } else if (error && !this.stopped) {
        this.options.onDisconnected(error);
      }
      if (this.stopped) return;
      const delay = backoffDelay(attempt++, random, { baseMs: this.options.baseDelayMs ?? 1000, capMs: this.options.maxDelayMs ?? 60_000 });
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.abort.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
    }
  }

  /** One connection, until the server closes it; true when the server said hello. */
  private async connectOnce(): Promise<boolean> {
    const url = new URL(PATH, this.options.serverUrl);
    const fetchImpl = this.options.fetchImpl ?? fetch;
    let response: Response;
    try {
      response = await fetchImpl(url, {
        headers: { accept: 'text/event-stream', authorization: this.options.key.authorization(this.options.deviceId, 'GET', PATH) },
        signal: this.abort.signal,
      });
    } catch (error) {
      if (this.stopped) return false;
      throw networkFailure(url, error);
    }
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => '');
      throw new EndpointError(response.status >= 500 ? 'server-error' : 'refused', `live channel refused: ${response.status} ${text.slice(0, 200)}`, response.status);
    }
    const parser = new SseParser();
    const decoder = new TextDecoder();
    let hello = false;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        for (const sse of parser.push(decoder.decode(chunk, { stream: true }))) {
          let json: unknown;
          try {
            json = JSON.parse(sse.data);
          } catch {
            continue;
          }
          // Unknown event types (a newer server) are skipped, not fatal.
          const parsed = LiveEventSchema.safeParse(json);
          if (!parsed.success) continue;
          hello = this.dispatch(parsed.data, json) || hello;
        }
      }
    } catch (error) {
      if (!this.stopped) throw networkFailure(url, error);
    }
    return hello;
  }

  /** Hands an event to its handler; true for the server's hello. */
  private dispatch(event: LiveEvent, raw: unknown): boolean {
    switch (event.type) {
      case 'hello':
        this.connected = true;
        this.options.onConnected();
        return true;
      case 'policy-published':
        this.options.onPolicy((raw as { policy?: unknown }).policy);
        return false;
      case 'check-now':
        this.options.onCheckNow(event.request);
        return false;
      default: {
        const never: never = event;
        throw new Error(`unhandled live event ${JSON.stringify(never)}`);
      }
    }
  }
}
