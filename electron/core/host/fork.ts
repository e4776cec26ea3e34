import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientTransport } from './core-client.ts';
import type { FromCore } from './protocol.ts';

/** The core process's entry, run by Node straight from the TypeScript source (type stripping). */
export const CORE_PROCESS_ENTRY = fileURLToPath(new URL('./core-process.ts', import.meta.url));

/**
 * Starts the core process as a Node child (the end-to-end harness, bench:ui, tests): the same entry and
 * protocol the app runs under Electron's utilityProcess. 'advanced' serialization is the structured
 * clone Electron uses too, so a photo's bytes cross as a Uint8Array.
 */
export function forkCoreProcess(entry: string = CORE_PROCESS_ENTRY): ClientTransport & { pid: number } {
  const child = fork(entry, [], {
    serialization: 'advanced',
    // Not the parent's flags (vitest's own), only what the core needs.
    execArgv: ['--disable-warning=ExperimentalWarning'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    pid: child.pid ?? -1,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as FromCore)),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
  };
}
