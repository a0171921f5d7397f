import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CONTRACT, IPC_EVENTS, type IpcEvent, type IpcMethod, type ShiftGuardApi } from '../../shared/ipc/contract';

// Exposes one named function per contract entry as window.shiftguard, plus `on` for the events in
// the contract. ipcRenderer itself never crosses the bridge, so the page cannot send or listen on
// arbitrary channels, and listeners get the payload only (never the IpcRendererEvent, whose
// `sender` would hand the page ipcRenderer).
const methods = Object.fromEntries(
  (Object.keys(IPC_CONTRACT) as IpcMethod[]).map((method) => [
    method,
    (input?: unknown) => ipcRenderer.invoke(IPC_CONTRACT[method].channel, input),
  ]),
);

function on(event: IpcEvent, listener: (payload: unknown) => void): () => void {
  const entry = Object.hasOwn(IPC_EVENTS, event) ? IPC_EVENTS[event] : undefined;
  if (!entry || typeof listener !== 'function') throw new TypeError('unknown ShiftGuard event');
  const wrapped = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(entry.channel, wrapped);
  return () => void ipcRenderer.removeListener(entry.channel, wrapped);
}

const api = { ...methods, on } as ShiftGuardApi;

contextBridge.exposeInMainWorld('shiftguard', api);
