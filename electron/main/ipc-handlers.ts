import { IPC_CONTRACT, type IpcInput, type IpcMethod, type IpcOutput, type IpcResult } from '../../shared/ipc/contract';
import { describeZodError } from '../../shared/validation';

/** The part of Electron's ipcMain the handlers need; tests hand in a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: { url: string } | null }, arg: unknown) => Promise<unknown>): void;
}

/** The implementation of each contract method, given validated input. */
export type IpcImplementation = { [M in IpcMethod]: (input: IpcInput<M>) => Promise<IpcOutput<M>> };

/**
 * Registers one handler per contract entry. Each message is checked for its sender (only our own
 * renderer pages) and its schema before the implementation runs; every answer is an IpcResult.
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, impl: IpcImplementation, isTrustedSender: (url: string) => boolean): void {
  for (const method of Object.keys(IPC_CONTRACT) as IpcMethod[]) {
    const entry = IPC_CONTRACT[method];
    ipcMain.handle(entry.channel, async (event, arg): Promise<IpcResult<unknown>> => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedSender(url)) return { ok: false, error: { code: 'untrusted_sender', message: 'sender not allowed' } };
      const input = entry.input.safeParse(arg);
      if (!input.success) return { ok: false, error: { code: 'invalid_input', message: describeZodError(input.error) } };
      try {
        const value = await (impl[method] as (i: unknown) => Promise<unknown>)(input.data);
        return { ok: true, value: entry.output.parse(value) };
      } catch (error) {
        return { ok: false, error: { code: (error as { code?: string }).code ?? 'failed', message: (error as Error).message } };
      }
    });
  }
}
