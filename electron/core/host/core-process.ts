import { type HostTransport, runCoreHost } from './core-host.ts';
import type { FromCore, ToCore } from './protocol.ts';

/**
 * The core process's entry point. Under Electron it is started with `utilityProcess.fork` and talks
 * through `process.parentPort`; under Node (the end-to-end harness, tests) with `child_process.fork`
 * (serialization 'advanced') and talks through `process.send`. Nothing here imports `electron`: the
 * parent port is a global Electron gives the utility process. docs/architecture.md, "Processes".
 */

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

interface ProcessTransport extends HostTransport {
  exit(code: number): void;
}

function electronTransport(port: ParentPort): ProcessTransport {
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', (event) => listener(event.data as ToCore)),
    // The utility process is ended by Electron when the main process goes; nothing to watch here.
    onClose: () => undefined,
    // A turn of the loop lets the last message leave before the process ends.
    exit: (code) => setImmediate(() => process.exit(code)),
  };
}

function nodeTransport(): ProcessTransport {
  let inFlight = 0;
  let exitCode: number | null = null;
  const exitWhenSent = () => {
    if (exitCode !== null && (inFlight === 0 || !process.connected)) process.exit(exitCode);
  };
  return {
    send: (message: FromCore) => {
      // After the parent disconnected there is no one to tell (the close still runs).
      if (!process.connected) return;
      inFlight++;
      process.send?.(message, undefined, undefined, () => {
        inFlight--;
        exitWhenSent();
      });
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ToCore)),
    // The parent went away without saying goodbye (a killed test run): close the database anyway.
    onClose: (listener) => process.on('disconnect', listener),
    exit: (code) => {
      exitCode = code;
      exitWhenSent();
    },
  };
}

function parentTransport(): ProcessTransport {
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (port) return electronTransport(port);
  if (process.send) return nodeTransport();
  throw new Error('the core process runs as a child: utilityProcess.fork or child_process.fork');
}

const transport = parentTransport();
runCoreHost(transport, (code) => transport.exit(code));
