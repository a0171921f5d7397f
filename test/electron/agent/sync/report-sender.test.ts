import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DeviceKey } from '../../../../electron/agent/sync/device-key';
import { Outbox } from '../../../../electron/agent/sync/outbox';
import { ReportSender } from '../../../../electron/agent/sync/report-sender';
import { makeTempDir } from '../../../helpers/temp-dir';
import { postureBody } from './helpers/reports';
import { waitFor } from './helpers/poll';

describe('ReportSender during a long outage', () => {
  it('retries without piling up abort listeners, and stops promptly', async () => {
    const tmp = makeTempDir();
    const outbox = Outbox.open(tmp.dir);
    outbox.add(postureBody());
    const key = DeviceKey.generate();
    const device = {
      serverUrl: 'http://127.0.0.1:9',
      deviceId: '00000000-0000-4000-8000-000000000001',
      teamId: null,
      site: null,
      serverPublicKey: key.publicKey,
      serverKeyId: 'k',
      maxClockSkewSeconds: 300,
      identityHash: 'h',
      enrolledAt: new Date().toISOString(),
    };
    let attempts = 0;
    const sender = new ReportSender({
      outbox,
      identity: () => ({ device, key }),
      events: { sent() {}, failed() {}, deviceRejected() {}, dropped() {} },
      random: () => 1,
      baseDelayMs: 1,
      maxDelayMs: 2,
      fetchImpl: (async () => {
        attempts++;
        throw new TypeError('fetch failed');
      }) as typeof fetch,
    });
    sender.start();
    await waitFor('fifty retries', () => attempts >= 50);
    const signal = (sender as unknown as { abort: AbortController }).abort.signal;
    // One sleep waiting at most; before the fix every retry left its listener behind.
    expect(getEventListeners(signal, 'abort').length).toBeLessThanOrEqual(1);
    await sender.stop();
    expect(outbox.peek()).toBeDefined(); // nothing acknowledged, nothing lost
    outbox.close();
    tmp.cleanup();
  });
});
