import { LiveEventSchema, type LiveEvent } from '../../shared/api/agent';

/** A live-channel client over real HTTP (fetch streaming), collecting parsed events. */
export class SseClient {
  readonly events: LiveEvent[] = [];
  private readonly abort = new AbortController();
  private waiters: Array<() => void> = [];
  status = 0;

  private constructor() {}

  static async connect(url: string, authorization: string): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(url, { headers: { authorization, accept: 'text/event-stream' }, signal: client.abort.signal });
    client.status = response.status;
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return client;
    }
    void client.read(response.body);
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (data) {
            this.events.push(LiveEventSchema.parse(JSON.parse(data)));
            for (const w of this.waiters.splice(0)) w();
          }
        }
      }
    } catch {
      // aborted
    }
  }

  /** Resolves with the first event matching `predicate` (already received or arriving within timeoutMs). */
  async waitFor<T extends LiveEvent['type']>(type: T, timeoutMs = 10_000): Promise<Extract<LiveEvent, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.type === type);
      if (found) return found as Extract<LiveEvent, { type: T }>;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} event within ${timeoutMs} ms; got ${this.events.map((e) => e.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.abort.abort();
  }
}
