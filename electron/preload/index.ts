import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CONTRACT, type IpcMethod, type ShiftGuardApi } from '../../shared/ipc/contract';

// Exposes one named function per contract entry as window.shiftguard. ipcRenderer itself never
// crosses the bridge, so the page cannot send on arbitrary channels.
const api = Object.fromEntries(
  (Object.keys(IPC_CONTRACT) as IpcMethod[]).map((method) => [
    method,
    (input?: unknown) => ipcRenderer.invoke(IPC_CONTRACT[method].channel, input),
  ]),
) as ShiftGuardApi;

contextBridge.exposeInMainWorld('shiftguard', api);
