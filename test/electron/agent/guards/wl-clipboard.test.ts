import { describe, expect, it } from 'vitest';
import { WlClipboard } from '../../../../electron/agent/guards/linux/wl-clipboard';
import { CommandError } from '../../../../electron/agent/os/command-runner';
import { exit, fakeRunner, fakeSpawn, ok } from '../../../helpers/fake-os';

const tick = () => new Promise((r) => setImmediate(r));

describe('WlClipboard (fake wl-paste / wl-copy)', () => {
  it('reads text with WAYLAND_DISPLAY set; an empty clipboard is ""', async () => {
    const { run, calls } = fakeRunner({ 'wl-paste': [ok('4111 1111 1111 1111'), exit(1, 'Nothing is copied\n')] });
    const clip = new WlClipboard('wayland-1', run, fakeSpawn().spawn);
    expect(await clip.readText()).toBe('4111 1111 1111 1111');
    expect(await clip.readText()).toBe('');
    expect(calls[0]).toMatchObject({ args: ['--no-newline', '--type', 'text'], options: { env: { WAYLAND_DISPLAY: 'wayland-1' } } });
  });

  it('an oversized clipboard is left alone; a missing wl-paste is an error', async () => {
    const big = fakeRunner({ 'wl-paste': [new CommandError('output-too-large', 'wl-paste', 'too big')] });
    expect(await new WlClipboard('w', big.run, fakeSpawn().spawn).readText()).toBe('');
    await expect(new WlClipboard('w', fakeRunner({}).run, fakeSpawn().spawn).readText()).rejects.toMatchObject({ code: 'not-found' });
  });

  it('writes through wl-copy’s stdin and waits until the clipboard reads back; clears with --clear', async () => {
    const fake = fakeSpawn();
    const { run, calls } = fakeRunner({ 'wl-copy': [ok('')], 'wl-paste': [ok('old text'), ok('•••• 1111')] });
    const clip = new WlClipboard('w', run, fake.spawn);
    const written = clip.writeText('•••• 1111');
    const child = fake.children[0]!;
    let input = '';
    child.stdin.on('data', (d: Buffer) => (input += d.toString()));
    await tick();
    child.exit(0);
    await written;
    expect(input).toBe('•••• 1111');
    expect(child.file).toBe('wl-copy');
    expect(fake.envs[0]).toEqual({ WAYLAND_DISPLAY: 'w' });
    // The forked wl-copy server had not taken the selection at the first look.
    expect(calls.filter((c) => c.file === 'wl-paste')).toHaveLength(2);
    await clip.writeText('');
    expect(calls.find((c) => c.file === 'wl-copy')!.args).toEqual(['--clear']);
    const failed = clip.writeText('x');
    fake.children[1]!.exit(1);
    await expect(failed).rejects.toThrow('wl-copy exited with 1');
  });

  it('watches with one wl-paste --watch; falls back to polling when the compositor lacks data-control', async () => {
    const fake = fakeSpawn();
    let text = 'a';
    const { run } = fakeRunner({ 'wl-paste': [() => ok(text)] });
    const clip = new WlClipboard('w', run, fake.spawn, 5);
    let changes = 0;
    const stop = clip.watch(() => changes++);
    const watcher = fake.children[0]!;
    expect(watcher.args).toEqual(['--watch', 'echo', 'changed']);
    watcher.stdout.write('changed\n');
    await tick();
    expect(changes).toBe(1);
    watcher.stderr.write('Watch mode requires a compositor that supports the wlroots data-control protocol\n');
    watcher.exit(1);
    await new Promise((r) => setTimeout(r, 30));
    text = 'b';
    for (let i = 0; i < 50 && changes < 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect(changes).toBe(2);
    stop();
    clip.close();
  });
});
