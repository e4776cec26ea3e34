import type { Result } from '../../shared/errors.ts';
import type { CoreEventListener } from '../core/event-bus.ts';
import { type ClientTransport, CoreClient } from '../core/host/core-client.ts';
import type { CoreStartOptions, CoreStatus } from '../core/host/protocol.ts';
import type { DeviceCredential } from '../core/sync/credentials.ts';
import { mainLog } from './main-log.ts';

/**
 * Keeps the core process running for the main process (docs/architecture.md, "Processes"). The core
 * is started with `spawn` (Electron's utilityProcess in the app, a Node child in tests) and, if it
 * ends without being asked to, started again on the same database: calls that were waiting are
 * answered with an error (the page shows it; nothing half-written survives, each write is one
 * transaction), calls made while it restarts wait for it, and the window is told to read everything
 * again. After `maxCrashes` within `windowMs` it stops trying and calls `onGiveUp` (the app asks the
 * user). Kept free of `electron` so its tests fork a real child.
 */

export interface SupervisorOptions {
  spawn: () => ClientTransport;
  /** Read at every start, so a restart gets the credential as it is now. */
  startOptions: () => CoreStartOptions;
  /** The core changed the device credential: seal and store it. */
  onCredential?: (credential: DeviceCredential | null) => void;
  /** The core kept crashing; `retry()` starts it once more. */
  onGiveUp?: (reason: string) => void;
  /** Logged by the app. */
  onCrash?: (code: number | null) => void;
  maxCrashes?: number;
  windowMs?: number;
  /** Pause before a restart grows with each crash in the window: a core that dies at once is not a busy loop. */
  restartDelayMs?: number;
}

/** The surface the rest of the main process uses (ipc.ts, window-state.ts, connectivity.ts). */
export interface MainCore {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: CoreEventListener): () => void;
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  notifyOnline(): Promise<void>;
  readonly status: CoreStatus;
}

const GAVE_UP = { code: 'INTERNAL', message: 'the core process keeps stopping' } as const;

export class CoreSupervisor implements MainCore {
  private readonly options: Required<Omit<SupervisorOptions, 'onCredential' | 'onGiveUp' | 'onCrash'>> &
    SupervisorOptions;
  private client: CoreClient;
  /** Set while a new core process is starting; calls wait for it. */
  private starting: Promise<CoreClient | null> | null = null;
  private readonly listeners = new Set<CoreEventListener>();
  private crashes: number[] = [];
  private gaveUp = false;
  private closed = false;
  private restarts = 0;

  private constructor(options: SupervisorOptions, client: CoreClient) {
    this.options = { maxCrashes: 3, windowMs: 60_000, restartDelayMs: 250, ...options };
    this.client = client;
    this.adopt(client);
  }

  /** Starts the first core; an error opening the database (DB_TOO_NEW …) rejects, for the app to explain. */
  static async start(options: SupervisorOptions): Promise<CoreSupervisor> {
    const client = await CoreClient.start(options.spawn(), options.startOptions());
    return new CoreSupervisor(options, client);
  }

  get status(): CoreStatus {
    return this.client.status;
  }

  get serverUrl(): string | null {
    return this.client.serverUrl;
  }

  /** How many times the core was started again after a crash. */
  get restartCount(): number {
    return this.restarts;
  }

  async invoke(channel: string, input: unknown): Promise<Result<unknown>> {
    const client = await this.ready();
    if (!client) return { ok: false, error: GAVE_UP };
    return client.invoke(channel, input);
  }

  onEvent(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async getSetting(key: string): Promise<string | null> {
    return (await this.readyOrThrow()).getSetting(key);
  }

  async setSetting(key: string, value: string): Promise<void> {
    return (await this.readyOrThrow()).setSetting(key, value);
  }

  async notifyOnline(): Promise<void> {
    const client = await this.ready();
    await client?.notifyOnline();
  }

  /** After giving up: the user asked to try again. */
  retry(): void {
    if (this.closed || !this.gaveUp) return;
    this.gaveUp = false;
    this.crashes = [];
    this.restart();
  }

  /** Closes the core (it checkpoints the database) and stops supervising. */
  async close(): Promise<void> {
    this.closed = true;
    const client = await this.starting;
    await (client ?? this.client).close();
  }

  private async ready(): Promise<CoreClient | null> {
    if (this.starting) return this.starting;
    if (this.gaveUp || this.closed) return null;
    return this.client;
  }

  private async readyOrThrow(): Promise<CoreClient> {
    const client = await this.ready();
    if (!client) throw new Error(GAVE_UP.message);
    return client;
  }

  private adopt(client: CoreClient): void {
    client.onEvent((name, payload) => {
      for (const listener of this.listeners) listener(name, payload);
    });
    client.onCredential((credential) => this.options.onCredential?.(credential));
    client.onExit((code, expected) => {
      if (expected || this.closed) return;
      this.options.onCrash?.(code);
      this.crashed();
    });
  }

  private crashed(): void {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((at) => now - at < this.options.windowMs), now];
    if (this.crashes.length >= this.options.maxCrashes) {
      this.gaveUp = true;
      this.options.onGiveUp?.(`the core stopped ${this.crashes.length} times`);
      return;
    }
    this.restart();
  }

  private restart(): void {
    const delay = this.options.restartDelayMs * this.crashes.length;
    this.starting = new Promise<void>((resolve) => setTimeout(resolve, delay))
      .then(() => CoreClient.start(this.options.spawn(), this.options.startOptions()))
      .then(
        (client) => {
          this.client = client;
          this.restarts++;
          this.adopt(client);
          this.starting = null;
          // The new core may be in another state (a practice load that never finished): the window
          // reads its profile, the sync status and every open list again.
          this.emit('profile.changed', {});
          this.emit('sync.changed', {});
          return client;
        },
        (error: unknown) => {
          mainLog().error({ err: error }, 'the core could not start again');
          this.starting = null;
          this.crashed();
          return this.ready();
        },
      );
  }

  private emit: CoreEventListener = (name, payload) => {
    for (const listener of this.listeners) listener(name, payload);
  };
}
