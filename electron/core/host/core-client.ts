import { AppError, type Result } from '../../../shared/errors.ts';
import type { EventName, EventPayload } from '../../../shared/ipc/contract.ts';
import type { CoreEventListener } from '../event-bus.ts';
import type { DeviceCredential } from '../sync/credentials.ts';
import type {
  CoreCallName,
  CoreCalls,
  CoreStartOptions,
  CoreStatus,
  FromCore,
  RelayedRequest,
  RelayedResponse,
  ToCore,
} from './protocol.ts';

/**
 * The owner's side of the core process: the same surface the main process used when the core lived
 * in it (`invoke`, `onEvent`, settings, `close` …), all asynchronous. How messages travel is the
 * transport's business: Electron's utilityProcess in the app (electron/main/core-supervisor.ts), a
 * Node child process in the end-to-end harness and tests (fork.ts). docs/architecture.md, "Processes".
 */

export interface ClientTransport {
  send(message: ToCore): void;
  onMessage(listener: (message: FromCore) => void): void;
  /** The process ended, by itself or not; `code` is null when a signal ended it. */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** Makes one request for the core (CoreStartOptions.relayFetch) and sends back what came of it. */
async function answerFetch(
  transport: ClientTransport,
  fetchImpl: typeof fetch,
  id: number,
  request: RelayedRequest,
): Promise<void> {
  let response: RelayedResponse;
  try {
    const res = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body ? { body: new Uint8Array(request.body) } : {}),
    });
    const body = new Uint8Array(await res.arrayBuffer());
    // fetch has already decoded the body: the encoding header would make it be decoded twice.
    const headers: [string, string][] = [];
    res.headers.forEach((value, name) => {
      if (name !== 'content-encoding') headers.push([name, value]);
    });
    response = { ok: true, status: res.status, statusText: res.statusText, headers, body };
  } catch (error) {
    const e = error as { name?: string; message?: string; cause?: { code?: unknown; message?: string } };
    const code = typeof e.cause?.code === 'string' ? e.cause.code : null;
    response = {
      ok: false,
      name: e.name ?? 'Error',
      message: e.cause?.message ?? e.message ?? String(error),
      code,
    };
  }
  transport.send({ type: 'fetched', id, response });
}

/** How a call still waiting is answered when the core process stops under it. */
const CORE_STOPPED = { code: 'INTERNAL', message: 'the core process stopped' } as const;

type Pending = (result: Result<unknown>) => void;

export class CoreClient {
  private readonly transport: ClientTransport;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<CoreEventListener>();
  private readonly credentialListeners = new Set<(credential: DeviceCredential | null) => void>();
  private readonly exitListeners = new Set<(code: number | null, expected: boolean) => void>();
  private nextId = 1;
  private current: CoreStatus;
  private exited = false;
  private closing: Promise<void> | null = null;

  private constructor(transport: ClientTransport, status: CoreStatus) {
    this.transport = transport;
    this.current = status;
  }

  /**
   * Sends `start` and waits until the core has opened its database. A core that cannot open it (a
   * database from a newer app, an edited migration) rejects with that AppError; the process ends.
   */
  static start(
    transport: ClientTransport,
    options: CoreStartOptions,
    relay?: { fetch: typeof fetch },
  ): Promise<CoreClient> {
    return new Promise<CoreClient>((resolve, reject) => {
      let client: CoreClient | null = null;
      transport.onMessage((message) => {
        if (message.type === 'fetch') {
          if (relay) void answerFetch(transport, relay.fetch, message.id, message.request);
          return;
        }
        if (client) {
          client.receive(message);
          return;
        }
        if (message.type === 'ready') {
          client = new CoreClient(transport, message.status);
          resolve(client);
        } else if (message.type === 'failed') {
          reject(new AppError(message.error.code, message.error.message, message.error.field));
        }
      });
      transport.onExit((code) => {
        if (client) client.exit(code);
        else reject(new AppError('INTERNAL', `the core process ended before it opened (exit ${code})`));
      });
      transport.send({ type: 'start', options: relay ? { ...options, relayFetch: true } : options });
    });
  }

  /** What the core last reported about itself (with every answer and event). */
  get status(): CoreStatus {
    return this.current;
  }

  get inPractice(): boolean {
    return this.current.inPractice;
  }

  get serverUrl(): string | null {
    return this.current.serverUrl;
  }

  /** False once the process has ended. */
  get running(): boolean {
    return !this.exited;
  }

  /** A renderer call; never rejects: a core that stops under it answers INTERNAL. */
  invoke(channel: string, input: unknown): Promise<Result<unknown>> {
    if (this.exited || this.closing) return Promise.resolve({ ok: false, error: CORE_STOPPED });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.transport.send({ type: 'invoke', id, channel, input });
    });
  }

  getSetting(key: string): Promise<string | null> {
    return this.call('getSetting', key);
  }

  setSetting(key: string, value: string): Promise<void> {
    return this.call('setSetting', key, value);
  }

  enroll(serverUrl: string, code: string, allowInsecure = false): Promise<{ town: string; user: string }> {
    return this.call('enroll', serverUrl, code, allowInsecure);
  }

  notifyOnline(): Promise<void> {
    return this.call('notifyOnline');
  }

  onEvent(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The core changed the device credential: the owner seals and stores it. */
  onCredential(listener: (credential: DeviceCredential | null) => void): () => void {
    this.credentialListeners.add(listener);
    return () => this.credentialListeners.delete(listener);
  }

  /** The process ended; `expected` is true after `close`. */
  onExit(listener: (code: number | null, expected: boolean) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /**
   * Closes the database (the core checkpoints it into one file) and waits for the process to end. A
   * process that does not end within `graceMs` is killed: its database is still consistent (WAL).
   */
  close(graceMs = 30_000): Promise<void> {
    if (this.exited) return Promise.resolve();
    this.closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.transport.kill(), graceMs);
      this.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      this.transport.send({ type: 'shutdown' });
    });
    return this.closing;
  }

  private async call<M extends CoreCallName>(
    method: M,
    ...args: Parameters<CoreCalls[M]>
  ): Promise<ReturnType<CoreCalls[M]>> {
    if (this.exited || this.closing) throw new AppError(CORE_STOPPED.code, CORE_STOPPED.message);
    const id = this.nextId++;
    const result = await new Promise<Result<unknown>>((resolve) => {
      this.pending.set(id, resolve);
      this.transport.send({ type: 'call', id, method, args });
    });
    if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.field);
    return result.value as ReturnType<CoreCalls[M]>;
  }

  private receive(message: FromCore): void {
    switch (message.type) {
      case 'answer': {
        this.current = message.status;
        const settle = this.pending.get(message.id);
        this.pending.delete(message.id);
        settle?.(message.result);
        return;
      }
      case 'event':
        this.current = message.status;
        for (const listener of this.listeners)
          listener(message.name, message.payload as EventPayload<EventName>);
        return;
      case 'credential':
        for (const listener of this.credentialListeners) listener(message.credential);
        return;
      default:
        return;
    }
  }

  private exit(code: number | null): void {
    if (this.exited) return;
    this.exited = true;
    // Every call still waiting is answered: the renderer shows an error instead of waiting forever.
    for (const settle of this.pending.values()) settle({ ok: false, error: CORE_STOPPED });
    this.pending.clear();
    const expected = this.closing !== null;
    for (const listener of this.exitListeners) listener(code, expected);
  }
}
