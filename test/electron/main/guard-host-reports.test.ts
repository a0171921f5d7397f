import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GuardEventSchema } from '../../../shared/api/report';
import { PolicySchema } from '../../../shared/policy/schema';
import { GuardReporter } from '../../../electron/agent/sync/guard-reporter';
import { createDesktopGuards } from '../../helpers/desktop-guards';
import { waitFor } from '../../helpers/poll';

// The app hands each guard engine the host starts to its guard-events reporter (index.ts does
// exactly this with the sync engine as the sink): guard actions become masked reports, and what is
// pending goes out when an engine stops (policy swap or quit), before the stop notice.
const CARD = '4111 1111 1111 1111';
let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('GuardHost + GuardReporter (desktop guard-events reporting)', () => {
  it('reports a scrubbed clipboard card as a masked guard event, flushed when the engine stops', async () => {
    const sent: unknown[] = [];
    const reporter = new GuardReporter({ report: (input) => void sent.push(input) }, { sensitiveState: false, flushMs: 60_000 });
    const g = await createDesktopGuards({
      onEngine: (engine) => {
        const detach = reporter.attach(engine);
        return () => {
          detach();
          reporter.flush();
        };
      },
    });
    cleanup = g.cleanup;
    await g.host.applyPolicy(PolicySchema.parse({ clipboard: { mode: 'scrub' } }));

    g.clipboard.text = `card ${CARD} exp 12/29`;
    await waitFor('the clipboard scrubbed', () => !g.clipboard.text.includes(CARD), 15_000);
    expect(sent).toEqual([]); // batched: nothing yet within the flush period

    // A policy swap stops the first engine: its pending events are reported then.
    await g.host.applyPolicy(PolicySchema.parse({ clipboard: { mode: 'lock' } }));
    expect(sent).toHaveLength(1);
    const report = z.object({ kind: z.literal('guard-events'), events: z.array(GuardEventSchema).min(1) }).parse(sent[0]);
    expect(report).toMatchObject({
      kind: 'guard-events',
      events: [{ guard: 'clipboard', action: 'scrubbed', findings: [{ brand: 'visa', length: 16, last4: '1111' }] }],
    });
    expect(JSON.stringify(sent)).not.toContain('4111111111111111');
    expect(JSON.stringify(sent)).not.toContain(CARD);
  });
});
