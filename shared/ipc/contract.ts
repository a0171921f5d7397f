import { z } from 'zod';
import { CheckResultSchema } from '../posture/check-result';

/**
 * The one IPC contract between the renderer and the main process. Each entry names a channel and
 * the zod schemas of its argument and result; the preload API and the main-process handlers are
 * both derived from this table, so they cannot drift apart.
 */
export const IPC_CONTRACT = {
  runChecks: {
    channel: 'shiftguard:checks:run',
    input: z.void(),
    output: z.object({ compliant: z.boolean(), checks: z.array(CheckResultSchema) }),
  },
} as const;

export type IpcMethod = keyof typeof IPC_CONTRACT;
export type IpcInput<M extends IpcMethod> = z.infer<(typeof IPC_CONTRACT)[M]['input']>;
export type IpcOutput<M extends IpcMethod> = z.infer<(typeof IPC_CONTRACT)[M]['output']>;

/** Every answer over IPC: a value, or an error with a stable code (never a thrown Error). */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** window.shiftguard as the renderer sees it: one async function per contract entry. */
export type ShiftGuardApi = {
  [M in IpcMethod]: IpcInput<M> extends void ? () => Promise<IpcResult<IpcOutput<M>>> : (input: IpcInput<M>) => Promise<IpcResult<IpcOutput<M>>>;
};
