import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../electron/agent/guards/audit-log';
import { ClipboardGuard } from '../../../../electron/agent/guards/clipboard-guard';
import { EvidenceRecorder } from '../../../../electron/agent/guards/evidence';
import { XclipClipboard } from '../../../../electron/agent/guards/linux/xclip-clipboard';
import { makeTempDir } from '../../../helpers/temp-dir';
import { xclipCopyVisible, xclipPaste } from '../../../helpers/x11-tools';
import { hasXvfb, startXvfb, type Xvfb } from '../../../helpers/xvfb';

const tmp = makeTempDir();
let xvfb: Xvfb;
let clipboard: XclipClipboard;

describe.skipIf(!hasXvfb())('clipboard guard with the real X clipboard', () => {
  beforeAll(async () => {
    xvfb = await startXvfb();
    clipboard = await XclipClipboard.open(xvfb.display);
  });
  afterAll(async () => {
    clipboard?.close();
    await xvfb?.stop();
    tmp.cleanup();
  });

  const context = () => ({
    audit: new AuditLog(path.join(tmp.dir, 'audit.jsonl')),
    evidence: new EvidenceRecorder(path.join(tmp.dir, 'evidence')),
    now: () => new Date(),
  });

  it('never touches ordinary text in scrub mode', async () => {
    const guard = new ClipboardGuard(clipboard, 'scrub', context());
    await xclipCopyVisible(xvfb.env, 'order 4111 1111 1111 1112, call 020 7946 0958');
    await guard.check();
    expect(await xclipPaste(xvfb.env)).toBe('order 4111 1111 1111 1112, call 020 7946 0958');
  });

  it('does nothing in off mode, even with a card number', async () => {
    const guard = new ClipboardGuard(clipboard, 'off', context());
    await xclipCopyVisible(xvfb.env, '4111111111111111');
    await guard.check();
    expect(await xclipPaste(xvfb.env)).toBe('4111111111111111');
  });

  it('lock: clears on entry, wipes anything copied, clears on exit; scrubs outside sensitive mode', async () => {
    const ctx = context();
    const guard = new ClipboardGuard(clipboard, 'lock', ctx);
    await xclipCopyVisible(xvfb.env, 'left over from before');
    await guard.setSensitive(true);
    expect(await xclipPaste(xvfb.env)).toBe('');
    await xclipCopyVisible(xvfb.env, 'harmless text copied during the call');
    await guard.check();
    expect(await xclipPaste(xvfb.env)).toBe('');
    await guard.setSensitive(false);
    await xclipCopyVisible(xvfb.env, 'after the call 4111111111111111');
    await guard.check();
    expect(await xclipPaste(xvfb.env)).toBe('after the call ************1111');
    await ctx.audit.flush();
  });
});
