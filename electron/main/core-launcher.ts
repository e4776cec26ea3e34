import { utilityProcess } from 'electron';
import type { ClientTransport } from '../core/host/core-client.ts';
import type { FromCore } from '../core/host/protocol.ts';
import { CORE_PROCESS_PATH } from './app-pages.ts';

/**
 * Starts the core (out/main/core.js, built from electron/core/host/core-process.ts) in an Electron
 * utility process: a Node process of its own, so a long database job (the large sample town, storing a
 * 5,000-row sync page) never blocks the main process's event loop, and with it the window. Messages are
 * structured clones over Electron's MessagePort.
 */
export function utilityCoreTransport(entry: string = CORE_PROCESS_PATH): ClientTransport {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Futasato core', stdio: 'inherit' });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  return {
    send: (message) => {
      if (!exited) child.postMessage(message);
    },
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromCore)),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => {
      child.kill();
    },
  };
}
