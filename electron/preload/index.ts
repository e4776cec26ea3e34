import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import type { FutasatoApi } from '../../shared/ipc/api.ts';
import { CHANNEL_NAMES, EVENT_NAMES, IPC_PREFIX } from '../../shared/ipc/channels.ts';

/**
 * The bridge between the sandboxed page and the main process. It forwards only channel and event
 * names of the IPC contract; input is validated in the main process, which is the trust boundary.
 * A sandboxed preload can `require` nothing but `electron`, so it imports only the dependency-free
 * name lists (`channels.ts`), never `contract.ts`, which would bundle zod and the domain schemas.
 */

const channels = new Set<string>(CHANNEL_NAMES);
const events = new Set<string>(EVENT_NAMES);

const api: FutasatoApi = {
  invoke(channel, input) {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      // Resolved, not rejected: callers handle every failure through the same Result shape.
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel ${String(channel)}` },
      });
    }
    return ipcRenderer.invoke(`${IPC_PREFIX}${channel}`, input);
  },

  subscribe(event, callback) {
    if (typeof event !== 'string' || !events.has(event))
      throw new TypeError(`unknown event ${String(event)}`);
    if (typeof callback !== 'function') throw new TypeError('callback must be a function');
    // The page gets the payload only: the IpcRendererEvent would hand it `sender` (ipcRenderer).
    const listener = (_event: IpcRendererEvent, payload: unknown) => callback(payload as never);
    const channel = `${IPC_PREFIX}event:${event}`;
    ipcRenderer.on(channel, listener);
    return () => {
      ipcRenderer.removeListener(channel, listener);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
