import type { AppErrorShape, Result } from '../../../shared/errors.ts';
import type { EventName, EventPayload } from '../../../shared/ipc/contract.ts';
import type { SyncPhaseView } from '../../../shared/ipc/views.ts';
import type { Migration } from '../db/migrator.ts';
import type { DeviceCredential } from '../sync/credentials.ts';
import type { SchedulerOptions } from '../sync/scheduler.ts';
import type { ServerClientOptions } from '../sync/server-client.ts';

/**
 * The messages between the process that owns the window (Electron's main process, or the end-to-end
 * harness) and the core process (electron/core/host/core-process.ts). Every message is one of these,
 * sent with the structured-clone algorithm (Electron's MessagePort, Node's `serialization: 'advanced'`),
 * so the bytes of a photo cross as a Uint8Array. docs/architecture.md, "Processes".
 */

/** What the core needs to open; everything but secrets could also come from the command line. */
export interface CoreStartOptions {
  dbPath: string;
  migrations: readonly Migration[];
  appVersion: string;
  deviceName?: string;
  serverClient?: ServerClientOptions;
  autoSync?: boolean | SchedulerOptions;
  /**
   * The device credential, unsealed by the process that owns the OS keychain (Electron's safeStorage
   * lives in the main process only). Whenever the core changes it, it sends `credential` back to be
   * sealed and stored there. Absent: the core keeps it in a plain file beside the database (tests).
   */
  credential?: DeviceCredential | null;
  /**
   * The consortium server is reached through the owner's `fetch` (`fetch` messages): the end-to-end
   * harness switches a laptop's link off and on in the test process this way.
   */
  relayFetch?: boolean;
  /**
   * The at-rest secret as 64 hex digits (docs/security.md), unsealed by the main process from the OS
   * keychain and handed over in this message only: never on the command line, in the environment or
   * in a log. Absent: the database and attachments are kept in clear (tests, the e2e harness).
   */
  atRestKey?: string;
  /** Where the inspection checklists are read from (default: the shipped folder); benches add their own. */
  inspectionTemplateDir?: string;
}

/** One HTTP request the core asks its owner to make (relayFetch). */
export interface RelayedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

export type RelayedResponse =
  | { ok: true; status: number; statusText: string; headers: [string, string][]; body: Uint8Array }
  /** The request failed without an answer: `code` is the network error's (ECONNREFUSED …). */
  | { ok: false; name: string; message: string; code: string | null };

/** What the owner can read at any time without asking: sent with every answer and event. */
export interface CoreStatus {
  /** The database in use: the practice town's file in practice mode. */
  dbPath: string;
  inPractice: boolean;
  serverUrl: string | null;
  deviceId: string | null;
  syncPhase: SyncPhaseView | null;
}

/** The owner's own calls (not the renderer's contract): settings, enrolment, the network. */
export interface CoreCalls {
  getSetting(key: string): string | null;
  setSetting(key: string, value: string): void;
  enroll(serverUrl: string, code: string, allowInsecure?: boolean): { town: string; user: string };
  notifyOnline(): void;
}
export type CoreCallName = keyof CoreCalls;

/** Owner → core. */
export type ToCore =
  | { type: 'start'; options: CoreStartOptions }
  /** A renderer call, already past the sender check; the core validates the input. */
  | { type: 'invoke'; id: number; channel: string; input: unknown }
  | { type: 'call'; id: number; method: CoreCallName; args: unknown[] }
  | { type: 'fetched'; id: number; response: RelayedResponse }
  /** Close the database (checkpointing it) and exit. */
  | { type: 'shutdown' };

/** Core → owner. */
export type FromCore =
  | { type: 'ready'; status: CoreStatus }
  /** The database could not be opened (e.g. DB_TOO_NEW); the process exits after this. */
  | { type: 'failed'; error: AppErrorShape }
  | { type: 'answer'; id: number; result: Result<unknown>; status: CoreStatus }
  | { type: 'event'; name: EventName; payload: EventPayload<EventName>; status: CoreStatus }
  /** The credential changed (enrolment, every refresh rotates it): seal and store it. */
  | { type: 'credential'; credential: DeviceCredential | null }
  | { type: 'fetch'; id: number; request: RelayedRequest }
  | { type: 'closed' };
