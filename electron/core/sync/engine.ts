import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Logger } from 'pino';
import { DEFAULT_MAX_SKEW_MS, decodeHlc } from '../../../shared/hlc.ts';
import type { SyncPhaseView } from '../../../shared/ipc/views.ts';
import {
  PROTOCOL_VERSION,
  type PushOp,
  SCHEMA_VERSION,
  type SyncRequest,
  type SyncResponse,
} from '../../../shared/sync/protocol.ts';
import type { SyncErrorCode } from '../../../shared/sync/server-errors.ts';
import { readSetting, writeSetting } from '../db/settings.ts';
import type { RecordWriter, TouchedRow } from '../write/record-writer.ts';
import { RemoteApplier } from './apply.ts';
import type { CredentialStore, DeviceCredential } from './credentials.ts';
import { FailingOpSearch, isServerFailure, SET_ASIDE_CODE } from './op-isolation.ts';
import {
  ServerClient,
  type ServerClientOptions,
  type StartedSync,
  type SyncExchange,
  SyncHttpError,
  wipeAckTokenOf,
} from './server-client.ts';
import { knowsMoreTables, syncedTablesFingerprint } from './table-fingerprint.ts';

/**
 * The laptop's side of sync (docs/sync-principles.md; docs/sync-design.md). One `run()` pushes the outbox
 * in batches and pulls every page, until nothing is left either way:
 * - each exchange's answers (acknowledged / quarantined ops), pulled rows and cursor are stored in
 *   ONE SQLite transaction, so a crash anywhere leaves either all of it or none of it (and the server
 *   answers a re-sent batch 'duplicate');
 * - outbox entries are marked acknowledged only when the server said so, and kept a while after;
 * - quarantined ops stay, with the server's reason, for the 同期 page;
 * - batch and page sizes follow the server's limits and halve after a timeout or a 413;
 * - runs are single-flight: a trigger during a run makes exactly one more run afterwards.
 * States that need a person (update required, revoked, clock wrong) stop the engine and say so.
 */

export type SyncTrigger = 'start' | 'online' | 'schedule' | 'write' | 'manual' | 'enroll';

/** The states the shell's indicator shows (one definition, in the IPC views). */
export type SyncPhase = SyncPhaseView;

export interface SyncRunReport {
  ok: boolean;
  errorCode: string | null;
  requests: number;
  pushed: number;
  pulled: number;
  conflicts: number;
  quarantined: number;
  bytesUp: number;
  bytesDown: number;
}

export interface SyncEngineOptions {
  sqlite: BetterSqlite3.Database;
  writer: RecordWriter;
  credentials: CredentialStore;
  municipalityId: string;
  client?: ServerClientOptions;
  now?: () => Date;
  /** Called after every run (with its report) and state change (the shell's indicator listens). */
  onChange?: (report?: SyncRunReport) => void;
  /**
   * Local safety (docs/sync-principles.md#local-safety-copies): awaited before the first exchange while the
   * stored cursor is still '0' (nothing pulled yet), with the enrolled device id. The app takes a
   * local backup here and remembers per device id that it did. If it throws, the run fails with
   * BACKUP_FAILED and nothing is exchanged; the scheduler retries as after any failure.
   */
  beforeFirstFullSync?: (deviceId: string) => Promise<unknown>;
  /** Each run's outcome and counts, and faults of the laptop's own (the core's log). */
  log?: Logger;
  /**
   * Called after each pulled page is committed, with the rows it changed. Domain follow-ups that are
   * the laptop's own writes go here (a finished inspection scored again when answers from another
   * tablet reach it: InspectionService.rescoreAfterPull); they enter the outbox like any write. A
   * throw is logged and never fails the run: the page is stored.
   */
  afterPull?: (touched: readonly TouchedRow[]) => void;
  /**
   * The server revoked this laptop as lost (a DEVICE_WIPE answer) or retired (a run that pushed
   * everything under the retired order): the device wipes itself (lock/wipe.ts). Called once per
   * run, after the run is recorded.
   */
  onWipeOrder?: (wipe: 'lost' | 'retired', ackToken: string | null) => void;
  /** After each successful run (offline-lock reports go up here). */
  afterSuccess?: () => void;
}

/** This laptop's unlock secret, as enrolment and every refresh carry it (lock/lock-service.ts checks codes with it). */
export const UNLOCK_SECRET_SETTING = 'lock.unlock_secret';

const STOPPING = new Set<SyncErrorCode>([
  'UNSUPPORTED_VERSION',
  'DEVICE_REVOKED',
  'DEVICE_WIPE',
  'CLOCK_SKEW',
]);
const SHRINKING = new Set<SyncErrorCode>(['PAYLOAD_TOO_LARGE', 'BATCH_TOO_LARGE', 'TIMEOUT']);
const NO_ANSWER = new Set<SyncErrorCode>(['OFFLINE', 'TIMEOUT', 'NETWORK']);
/** Refusals that name one op: it is set aside locally so the rest can go (its reason on 同期). */
export const OP_REFUSALS = new Set<SyncErrorCode>([
  'UNKNOWN_TABLE',
  'UNKNOWN_COLUMN',
  'FORBIDDEN_TABLE',
  'INVALID_REQUEST',
]);
const MIN_BATCH = 1;

/** A sync request on its way: its body, its answer's headers to come, and how to abandon it. */
interface InFlight {
  body: SyncRequest;
  /** Sent before the answer to the push before it (see `nextPush` in exchangeUntilDone). */
  pipelined?: boolean;
  started: Promise<StartedSync>;
  discard: () => void;
}

interface OutboxRow {
  seq: number;
  op_id: string;
  table_name: string;
  row_id: string;
  op: string;
  changes: string;
  created_at: string;
}

/** The newest clock of an answer: the server's, or a pulled row's if any is newer. */
function newestClockOf(response: SyncResponse): string {
  let newest = response.server_hlc;
  for (const change of response.changes) if (change.hlc > newest) newest = change.hlc;
  return newest;
}

export class SyncEngine {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly writer: RecordWriter;
  private readonly credentials: CredentialStore;
  private readonly applier: RemoteApplier;
  private readonly municipalityId: string;
  private readonly clientOptions: ServerClientOptions;
  private readonly now: () => Date;
  private readonly onChange: (report?: SyncRunReport) => void;
  private readonly beforeFirstFullSync: ((deviceId: string) => Promise<unknown>) | undefined;
  private readonly log: Logger | undefined;
  private readonly afterPull: ((touched: readonly TouchedRow[]) => void) | undefined;
  private readonly onWipeOrder: ((wipe: 'lost' | 'retired', ackToken: string | null) => void) | undefined;
  /** The token the last order to wipe carried: it acknowledges the wipe later (lock/wipe.ts). */
  private wipeAckToken: string | null = null;
  private readonly afterSuccess: (() => void) | undefined;
  /** The server answered this run under the retired order (x-device-wipe). */
  private retiring = false;

  private accessToken: string | null = null;
  /** The refresh in flight: sync and the upload queue share it, so one rotation is never raced. */
  private refreshing: Promise<string> | null = null;
  /** The wire spoken: the newest, until a server answers that it only knows older ones. */
  private protocol: number = PROTOCOL_VERSION;
  /** The protocol this engine speaks now (lower after a newer server asked for an older one). */
  get protocolInUse(): number {
    return this.protocol;
  }
  private running: Promise<SyncRunReport> | null = null;
  private again = false;
  private batchSize = 500;
  /** Asks for the server's largest page; halved after a timeout or a 413, grown back on success. */
  private pageSize = 5000;
  private stopped: SyncErrorCode | null = null;
  phase: SyncPhase;
  lastError: { code: string; message: string; at: string } | null = null;
  /** Set while this laptop's clock is far behind the server's (sync still works; people should fix it). */
  clockWarning: { code: string; message: string; at: string } | null = null;

  constructor(options: SyncEngineOptions) {
    this.sqlite = options.sqlite;
    this.writer = options.writer;
    this.credentials = options.credentials;
    this.municipalityId = options.municipalityId;
    this.clientOptions = options.client ?? {};
    this.now = options.now ?? (() => new Date());
    this.onChange = options.onChange ?? (() => {});
    this.beforeFirstFullSync = options.beforeFirstFullSync;
    this.log = options.log?.child({ part: 'sync' });
    this.afterPull = options.afterPull;
    this.onWipeOrder = options.onWipeOrder;
    this.afterSuccess = options.afterSuccess;
    this.applier = new RemoteApplier(this.sqlite);
    this.phase = this.credentials.load() ? 'idle' : 'not_enrolled';
  }

  private setting(key: string): string | null {
    return readSetting(this.sqlite, key);
  }

  private putSetting(key: string, value: string): void {
    writeSetting(this.sqlite, key, value);
  }

  /**
   * After an update that knows more tables or columns (migration 0006's akiya tables), pull the town
   * again from the start, own rows included: while older, this laptop skipped the rows of tables it
   * did not have and the columns it lacked, and its cursor moved past them. Applying is by clocks, so
   * what it has already comes back unchanged. A laptop that never stored the list (every laptop
   * before this check existed) is treated as older once.
   */
  private repullIfTablesGrew(): void {
    const current = syncedTablesFingerprint();
    const stored = this.setting('sync.tables');
    if (stored === current) return;
    this.sqlite.transaction(() => {
      if ((this.setting('sync.cursor') ?? '0') !== '0' && knowsMoreTables(stored, current)) {
        this.putSetting('sync.cursor', '0');
        this.putSetting('sync.resync', '1');
      }
      this.putSetting('sync.tables', current);
    })();
  }

  /** Runs a sync now, or joins the one running (and schedules one more run after it). */
  run(trigger: SyncTrigger): Promise<SyncRunReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let report = await this.runOnce(trigger);
      while (this.again && report.ok) {
        this.again = false;
        report = await this.runOnce(trigger);
      }
      this.again = false;
      return report;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves when no run is in flight. */
  async whenIdle(): Promise<void> {
    this.again = false;
    await this.running?.catch(() => undefined);
  }

  /** A person fixed what stopped sync (updated the app, corrected the clock): try again. */
  resume(): void {
    this.stopped = null;
    if (this.phase !== 'not_enrolled') this.phase = 'idle';
  }

  /** The server's id for this laptop, once enrolled. */
  get deviceId(): string | null {
    return this.credentials.load()?.deviceId ?? null;
  }

  get stoppedReason(): string | null {
    return this.stopped;
  }

  private async runOnce(trigger: SyncTrigger): Promise<SyncRunReport> {
    const report: SyncRunReport = {
      ok: false,
      errorCode: null,
      requests: 0,
      pushed: 0,
      pulled: 0,
      conflicts: 0,
      quarantined: 0,
      bytesUp: 0,
      bytesDown: 0,
    };
    const credential = this.credentials.load();
    if (!credential) {
      this.phase = 'not_enrolled';
      report.errorCode = 'NOT_ENROLLED';
      return report;
    }
    if (this.stopped) {
      report.errorCode = this.stopped;
      return report;
    }
    const startedAt = Date.now();
    const runId = Number(
      this.sqlite
        .prepare('INSERT INTO sync_run (started_at, trigger) VALUES (?, ?)')
        .run(this.now().toISOString(), trigger).lastInsertRowid,
    );
    this.phase = 'syncing';
    this.onChange();
    let wipe: 'lost' | 'retired' | null = null;
    try {
      if (this.beforeFirstFullSync && (this.setting('sync.cursor') ?? '0') === '0') {
        // Backup before the first full sync (see SyncEngineOptions.beforeFirstFullSync).
        try {
          await this.beforeFirstFullSync(credential.deviceId);
        } catch (error) {
          throw new SyncHttpError('BACKUP_FAILED', 0, error instanceof Error ? error.message : String(error));
        }
      }
      this.repullIfTablesGrew();
      await this.exchangeUntilDone(credential, report);
      report.ok = true;
      this.phase = 'idle';
      this.lastError = null;
      this.putSetting('sync.last_success_at', this.now().toISOString());
    } catch (error) {
      // A fault of the laptop's own (not an answer, not the network) is logged with its stack.
      if (!(error instanceof SyncHttpError))
        this.log?.error({ err: error, runId }, 'sync run failed inside the app');
      const e = error instanceof SyncHttpError ? error : new SyncHttpError('INTERNAL', 0, String(error));
      // Recorded as the server sent it: a newer server's code (UNKNOWN here) is still named for people.
      report.errorCode = e.sentCode;
      this.lastError = { code: e.sentCode, message: e.message, at: this.now().toISOString() };
      if (e.code === 'UNSUPPORTED_VERSION') this.phase = 'update_required';
      else if (e.code === 'DEVICE_REVOKED' || e.code === 'DEVICE_WIPE') this.phase = 'revoked';
      else if (e.code === 'CLOCK_SKEW') this.phase = 'clock_skew';
      else if (NO_ANSWER.has(e.code)) this.phase = 'offline';
      else this.phase = 'error';
      if (STOPPING.has(e.code)) this.stopped = e.code;
      if (e.code === 'DEVICE_WIPE') {
        wipe = e.details.wipe === 'retired' ? 'retired' : 'lost';
        this.wipeAckToken = wipeAckTokenOf(e.details.ack_token) ?? this.wipeAckToken;
      }
    } finally {
      this.sqlite
        .prepare(
          `UPDATE sync_run SET finished_at = ?, outcome = ?, error_code = ?, requests = ?, pushed = ?, pulled = ?,
             conflicts = ?, quarantined = ?, bytes_up = ?, bytes_down = ? WHERE id = ?`,
        )
        .run(
          this.now().toISOString(),
          report.ok ? 'ok' : 'error',
          report.errorCode,
          report.requests,
          report.pushed,
          report.pulled,
          report.conflicts,
          report.quarantined,
          report.bytesUp,
          report.bytesDown,
          runId,
        );
      const { ok, errorCode, requests, pushed, pulled, conflicts, quarantined, bytesUp, bytesDown } = report;
      const facts = { runId, trigger, ok, errorCode, requests, pushed, pulled, conflicts, quarantined };
      if (ok) this.log?.info({ ...facts, bytesUp, bytesDown, ms: Date.now() - startedAt }, 'sync run');
      else {
        // The message is the server's or the network's developer hint: codes, ids and addresses.
        const message = this.lastError?.message;
        this.log?.warn(
          { ...facts, phase: this.phase, message, ms: Date.now() - startedAt },
          'sync run failed',
        );
      }
      this.onChange(report);
    }
    // Under the retired order a run that went through has pushed everything it could.
    if (report.ok && this.retiring) wipe = 'retired';
    if (wipe) this.onWipeOrder?.(wipe, this.wipeAckToken);
    else if (report.ok) this.afterSuccess?.();
    return report;
  }

  private async token(client: ServerClient, credential: DeviceCredential, fresh = false): Promise<string> {
    if (this.accessToken && !fresh) return this.accessToken;
    this.refreshing ??= this.refresh(client, credential).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * Trades the refresh secret for an access token. The server rotates the secret on every use and
   * answers the new one, which is stored (atomically: credentials.ts) before the token is used. If the
   * answer is lost or cannot be stored, the secret held here is the one just replaced, which the
   * server still accepts once more: the next refresh recovers (docs/sync-design.md, "Auth").
   */
  private async refresh(client: ServerClient, credential: DeviceCredential): Promise<string> {
    const held = this.credentials.load() ?? credential;
    let answer: Awaited<ReturnType<ServerClient['refresh']>>;
    try {
      answer = await client.refresh(held.deviceId, held.refreshToken);
    } catch (error) {
      // An upload may be the first to hear the order: it wipes whoever asked.
      if (error instanceof SyncHttpError && error.code === 'DEVICE_WIPE' && !this.running) {
        this.stopped = 'DEVICE_WIPE';
        this.onWipeOrder?.(
          error.details.wipe === 'retired' ? 'retired' : 'lost',
          wipeAckTokenOf(error.details.ack_token) ?? this.wipeAckToken,
        );
      }
      throw error;
    }
    // Laptops enrolled before short unlock codes get their secret here, at their next sync.
    if (answer.unlock_secret && answer.unlock_secret !== this.setting(UNLOCK_SECRET_SETTING)) {
      this.putSetting(UNLOCK_SECRET_SETTING, answer.unlock_secret);
    }
    if (answer.refresh_token && answer.refresh_token !== held.refreshToken) {
      try {
        this.credentials.save({ ...held, refreshToken: answer.refresh_token });
      } catch (error) {
        this.log?.warn(
          { err: error },
          'the new refresh secret could not be stored; the previous one still works',
        );
      }
    }
    this.accessToken = answer.access_token;
    return answer.access_token;
  }

  /** A token the server just issued this device (at enrolment); an expired one is refreshed as usual. */
  adoptAccessToken(token: string): void {
    this.accessToken = token;
  }

  /**
   * The server and a bearer token for the blob routes (attachments/upload-queue.ts), got exactly as a
   * sync gets its own: the cached access token, or a fresh one from the stored credential (`fresh`
   * after a 401). Throws SyncHttpError: NOT_ENROLLED, the code that stopped sync, or the refresh's.
   */
  async bearer(fresh = false, forUpdate = false): Promise<{ serverUrl: string; token: string }> {
    const credential = this.credentials.load();
    if (!credential) throw new SyncHttpError('NOT_ENROLLED', 0, 'this laptop is not enrolled');
    // A laptop stopped as too old may still fetch the update that lets it sync again (the feed).
    if (this.stopped && !(forUpdate && this.stopped === 'UNSUPPORTED_VERSION'))
      throw new SyncHttpError(this.stopped, 0, 'sync is stopped until a person acts');
    const client = new ServerClient(credential.serverUrl, this.clientOptions);
    return { serverUrl: client.baseUrl, token: await this.token(client, credential, fresh) };
  }

  private pendingOps(limit: number): OutboxRow[] {
    return this.sqlite
      .prepare(
        "SELECT seq, op_id, table_name, row_id, op, changes, created_at FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?",
      )
      .all(limit) as OutboxRow[];
  }

  private static toWire(row: OutboxRow): PushOp {
    return {
      seq: row.seq,
      op_id: row.op_id,
      table: row.table_name,
      row: row.row_id,
      op: row.op as PushOp['op'],
      at: row.created_at,
      changes: JSON.parse(row.changes) as PushOp['changes'],
    };
  }

  private requestBody(
    credential: DeviceCredential,
    cursor: string,
    includeOwn: boolean,
    ops: PushOp[],
  ): SyncRequest {
    return {
      protocol: this.protocol,
      schema: SCHEMA_VERSION,
      device_id: credential.deviceId,
      after_seq: Number(this.setting('sync.acked') ?? '0'),
      cursor,
      page_size: this.pageSize,
      ...(includeOwn ? { include_own: true } : {}),
      ops,
    };
  }

  /** Sends a sync request; its answer is awaited (or the request abandoned) by the caller. */
  private send(client: ServerClient, credential: DeviceCredential, body: SyncRequest): InFlight {
    const abort = new AbortController();
    const started = (async () =>
      client.startSync(await this.token(client, credential), body, abort.signal))();
    // A prefetch's failure is awaited only later (after the page before it is stored): mark it
    // handled now so it never counts as an unhandled rejection; awaiting it still throws.
    started.catch(() => undefined);
    // Nobody will read a discarded answer: stop its bytes.
    return { body, started, discard: () => abort.abort() };
  }

  private pendingOpsAfter(seq: number, limit: number): OutboxRow[] {
    return this.sqlite
      .prepare(
        "SELECT seq, op_id, table_name, row_id, op, changes, created_at FROM outbox WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?",
      )
      .all(seq, limit) as OutboxRow[];
  }

  /** True when an outbox op after `seq` waits to go up (the request in flight carried up to `seq`). */
  private pendingAfter(seq: number): boolean {
    return (
      this.sqlite.prepare("SELECT 1 FROM outbox WHERE state = 'pending' AND seq > ? LIMIT 1").get(seq) !==
      undefined
    );
  }

  private async exchangeUntilDone(credential: DeviceCredential, report: SyncRunReport): Promise<void> {
    const client = new ServerClient(credential.serverUrl, this.clientOptions);
    let refreshed = false;
    let attempts = 0;
    /**
     * A pull-only request for the page after the one being received (a prefetch). A first sync is
     * otherwise strictly serial, page after page: round trip, server building the page, transfer,
     * this laptop storing it. The server announces the next cursor in the answer's headers, so the
     * next request goes out as soon as they arrive: the server builds page N+1 while page N's bytes
     * are on the wire, and page N+1's bytes travel while this laptop stores page N, so the link is
     * seldom idle. At most one is in flight, and only a pull (ops go first). Its answer is used
     * only if it continues exactly where the stored cursor now stands; otherwise (a restore was
     * detected, an error, anything unexpected) it is discarded and the ordinary path asks again.
     */
    let prefetch: InFlight | null = null;
    const search = new FailingOpSearch();
    /**
     * The next batch of ops, sent while the answer to the batch before it is awaited, so a long
     * outbox (a first push) is not one round trip per batch. Exactly once still holds: its
     * `after_seq` is the last op of the batch before it, and the server refuses it whole (SEQ_GAP,
     * nothing written) unless every op up to there has been applied; the server serialises one
     * device's pushes, so it applies the two in order or not the second. Its answer is used only
     * when its first op is the first op still pending; after any error it is abandoned and the ops
     * go again as usual (answered "duplicate" if the server had applied them).
     */
    let nextPush: InFlight | null = null;
    try {
      for (;;) {
        const cursor = this.setting('sync.cursor') ?? '0';
        const includeOwn = this.setting('sync.resync') === '1';
        let current: InFlight;
        const firstPending = this.pendingOps(1)[0]?.seq;
        if (
          nextPush &&
          nextPush.body.ops[0]?.seq === firstPending &&
          (nextPush.body.include_own === true) === includeOwn
        ) {
          prefetch?.discard();
          current = nextPush;
        } else if (
          prefetch &&
          prefetch.body.cursor === cursor &&
          (prefetch.body.include_own === true) === includeOwn
        ) {
          // Ops written meanwhile go up with the next request: this answer is a page like any other.
          current = prefetch;
        } else {
          prefetch?.discard();
          current = this.send(
            client,
            credential,
            this.requestBody(
              credential,
              cursor,
              includeOwn,
              this.pendingOps(this.batchSize).map(SyncEngine.toWire),
            ),
          );
          report.requests += 1;
        }
        if (nextPush !== current) nextPush?.discard();
        nextPush = null;
        prefetch = null;
        const ops = current.body.ops;
        const lastOp = ops.at(-1)?.seq;
        if (lastOp !== undefined) {
          const more = this.pendingOpsAfter(lastOp, this.batchSize).map(SyncEngine.toWire);
          if (more.length > 0) {
            nextPush = this.send(client, credential, {
              ...this.requestBody(credential, cursor, includeOwn, more),
              after_seq: lastOp,
            });
            nextPush.pipelined = true;
            report.requests += 1;
          }
        }
        let exchange: SyncExchange;
        try {
          const started = await current.started;
          if (started.wipe === 'retired') this.retiring = true;
          if (started.wipeAckToken !== null) this.wipeAckToken = started.wipeAckToken;
          // Prefetch only pulls: while ops wait to go up, they go first, with the next request.
          if (started.nextCursor !== null && !this.pendingAfter(ops.at(-1)?.seq ?? 0)) {
            prefetch = this.send(
              client,
              credential,
              this.requestBody(credential, started.nextCursor, includeOwn, []),
            );
            report.requests += 1;
          }
          exchange = await started.finish();
        } catch (error) {
          // This answer failed, so the page after it waits: the ordinary path below decides again.
          prefetch?.discard();
          prefetch = null;
          nextPush?.discard();
          nextPush = null;
          if (!(error instanceof SyncHttpError)) throw error;
          if (current.pipelined && error.code === 'SEQ_GAP') {
            // It overtook the batch before it (or that one failed): nothing of it was written.
            continue;
          }
          attempts += 1;
          if (attempts > 20) throw error;
          const older = error.code === 'UNSUPPORTED_VERSION' ? this.olderProtocol(error) : null;
          if (older !== null) {
            // A server from before the compact wire: speak the newest it knows and ask again.
            this.protocol = older;
            continue;
          }
          if ((error.code === 'TOKEN_EXPIRED' || error.code === 'UNAUTHENTICATED') && !refreshed) {
            refreshed = true;
            await this.token(client, credential, true);
            continue;
          }
          if (SHRINKING.has(error.code) && (this.batchSize > MIN_BATCH || this.pageSize > 10)) {
            this.batchSize = Math.max(MIN_BATCH, Math.floor(this.batchSize / 2));
            this.pageSize = Math.max(10, Math.floor(this.pageSize / 2));
            continue;
          }
          if (error.code === 'SEQ_GAP') {
            // The server lost what it had acknowledged (restored from a backup): send it again.
            const expected = Number(error.details.expected_after ?? 0);
            this.sqlite.transaction(() => {
              this.sqlite
                .prepare(
                  "UPDATE outbox SET state = 'pending', acked_at = NULL WHERE state = 'sent' AND seq > ?",
                )
                .run(expected);
              this.putSetting('sync.acked', String(expected));
            })();
            continue;
          }
          if (error.code === 'SEQ_REUSED') {
            // This database was restored from a backup: its unsent operations carry numbers the server
            // already used for others. Number them after everything the server and this outbox know.
            this.renumberUnsent(Number(error.details.high_water ?? 0));
            continue;
          }
          const badSeq = Number(error.details.seq);
          if (OP_REFUSALS.has(error.code) && Number.isSafeInteger(badSeq)) {
            // One op the server cannot take at all: keep it here, visibly, and let the others go.
            this.sqlite
              .prepare(
                "UPDATE outbox SET state = 'quarantined', reason_code = ?, last_error = ? WHERE seq = ?",
              )
              .run(error.code, error.message, badSeq);
            report.quarantined += 1;
            continue;
          }
          if (ops.length > 0 && isServerFailure(error)) {
            // The server fails on something in this batch (op-isolation.ts): halve until one is left.
            if (ops.length > 1) {
              this.batchSize = search.narrow(this.batchSize, ops.length);
              continue;
            }
            const [op] = ops;
            report.requests += 1;
            if (op && (await this.answersWithout(client, credential, current.body))) {
              this.sqlite
                .prepare(
                  "UPDATE outbox SET state = 'quarantined', reason_code = ?, last_error = ? WHERE seq = ?",
                )
                .run(SET_ASIDE_CODE, `${error.code}: ${error.message}`, op.seq);
              report.quarantined += 1;
              this.batchSize = search.done(this.batchSize);
              // Each operation set aside is progress: the next one may be found in this run too.
              attempts = 0;
              continue;
            }
          }
          if (error.code === 'FORBIDDEN_ROW') {
            if (this.batchSize > 1) {
              // Find the one op by sending smaller batches.
              this.batchSize = Math.max(1, Math.floor(ops.length / 2));
              continue;
            }
            const [op] = ops;
            if (op) {
              this.sqlite
                .prepare(
                  "UPDATE outbox SET state = 'quarantined', reason_code = ?, last_error = ? WHERE seq = ?",
                )
                .run(error.code, error.message, op.seq);
              report.quarantined += 1;
              continue;
            }
          }
          throw error;
        }
        if (prefetch) {
          // Storing the page blocks this thread for a while (SQLite is synchronous); when the answer
          // came in quickly, the prefetch may not have reached the socket yet. One turn of the event
          // loop lets it leave first, so the server works on it during the store.
          await new Promise((resolve) => setImmediate(resolve));
        }
        const { response } = exchange;
        // A first sync can outlast an access token: each good exchange allows one more refresh.
        refreshed = false;
        report.bytesUp += exchange.bytesUp;
        report.bytesDown += exchange.bytesDown;
        const again = this.store(response, report);
        // A full batch that went through: the next may be larger (fewer answers to wait for), up to
        // what the server allows; a timeout or 413 halves it again.
        if (ops.length > 0 && ops.length >= this.batchSize) this.batchSize *= 2;
        this.batchSize = Math.min(this.batchSize, response.limits.maxOps);
        // Grow back after a halving, up to what the server allows.
        this.pageSize = Math.min(Math.ceil(this.pageSize * 1.5), response.limits.maxPage);
        const morePending = this.pendingOps(1).length > 0;
        if (again) {
          nextPush?.discard();
          nextPush = null;
          continue;
        }
        if (!response.has_more && !morePending) return;
        if (ops.length === 0 && !response.has_more) return;
      }
    } finally {
      prefetch?.discard();
      nextPush?.discard();
      this.batchSize = search.done(this.batchSize);
    }
  }

  /**
   * Whether the server answers the same request without its operations (a one-row pull whose page is
   * not stored): true means the server is well and fails only on what the request carried.
   */
  private async answersWithout(
    client: ServerClient,
    credential: DeviceCredential,
    body: SyncRequest,
  ): Promise<boolean> {
    try {
      const probe = this.send(client, credential, { ...body, ops: [], page_size: 1 });
      await (await probe.started).finish();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The newest protocol, older than the one just refused, that the server says it supports and this
   * laptop speaks (protocol 1 and up); null when there is none (the app must be updated).
   */
  private olderProtocol(error: SyncHttpError): number | null {
    const supported = (error.details.supported as { protocol?: { min?: unknown; max?: unknown } } | undefined)
      ?.protocol;
    if (!(Number(supported?.max) < this.protocol)) return null;
    const max = Math.min(Number(supported?.max), this.protocol - 1);
    const min = Math.max(Number(supported?.min), 1);
    return Number.isInteger(max) && Number.isInteger(min) && max >= min ? max : null;
  }

  /**
   * The server has applied operation numbers this database never handed out: it was restored from a
   * backup (or copied). What this laptop wrote after that backup is on the server only, so pull
   * everything again, this laptop's own rows included, and number new operations after the server's.
   */
  private detectRestore(serverHighWater: number): boolean {
    const issued = this.sqlite
      .prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
      .pluck()
      .get() as number | undefined;
    if (serverHighWater <= (issued ?? 0)) return false;
    if (issued === undefined) {
      this.sqlite
        .prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)")
        .run(serverHighWater);
    } else {
      this.sqlite.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'outbox'").run(serverHighWater);
    }
    this.putSetting('sync.resync', '1');
    return true;
  }

  private renumberUnsent(serverHighWater: number): void {
    this.sqlite.transaction(() => {
      const range = this.sqlite
        .prepare(
          "SELECT min(seq) AS low, (SELECT max(seq) FROM outbox) AS high FROM outbox WHERE state = 'pending'",
        )
        .get() as { low: number | null; high: number | null };
      if (range.low === null) return;
      const offset = Math.max(serverHighWater, range.high ?? 0) - range.low + 1;
      // Every new number is above every existing one, so the update never collides with a row.
      this.sqlite.prepare("UPDATE outbox SET seq = seq + ? WHERE state = 'pending'").run(offset);
      this.sqlite
        .prepare("UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM outbox) WHERE name = 'outbox'")
        .run();
      this.putSetting('sync.acked', String(serverHighWater));
      this.putSetting('sync.resync', '1');
      this.putSetting('sync.cursor', '0');
    })();
  }

  /** One transaction: the answers for the pushed ops, the pulled page, its cursor, the clock. */
  /** Returns true when the page revealed a restored database: pull again from the start. */
  private store(response: SyncResponse, report: SyncRunReport): boolean {
    const at = this.now().toISOString();
    // Rows arrive in the server's change order, so a stay can come a page before the family it
    // references (the family was edited later). The server is the referential truth; checks resume
    // for local writes as soon as the page is stored.
    this.sqlite.pragma('foreign_keys = OFF');
    try {
      return this.storePage(response, report, at);
    } finally {
      this.sqlite.pragma('foreign_keys = ON');
    }
  }

  private storePage(response: SyncResponse, report: SyncRunReport, at: string): boolean {
    let again = false;
    let pulled: TouchedRow[] = [];
    this.sqlite.transaction(() => {
      const ack = this.sqlite.prepare("UPDATE outbox SET state = 'sent', acked_at = ? WHERE seq = ?");
      const quarantine = this.sqlite.prepare(
        "UPDATE outbox SET state = 'quarantined', reason_code = ?, last_error = ? WHERE seq = ?",
      );
      for (const result of response.results) {
        if (result.status === 'quarantined') {
          quarantine.run(result.reason?.code ?? 'QUARANTINED', result.reason?.message ?? null, result.seq);
          report.quarantined += 1;
        } else {
          ack.run(at, result.seq);
          if (result.status === 'applied' || result.status === 'conflict') report.pushed += 1;
          if (result.status === 'conflict') report.conflicts += 1;
        }
      }
      this.putSetting('sync.acked', String(response.high_water));
      const restored = this.detectRestore(response.high_water);
      const { touched } = this.applier.apply(response.changes, this.municipalityId);
      report.pulled += response.changes.length;
      if (touched.length > 0) this.writer.runHooks(touched);
      pulled = touched;
      // Never backwards: an answer to a push sent before the previous answer arrived may start its
      // page from an older cursor; the rows up to the stored one are stored already (and not newer).
      const stored = this.setting('sync.cursor') ?? '0';
      const next = BigInt(response.cursor) < BigInt(stored) ? stored : response.cursor;
      this.putSetting('sync.cursor', restored ? '0' : next);
      if (restored) again = true;
      else if (!response.has_more && this.setting('sync.resync') === '1') this.putSetting('sync.resync', '0');
      // The next local write must be newer than everything this laptop has seen: the clocks of the
      // rows it just stored as well as the server's own (an older server's clock did not always
      // follow every clock it had stored), whatever this laptop's wall clock says.
      this.writer.hlc.receive(newestClockOf(response), Number.POSITIVE_INFINITY);
      const behindMs = decodeHlc(response.server_hlc).millis - this.now().getTime();
      if (behindMs > DEFAULT_MAX_SKEW_MS) {
        // Not fatal for the data, but people should fix the clock: reported, never silent.
        this.clockWarning = {
          code: 'CLOCK_BEHIND',
          message: `this computer's clock is ${Math.round(behindMs / 60_000)} minutes behind the server`,
          at,
        };
      } else {
        this.clockWarning = null;
      }
      this.putSetting('hlc.last', this.writer.hlc.current());
      // Acknowledged ops older than 14 days are no longer needed to recover a restored server.
      this.sqlite
        .prepare("DELETE FROM outbox WHERE state = 'sent' AND acked_at < ?")
        .run(new Date(this.now().getTime() - 14 * 86_400_000).toISOString());
    })();
    // Committed: open views read the pulled rows again (a page that changed nothing says nothing).
    this.writer.changes.committed('sync', pulled);
    if (pulled.length > 0 && this.afterPull) {
      try {
        this.afterPull(pulled);
      } catch (error) {
        this.log?.error({ err: error }, 'follow-up of a pulled page failed');
      }
    }
    return again;
  }
}
