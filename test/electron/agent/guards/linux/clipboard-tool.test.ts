import { describe, expect, it } from 'vitest';
import { awaitClipboardText, pipeIntoClipboardTool } from '../../../../../electron/agent/guards/linux/clipboard-tool';
import { fakeSpawn } from '../../../../helpers/fake-os';

describe('clipboard tool helpers', () => {
  it('waits until the clipboard reads back the written text', async () => {
    const seen = ['old', 'old', 'new'];
    let reads = 0;
    const read = async () => seen[Math.min(reads++, seen.length - 1)]!;
    expect(await awaitClipboardText(read, 'new', 1000)).toBe(true);
    expect(reads).toBe(3);
  });

  it('gives up after the deadline when someone else copied meanwhile, and survives failing reads', async () => {
    let reads = 0;
    const read = async () => {
      reads++;
      if (reads === 1) throw new Error('xclip is busy');
      return 'what the user copied';
    };
    expect(await awaitClipboardText(read, 'redacted', 50)).toBe(false);
    expect(reads).toBeGreaterThan(1);
  });

  it('pipes the text into the tool and reports a failing exit code', async () => {
    const fake = fakeSpawn();
    const written = pipeIntoClipboardTool('xclip', ['-i'], 'text', { DISPLAY: ':9' }, fake.spawn);
    const child = fake.children[0]!;
    let input = '';
    child.stdin.on('data', (d: Buffer) => (input += d.toString()));
    await new Promise((r) => setImmediate(r));
    child.exit(0);
    await written;
    expect(input).toBe('text');
    expect(fake.envs[0]).toEqual({ DISPLAY: ':9' });
    const failed = pipeIntoClipboardTool('xclip', ['-i'], 'x', {}, fake.spawn);
    fake.children[1]!.exit(2);
    await expect(failed).rejects.toThrow('xclip exited with 2');
  });
});
