import { AppError, type AppErrorShape, type Result } from '../../../shared/errors.ts';
import { AppCore } from '../app-core.ts';
import { secretFromHex } from '../encryption/keys.ts';
import type { CredentialStore, DeviceCredential } from '../sync/credentials.ts';
import type {
  CoreCallName,
  CoreStartOptions,
  CoreStatus,
  FromCore,
  RelayedResponse,
  ToCore,
} from './protocol.ts';

/**
 * The core's side of the message protocol (protocol.ts): opens AppCore when `start` arrives, answers
 * `invoke` and `call`, forwards every core event, and closes on `shutdown`. It knows nothing of how the
 * messages travel (HostTransport), so the same code runs in Electron's utilityProcess and in a Node
 * child process (the end-to-end harness, tests). docs/architecture.md, "Processes".
 */

export interface HostTransport {
  send(message: FromCore): void;
  onMessage(listener: (message: ToCore) => void): void;
  /** The owner is gone without a `shutdown`: the database is closed all the same. */
  onClose(listener: () => void): void;
}

/**
 * The credential lives in the owner's keychain: the core holds the unsealed copy it was given at start
 * and sends every change back to be sealed and stored. If that store is lost (a crash in between), the
 * server still accepts the previous refresh secret once (docs/sync-design.md, "Auth").
 */
class RelayedCredentialStore implements CredentialStore {
  private credential: DeviceCredential | null;
  private readonly send: (credential: DeviceCredential | null) => void;

  constructor(initial: DeviceCredential | null, send: (credential: DeviceCredential | null) => void) {
    this.credential = initial;
    this.send = send;
  }

  load(): DeviceCredential | null {
    return this.credential;
  }

  save(credential: DeviceCredential): void {
    this.credential = credential;
    this.send(credential);
  }

  clear(): void {
    this.credential = null;
    this.send(null);
  }
}

/**
 * A `fetch` that asks the owner to make the request (CoreStartOptions.relayFetch). The answer's body
 * arrives whole; the caller's abort signal (the sync timeout) still ends the wait here.
 */
function relayedFetch(transport: HostTransport, answers: Map<number, (r: RelayedResponse) => void>) {
  let nextId = 1;
  return async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const request = new Request(input, init);
    const body = init.body == null ? null : new Uint8Array(await request.arrayBuffer());
    const id = nextId++;
    const signal = init.signal;
    const response = await new Promise<RelayedResponse>((resolve, reject) => {
      const onAbort = () => {
        answers.delete(id);
        reject(signal?.reason);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      answers.set(id, (answer) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(answer);
      });
      transport.send({
        type: 'fetch',
        id,
        request: {
          url: request.url,
          method: request.method,
          headers: Object.fromEntries(request.headers),
          body,
        },
      });
    });
    if (!response.ok) {
      const cause = Object.assign(new Error(response.message), response.code ? { code: response.code } : {});
      const error = new TypeError('fetch failed', { cause });
      if (response.name === 'TimeoutError' || response.name === 'AbortError') error.name = response.name;
      throw error;
    }
    return new Response(response.body.length > 0 ? response.body : null, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

export function statusOf(core: AppCore): CoreStatus {
  return {
    dbPath: core.dbPath,
    inPractice: core.inPractice,
    serverUrl: core.serverUrl,
    deviceId: core.sync?.deviceId ?? null,
    syncPhase: core.sync?.phase ?? null,
  };
}

function errorShape(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** Serves one core over `transport`; `exit` ends the process once the database is closed. */
export function runCoreHost(transport: HostTransport, exit: (code: number) => void): void {
  let core: AppCore | null = null;
  let opening: Promise<AppCore | null> | null = null;
  let closing = false;
  const fetched = new Map<number, (response: RelayedResponse) => void>();
  const status = (): CoreStatus => {
    if (!core) throw new Error('the core is not open');
    return statusOf(core);
  };

  const start = async (options: CoreStartOptions): Promise<AppCore | null> => {
    const credentials =
      options.credential === undefined
        ? undefined
        : new RelayedCredentialStore(options.credential, (credential) =>
            transport.send({ type: 'credential', credential }),
          );
    const { credential: _sealedElsewhere, relayFetch, atRestKey, ...rest } = options;
    if (relayFetch) rest.serverClient = { ...rest.serverClient, fetch: relayedFetch(transport, fetched) };
    try {
      const secret = atRestKey === undefined ? null : secretFromHex(atRestKey);
      const opened = await AppCore.open({ ...rest, secret, ...(credentials ? { credentials } : {}) });
      core = opened;
      opened.onEvent((name, payload) => transport.send({ type: 'event', name, payload, status: status() }));
      transport.send({ type: 'ready', status: status() });
      return opened;
    } catch (error) {
      transport.send({ type: 'failed', error: errorShape(error) });
      exit(1);
      return null;
    }
  };

  const call = async (open: AppCore, method: CoreCallName, args: unknown[]): Promise<unknown> => {
    switch (method) {
      case 'getSetting':
        return open.getSetting(args[0] as string);
      case 'setSetting':
        return open.setSetting(args[0] as string, args[1] as string);
      case 'enroll':
        return open.enroll(args[0] as string, args[1] as string, args[2] === true);
      case 'notifyOnline':
        return open.notifyOnline();
    }
  };

  const shutdown = async () => {
    if (closing) return;
    closing = true;
    const open = await opening;
    try {
      await open?.close();
    } catch (error) {
      console.error('[core] closing the database failed', error);
    }
    transport.send({ type: 'closed' });
    exit(0);
  };

  transport.onClose(() => void shutdown());
  transport.onMessage((message) => {
    switch (message.type) {
      case 'start':
        if (!opening) opening = start(message.options);
        return;
      case 'fetched': {
        const settle = fetched.get(message.id);
        fetched.delete(message.id);
        settle?.(message.response);
        return;
      }
      case 'shutdown':
        void shutdown();
        return;
      case 'invoke':
      case 'call': {
        const answer = async (): Promise<void> => {
          const open = await opening;
          if (!open || closing) {
            transport.send({
              type: 'answer',
              id: message.id,
              result: { ok: false, error: { code: 'INTERNAL', message: 'the core is closing' } },
              status: open ? status() : emptyStatus(),
            });
            return;
          }
          let result: Result<unknown>;
          if (message.type === 'invoke') result = await open.invoke(message.channel, message.input);
          else {
            try {
              result = { ok: true, value: await call(open, message.method, message.args) };
            } catch (error) {
              result = { ok: false, error: errorShape(error) };
            }
          }
          transport.send({ type: 'answer', id: message.id, result, status: status() });
        };
        answer().catch((error: unknown) => console.error('[core] could not answer', error));
        return;
      }
    }
  });
}

function emptyStatus(): CoreStatus {
  return { dbPath: '', inPractice: false, serverUrl: null, deviceId: null, syncPhase: null };
}
