import { describe, expect, it } from 'vitest';
import { IPC_CONTRACT } from '../../../shared/ipc/contract';
import { registerIpcHandlers, type IpcImplementation, type IpcMainLike } from '../../../electron/main/ipc-handlers';

type Listener = Parameters<IpcMainLike['handle']>[1];

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return { ipcMain: { handle: (channel: string, listener: Listener) => void handlers.set(channel, listener) }, handlers };
}

const trusted = (url: string) => url.startsWith('app://shiftguard/');
const check = { id: 'disk-encryption' as const, status: 'pass' as const, summary: 'ok', evidence: {}, durationMs: 1, mode: 'enforce' as const, judgement: 'pass' as const, firstFailedAt: null, graceEndsAt: null, graceRemainingMinutes: null };
const finishedAt = '2026-01-05T08:00:00.000Z';

/** An implementation whose other methods fail loudly if a test reaches them by mistake. */
function impl(runChecks: IpcImplementation['runChecks']): IpcImplementation {
  const never = async () => Promise.reject(new Error('not expected in this test'));
  return { getState: never, runChecks, setAttestation: never, startShift: never, endShift: never, getLastReport: never, setLanguage: never, setStartAtLogin: never, quit: never, recordScratchpadMasking: never, enroll: never, hideWindow: never };
}

describe('registerIpcHandlers', () => {
  it('answers {ok, value} for a trusted sender', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcHandlers(ipcMain, impl(async () => ({ compliant: true, allEnforcedPassed: true, checks: [check], finishedAt })), trusted);
    const handler = handlers.get(IPC_CONTRACT.runChecks.channel)!;
    expect(await handler({ senderFrame: { url: 'app://shiftguard/index.html' } }, undefined)).toEqual({
      ok: true,
      value: { compliant: true, allEnforcedPassed: true, checks: [check], finishedAt },
    });
  });

  it('refuses another sender without running the implementation', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    let ran = false;
    registerIpcHandlers(ipcMain, impl(async () => ((ran = true), { compliant: true, allEnforcedPassed: true, checks: [], finishedAt })), trusted);
    const answer = await handlers.get(IPC_CONTRACT.runChecks.channel)!({ senderFrame: { url: 'https://evil.example/' } }, undefined);
    expect(answer).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    expect(ran).toBe(false);
  });

  it('refuses input that fails the schema', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcHandlers(ipcMain, impl(async () => ({ compliant: true, allEnforcedPassed: true, checks: [], finishedAt })), trusted);
    const answer = await handlers.get(IPC_CONTRACT.runChecks.channel)!({ senderFrame: { url: 'app://shiftguard/' } }, { evil: true });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('turns a failing implementation into {ok: false}', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcHandlers(ipcMain, impl(async () => Promise.reject(new Error('probe broke'))), trusted);
    const answer = await handlers.get(IPC_CONTRACT.runChecks.channel)!({ senderFrame: { url: 'app://shiftguard/' } }, undefined);
    expect(answer).toMatchObject({ ok: false, error: { message: 'probe broke' } });
  });
});
