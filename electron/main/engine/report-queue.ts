import { z } from 'zod';
import { PostureReportSchema, type PostureReport } from '../../../shared/api/report';
import type { KeyValueStore } from '../store/key-value-store';

const QUEUE_KEY = 'reports.queue';
const QueueSchema = z.array(PostureReportSchema);

/**
 * Reports waiting for the endpoint, persisted so nothing is lost offline or across restarts, and
 * sent once, oldest first. Bounded: past `maxEntries` the oldest are dropped (the newest state
 * matters most). The sync engine's signed outbox (issue 9) takes this role when it lands.
 */
export class ReportQueue {
  constructor(
    private readonly store: KeyValueStore,
    private readonly maxEntries: () => number,
  ) {}

  /** The queued reports, oldest first. A corrupt stored queue reads as empty rather than blocking reports. */
  pending(): PostureReport[] {
    const parsed = QueueSchema.safeParse(this.store.get(QUEUE_KEY) ?? []);
    return parsed.success ? parsed.data : [];
  }

  enqueue(report: PostureReport): void {
    const queue = [...this.pending(), report];
    this.store.set(QUEUE_KEY, queue.slice(Math.max(0, queue.length - this.maxEntries())));
  }

  /**
   * Sends queued reports in order; stops at the first failure so order is kept. Each report is
   * removed as soon as it is acknowledged, so a crash mid-flush re-sends at most one (the server
   * accepts re-sent reports idempotently).
   */
  async flush(send: (report: PostureReport) => Promise<void>): Promise<{ sent: string[]; error: Error | null }> {
    const sent: string[] = [];
    for (;;) {
      const [next] = this.pending();
      if (!next) return { sent, error: null };
      try {
        await send(next);
      } catch (error) {
        return { sent, error: error instanceof Error ? error : new Error(String(error)) };
      }
      this.store.set(QUEUE_KEY, this.pending().filter((r) => r.reportId !== next.reportId));
      sent.push(next.reportId);
    }
  }
}
