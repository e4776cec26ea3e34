import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { type DetailedError, Upload } from 'tus-js-client';
import type { AttachmentProgressView } from '../../../shared/ipc/views.ts';
import { readSetting } from '../db/settings.ts';
import type { LocalBlobStore } from './blob-store.ts';

/**
 * Sends attachment bytes to the town's server (docs/sync-principles.md, P7; docs/sync-design.md, "Blobs"),
 * one blob at a time, from the `blob_upload` table (migration 0003):
 * - previews before any original, and originals not at all while `sync.hold_originals` is '1' (a
 *   metered or very slow link: colleagues see the preview, the original follows on a better link);
 * - `HEAD /v1/blobs/<sha256>` first: content the town already has (a colleague's copy, an upload
 *   whose confirmation was lost in a crash) is never sent again;
 * - tus 1.0 through tus-js-client, in 256 KiB PATCHes, so a cut link loses at most one chunk; the
 *   upload URL is stored, so after a cut or a restart the upload resumes at the server's offset;
 * - a blob is `done` only when, after the finishing PATCH, the server answers HEAD with this hash
 *   and size. Nothing here ever deletes a local file: the original stays on this laptop (deleting
 *   confirmed originals to free disk space is a later, separate decision).
 * Runs are single-flight; a failed blob waits an exponential backoff; `stop()` aborts the transfer in
 * flight (the server keeps what it got) and waits, so the database can close behind it.
 */

export const HOLD_ORIGINALS_SETTING = 'sync.hold_originals';

export type BlobKind = 'preview' | 'original';
export type BlobUploadState = 'pending' | 'uploading' | 'done' | 'failed';

/** What the queue needs from the sync engine (SyncEngine.bearer). */
export interface BearerSource {
  bearer(fresh?: boolean): Promise<{ serverUrl: string; token: string }>;
}

export interface UploadQueueOptions {
  sqlite: BetterSqlite3.Database;
  store: LocalBlobStore;
  auth: BearerSource;
  now?: () => Date;
  /** Bytes per PATCH. Small enough that a cut costs little over 0.5 Mbit/s, large enough to amortise a 600 ms round trip. */
  chunkSize?: number;
  /** An upload that moves no byte for this long is aborted (a silently dead link) and retried later. */
  stallMs?: number;
  /** First backoff after a failure; doubles with each failed attempt up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  onProgress?: (progress: AttachmentProgressView) => void;
  fetch?: typeof fetch;
}

export interface UploadPassReport {
  /** Blobs sent and confirmed, in the order they were confirmed. */
  uploaded: string[];
  /** Blobs the server already had: confirmed without sending a byte. */
  deduplicated: string[];
  failed: { sha256: string; code: string; message: string }[];
  /** Originals waiting because `sync.hold_originals` is set. */
  held: number;
  /** Why the pass ended early (no link, not enrolled, stopped), else null. */
  stoppedBy: string | null;
}

interface BlobRow {
  sha256: string;
  kind: BlobKind;
  mime_type: string;
  size_bytes: number;
  state: BlobUploadState;
  tus_url: string | null;
  upload_offset: number;
  attempts: number;
}

/** A failure with a stable code, as the server and sync engine name them. */
export class UploadError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, status: number, message: string) {
    super(message);
    this.name = 'UploadError';
    this.code = code;
    this.status = status;
  }
}

/** Codes after which no other blob would fare better now: the pass ends and the link is left alone. */
const PASS_ENDING = new Set([
  'OFFLINE',
  'NETWORK',
  'TIMEOUT',
  'STOPPED',
  'NOT_ENROLLED',
  'DEVICE_REVOKED',
  'DEVICE_WIPE',
  'UNSUPPORTED_VERSION',
  'CLOCK_SKEW',
  'RATE_LIMITED',
  'SERVER_ERROR',
  'INTERNAL',
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
]);
/** Not the blob's fault: its attempt count and backoff are left as they were. */
const NOT_ATTEMPTED = new Set([
  'STOPPED',
  'NOT_ENROLLED',
  'DEVICE_REVOKED',
  'DEVICE_WIPE',
  'UNSUPPORTED_VERSION',
  'CLOCK_SKEW',
]);

function networkCode(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError') return 'TIMEOUT';
  const code = e.code ?? e.cause?.code ?? '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'].includes(code))
    return 'OFFLINE';
  return 'NETWORK';
}

/** The server's `{ error: { code } }`, or a code for the status. */
function codeOfAnswer(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown } };
    if (typeof parsed.error?.code === 'string') return parsed.error.code;
  } catch {
    // not JSON
  }
  return status >= 500 ? 'SERVER_ERROR' : status === 401 ? 'UNAUTHENTICATED' : 'INVALID_REQUEST';
}

/** tus-js-client's error (or ours, or a network one) as an UploadError. */
export function toUploadError(error: unknown): UploadError {
  if (error instanceof UploadError) return error;
  const detailed = error as Partial<DetailedError> & { message?: string };
  const response = detailed.originalResponse;
  if (response) {
    const status = response.getStatus();
    return new UploadError(codeOfAnswer(status, response.getBody()), status, String(detailed.message));
  }
  const cause = (detailed as { causingError?: unknown }).causingError ?? error;
  return new UploadError(networkCode(cause), 0, String(detailed.message ?? error));
}

/**
 * Records that a blob must go up: called inside the write transaction that inserts its attachment row,
 * so a row never exists without its upload queued. The same content added again stays one upload; a
 * content first queued as an original and now needed as a preview moves forward.
 */
export function enqueueBlob(
  sqlite: BetterSqlite3.Database,
  blob: { sha256: string; kind: BlobKind; mimeType: string; size: number; at: string },
): void {
  sqlite
    .prepare(
      `INSERT INTO blob_upload (sha256, kind, mime_type, size_bytes, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sha256) DO UPDATE SET kind = 'preview' WHERE excluded.kind = 'preview'`,
    )
    .run(blob.sha256, blob.kind, blob.mimeType, blob.size, blob.at);
}

export class UploadQueue {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly store: LocalBlobStore;
  private readonly auth: BearerSource;
  private readonly now: () => Date;
  private readonly chunkSize: number;
  private readonly stallMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly onProgress: (progress: AttachmentProgressView) => void;
  private readonly fetchImpl: typeof fetch;

  private running: Promise<UploadPassReport> | null = null;
  private again = false;
  private auto = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Aborts whatever transfer is in flight (a tus upload or a HEAD). */
  private abortCurrent: (() => void) | null = null;
  private readonly fetchAbort = new AbortController();
  /** Totals of the current pass, for the overall progress bar. */
  private passDone = 0;

  constructor(options: UploadQueueOptions) {
    this.sqlite = options.sqlite;
    this.store = options.store;
    this.auth = options.auth;
    this.now = options.now ?? (() => new Date());
    this.chunkSize = options.chunkSize ?? 256 * 1024;
    this.stallMs = options.stallMs ?? 60_000;
    this.backoffMs = options.backoffMs ?? 5_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30 * 60_000;
    this.onProgress = options.onProgress ?? (() => {});
    this.fetchImpl = options.fetch ?? fetch;
    // Nothing uploads while no queue runs: a row left 'uploading' was cut by a crash or a quit. Its
    // tus URL is kept, so it resumes.
    this.sqlite.prepare("UPDATE blob_upload SET state = 'pending' WHERE state = 'uploading'").run();
  }

  /** Automatic mode (the app): runs now, after `notify()`, and again when a backoff ends. */
  start(): void {
    if (this.closed) return;
    this.auto = true;
    this.notify();
  }

  /** Something may have become sendable (a photo added, a sync went through, the link came back). */
  notify(): void {
    if (!this.auto || this.closed) return;
    void this.run();
  }

  /** Sends everything sendable now, or joins the pass running (and makes one more pass after it). */
  run(): Promise<UploadPassReport> {
    if (this.closed) return Promise.resolve(UploadQueue.emptyReport('STOPPED'));
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      // One report for the passes of this run, so a caller joining it sees everything sent.
      const report = UploadQueue.emptyReport();
      await this.pass(report);
      while (this.again && !this.closed && report.stoppedBy === null) {
        this.again = false;
        await this.pass(report);
      }
      this.again = false;
      return report;
    })().finally(() => {
      this.running = null;
      this.scheduleRetry();
    });
    return this.running;
  }

  /** Aborts the transfer in flight and waits for the pass to end; nothing runs afterwards. */
  async stop(): Promise<void> {
    this.closed = true;
    this.auto = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.fetchAbort.abort();
    this.abortCurrent?.();
    await this.running?.catch(() => undefined);
  }

  private static emptyReport(stoppedBy: string | null = null): UploadPassReport {
    return { uploaded: [], deduplicated: [], failed: [], held: 0, stoppedBy };
  }

  private holdOriginals(): boolean {
    return readSetting(this.sqlite, HOLD_ORIGINALS_SETTING) === '1';
  }

  /**
   * The blobs this pass may still send, previews first, oldest first. Asked again before each blob,
   * so a preview added meanwhile goes next (an original already in flight is not interrupted: it
   * is at most a few MB, and the preview follows it).
   */
  private sendable(exclude: ReadonlySet<string>): {
    next: BlobRow | null;
    left: number;
    bytes: number;
    held: number;
  } {
    const hold = this.holdOriginals();
    const rows = this.sqlite
      .prepare(
        `SELECT sha256, kind, mime_type, size_bytes, state, tus_url, upload_offset, attempts FROM blob_upload
         WHERE state <> 'done' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
         ORDER BY kind = 'preview' DESC, created_at, sha256`,
      )
      .all(this.now().toISOString()) as BlobRow[];
    let held = 0;
    const usable: BlobRow[] = [];
    for (const row of rows) {
      if (exclude.has(row.sha256)) continue;
      if (row.kind === 'original' && hold) held += 1;
      else usable.push(row);
    }
    return {
      next: usable[0] ?? null,
      left: usable.length,
      bytes: usable.reduce((sum, r) => sum + r.size_bytes, 0),
      held,
    };
  }

  private async pass(report: UploadPassReport): Promise<void> {
    const tried = new Set<string>();
    this.passDone = 0;
    while (!this.closed) {
      const { next, left, bytes, held } = this.sendable(tried);
      report.held = held;
      if (!next) break;
      tried.add(next.sha256);
      const overallTotal = this.passDone + bytes;
      try {
        const outcome = await this.send(next, left, overallTotal);
        this.passDone += next.size_bytes;
        (outcome === 'deduplicated' ? report.deduplicated : report.uploaded).push(next.sha256);
      } catch (error) {
        const e = toUploadError(error);
        const stopped = this.closed ? 'STOPPED' : e.code;
        if (NOT_ATTEMPTED.has(stopped)) {
          // Not this blob's fault: it waits, untouched, for the next pass.
          this.setState(next.sha256, 'pending');
        } else {
          this.recordFailure(next, e);
          report.failed.push({ sha256: next.sha256, code: e.code, message: e.message });
          this.progress(next, 'failed', next.upload_offset, left, overallTotal, e.code);
        }
        if (PASS_ENDING.has(stopped)) {
          report.stoppedBy = stopped;
          break;
        }
      }
    }
    if (this.closed && report.stoppedBy === null) report.stoppedBy = 'STOPPED';
  }

  private setState(sha256: string, state: BlobUploadState): void {
    if (this.closed && state !== 'pending') return;
    this.sqlite.prepare('UPDATE blob_upload SET state = ? WHERE sha256 = ?').run(state, sha256);
  }

  private recordFailure(row: BlobRow, error: UploadError): void {
    const attempts = row.attempts + 1;
    // Exponential with ±20 % jitter, so laptops that lost the same link do not return in step.
    const delay =
      Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (attempts - 1)) * (0.8 + Math.random() * 0.4);
    const retryAt = new Date(this.now().getTime() + delay).toISOString();
    // The server dropped the staged bytes of a refused upload: the next attempt starts a new one.
    const forget = error.code === 'HASH_MISMATCH' || error.code === 'NOT_CONFIRMED';
    this.sqlite
      .prepare(
        `UPDATE blob_upload SET state = 'failed', attempts = ?, last_error = ?, next_attempt_at = ?,
           tus_url = CASE WHEN ? THEN NULL ELSE tus_url END,
           upload_offset = CASE WHEN ? THEN 0 ELSE upload_offset END
         WHERE sha256 = ?`,
      )
      .run(
        attempts,
        `${error.code}: ${error.message}`.slice(0, 1000),
        retryAt,
        forget ? 1 : 0,
        forget ? 1 : 0,
        row.sha256,
      );
  }

  /** In automatic mode, a pass when the earliest backoff ends. */
  private scheduleRetry(): void {
    if (!this.auto || this.closed) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const nextAt = this.sqlite
      .prepare("SELECT min(next_attempt_at) FROM blob_upload WHERE state = 'failed'")
      .pluck()
      .get() as string | null;
    if (!nextAt) return;
    const wait = Math.max(1_000, Date.parse(nextAt) - this.now().getTime());
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        void this.run();
      },
      Math.min(wait, this.maxBackoffMs),
    );
    // A pending retry never keeps the process alive on its own.
    this.retryTimer.unref();
  }

  private progress(
    row: BlobRow,
    state: BlobUploadState,
    bytesSent: number,
    left: number,
    overallTotal: number,
    error: string | null = null,
  ): void {
    if (this.closed) return;
    this.onProgress({
      sha256: row.sha256,
      kind: row.kind,
      state,
      bytesSent,
      bytesTotal: row.size_bytes,
      overallSent: this.passDone + bytesSent,
      overallTotal,
      blobsLeft: state === 'done' ? left - 1 : left,
      error,
    });
  }

  /** HEAD /v1/blobs/<sha256> with a token, refreshed once after a 401: does the town have it? */
  private async townHas(row: BlobRow): Promise<boolean> {
    for (let fresh = false; ; fresh = true) {
      const { serverUrl, token } = await this.auth.bearer(fresh);
      let res: Response;
      try {
        res = await this.fetchImpl(`${serverUrl}/v1/blobs/${row.sha256}`, {
          method: 'HEAD',
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.any([this.fetchAbort.signal, AbortSignal.timeout(this.stallMs)]),
        });
      } catch (error) {
        if (this.closed) throw new UploadError('STOPPED', 0, 'the queue stopped');
        throw new UploadError(networkCode(error), 0, `no answer to HEAD: ${(error as Error).message}`);
      }
      if (res.status === 401 && !fresh) continue;
      if (res.status === 404) return false;
      if (res.status !== 200) {
        throw new UploadError(codeOfAnswer(res.status, ''), res.status, `HEAD answered ${res.status}`);
      }
      // The hash is the name; the size and the ETag say the server holds exactly these bytes.
      return (
        res.headers.get('etag') === `"${row.sha256}"` &&
        Number(res.headers.get('content-length')) === row.size_bytes
      );
    }
  }

  private markDone(row: BlobRow): void {
    this.sqlite
      .prepare(
        `UPDATE blob_upload SET state = 'done', confirmed_at = ?, upload_offset = size_bytes, tus_url = NULL,
           last_error = NULL, next_attempt_at = NULL WHERE sha256 = ?`,
      )
      .run(this.now().toISOString(), row.sha256);
  }

  private async send(row: BlobRow, left: number, overallTotal: number): Promise<'uploaded' | 'deduplicated'> {
    const size = await this.store.sizeOf(row.sha256);
    if (size !== row.size_bytes) {
      throw new UploadError(
        'LOCAL_FILE_MISSING',
        0,
        size === null
          ? 'the file is not in the local store'
          : `the local file has ${size} bytes, not ${row.size_bytes}`,
      );
    }
    if (await this.townHas(row)) {
      this.markDone(row);
      this.progress(row, 'done', row.size_bytes, left, overallTotal);
      return 'deduplicated';
    }
    if (this.closed) throw new UploadError('STOPPED', 0, 'the queue stopped');
    this.setState(row.sha256, 'uploading');
    this.progress(row, 'uploading', row.upload_offset, left, overallTotal);
    try {
      await this.tus(row, left, overallTotal, false);
    } catch (error) {
      const e = toUploadError(error);
      // The access token expired during a long upload: once more with a fresh one, from where it was.
      if (e.status !== 401 || this.closed) throw e;
      await this.tus(row, left, overallTotal, true);
    }
    if (this.closed) throw new UploadError('STOPPED', 0, 'the queue stopped');
    // The finishing PATCH succeeded; `done` waits for the server to name the content by its hash.
    if (!(await this.townHas(row))) {
      throw new UploadError(
        'NOT_CONFIRMED',
        404,
        'the upload finished but the server does not confirm the hash',
      );
    }
    this.markDone(row);
    this.progress(row, 'done', row.size_bytes, left, overallTotal);
    return 'uploaded';
  }

  private async tus(row: BlobRow, left: number, overallTotal: number, fresh: boolean): Promise<void> {
    const { serverUrl, token } = await this.auth.bearer(fresh);
    // stop() may have come while the token was fetched: no transfer may start after it.
    if (this.closed) throw new UploadError('STOPPED', 0, 'the queue stopped');
    const storedUrl = this.sqlite
      .prepare('SELECT tus_url FROM blob_upload WHERE sha256 = ?')
      .pluck()
      .get(row.sha256) as string | null;
    // The bytes go up one PATCH at a time, each read (and, from an encrypted store, decrypted and
    // checked segment by segment) only when tus-js-client asks for it: a 30 MB photo is never held in
    // memory whole. The server gets the plain bytes over TLS and checks them against their hash.
    const ranges = await this.store.openRanges(row.sha256);
    const fileReader = {
      openFile: async () => ({
        size: ranges.size,
        slice: async (start: number, end: number) => {
          // tus-js-client counts a slice's bytes by its `size` (as its own Buffer source sets it).
          const value = (await ranges.read(start, end)) as Buffer & { size?: number };
          value.size = value.length;
          return { value, done: start + value.length >= ranges.size };
        },
        close: () => {},
      }),
    };
    let lastMove = Date.now();
    let watchdog: NodeJS.Timeout | null = null;
    try {
      await new Promise<void>((resolve, reject) => {
        // The input is never read: the file reader above answers every slice.
        const upload: Upload = new Upload(Buffer.alloc(0), {
          fileReader,
          endpoint: `${serverUrl}/v1/blobs/uploads`,
          uploadUrl: storedUrl,
          uploadSize: row.size_bytes,
          metadata: { sha256: row.sha256, filetype: row.mime_type },
          chunkSize: this.chunkSize,
          // A few quick retries ride out a blip (and a 423 while the server releases the upload a cut
          // request held); longer outages are the queue's backoff.
          retryDelays: [0, 1_000, 3_000],
          storeFingerprintForResuming: false,
          onBeforeRequest: (req) => {
            req.setHeader('Authorization', `Bearer ${token}`);
          },
          onUploadUrlAvailable: () => {
            lastMove = Date.now();
            if (!this.closed && upload.url) {
              this.sqlite
                .prepare('UPDATE blob_upload SET tus_url = ? WHERE sha256 = ?')
                .run(upload.url, row.sha256);
            }
          },
          onProgress: (sent) => {
            lastMove = Date.now();
            this.progress(row, 'uploading', sent, left, overallTotal);
          },
          onChunkComplete: (_chunk, accepted) => {
            lastMove = Date.now();
            if (!this.closed) {
              this.sqlite
                .prepare('UPDATE blob_upload SET upload_offset = ? WHERE sha256 = ?')
                .run(accepted, row.sha256);
            }
          },
          onSuccess: () => resolve(),
          onError: (error) => reject(error),
        });
        this.abortCurrent = () => {
          void upload.abort();
          reject(new UploadError('STOPPED', 0, 'the queue stopped'));
        };
        watchdog = setInterval(
          () => {
            if (Date.now() - lastMove < this.stallMs) return;
            void upload.abort();
            reject(new UploadError('TIMEOUT', 0, `no byte moved for ${Math.round(this.stallMs / 1000)} s`));
          },
          Math.min(5_000, this.stallMs),
        );
        upload.start();
      });
    } finally {
      this.abortCurrent = null;
      if (watchdog) clearInterval(watchdog);
      await ranges.close();
    }
  }
}
