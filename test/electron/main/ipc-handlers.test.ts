import { describe, expect, it } from 'vitest';
import { IPC_CONTRACT } from '../../../shared/ipc/contract';
import { registerIpcHandlers, type IpcMainLike } from '../../../electron/main/ipc-handlers';

type Listener = Parameters<IpcMainLike['handle']>[1];

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return { ipcMain: { handle: (channel: string, listener: Listener) => void handlers.set(channel, listener) }, handlers };
}

const trusted = (url: string) => url.startsWith('app://shiftguard/');
const check = { id: 'disk-encryption' as const, status: 'pass' as const, summary: 'ok', evidence: {}, durationMs: 1 };

describe('registerIpcHandlers', () => {
  it('answers {ok, value} for a trusted sender', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcHandlers(ipcMain, { runChecks: async () => ({ compliant: true, checks: [check] }) }, trusted);
    const handler = handlers.get(IPC_CONTRACT.runChecks.channel)!;
    expect(await handler({ senderFrame: { url: 'app://shiftguard/index.html' } }, undefined)).toEqual({
      ok: true,
      value: { compliant: true, checks: [check] },
    });
  });

  it('refuses another sender without running the implementation', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    let ran = false;
    registerIpcHandlers(ipcMain, { runChecks: async () => ((ran = true), { compliant: true, checks: [] }) }, trusted);
    const answer = await handlers.get(IPC_CONTRACT.runChecks.channel)!({ senderFrame: { url: 'https://evil.example/' } }, undefined);
    expect(answer).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    expect(ran).toBe(false);
  });

  it('refuses input that fails the schema', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcHandlers(ipcMain, { runChecks: async () => ({ compliant: true, checks: [] }) }, trusted);
    const answer = await handlers.get(IPC_CONTRACT.runChecks.channel)!({ senderFrame: { url: 'app://shiftguard/' } }, { evil: true });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('turns a failing implementation into {ok: false}', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcHandlers(ipcMain, { runChecks: async () => Promise.reject(new Error('probe broke')) }, trusted);
    const answer = await handlers.get(IPC_CONTRACT.runChecks.channel)!({ senderFrame: { url: 'app://shiftguard/' } }, undefined);
    expect(answer).toMatchObject({ ok: false, error: { message: 'probe broke' } });
  });
});
