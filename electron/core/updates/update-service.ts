import { AppError } from '../../../shared/errors.ts';
import type { UpdateStatusView, VerifiedInstallerView } from '../../../shared/ipc/views.ts';
import { SCHEMA_VERSION } from '../../../shared/sync/protocol.ts';
import { type AvailableUpdate, UpdateClient, UpdateError, type UpdateState } from './update-client.ts';

/**
 * The core's side of updates: one UpdateClient against the laptop's own consortium server, with the
 * sync engine's bearer (refreshed as sync refreshes it), the release key from enrolment and the link's
 * metered setting. It checks after a successful sync at most once per `checkEveryMs`, and at once when
 * the server refused to sync with this version (then the newest release is offered whatever the
 * rollout). Downloads start by themselves only on an unmetered link; state changes go to `emit`.
 */

export const UPDATE_SETTING = {
  releaseKey: 'updates.release_key',
  lastCheckedAt: 'updates.last_checked_at',
} as const;

export interface UpdateServiceOptions {
  appVersion: string;
  platform: NodeJS.Platform;
  arch: string;
  /** The folder installers are downloaded into. */
  dir: string;
  /** The sync engine's bearer; null when this laptop is not enrolled (or in practice). */
  bearer: () => ((fresh?: boolean) => Promise<{ serverUrl: string; token: string }>) | null;
  /** The protocol the server refused, when it did (sync phase update_required). */
  refusedProtocol: () => number | null;
  metered: () => boolean;
  getSetting(key: string): string | null;
  setSetting(key: string, value: string): void;
  now: () => Date;
  emit(view: UpdateStatusView): void;
  log: { warn(obj: object, msg: string): void };
  /** Default 6 hours. */
  checkEveryMs?: number;
  retryBaseMs?: number;
  /** The sync link's fetch: updates go over the same link as sync. */
  fetch?: typeof fetch;
}

export class UpdateService {
  readonly #o: UpdateServiceOptions;
  readonly #client: UpdateClient;
  #available: AvailableUpdate | null = null;
  #readyPath: string | null = null;
  #checking: Promise<void> | null = null;
  #lastAttempt = 0;
  #revision = 0;

  constructor(options: UpdateServiceOptions) {
    this.#o = options;
    this.#client = new UpdateClient({
      bearer: (fresh) => {
        const bearer = this.#o.bearer();
        if (!bearer) throw new UpdateError('UPDATE_SERVER', 'this laptop is not enrolled');
        return bearer(fresh);
      },
      publicKey: () => this.#o.getSetting(UPDATE_SETTING.releaseKey),
      currentVersion: options.appVersion,
      platform: options.platform,
      arch: options.arch,
      dir: options.dir,
      metered: () => this.#o.metered(),
      refusedVersions: () => {
        const protocol = this.#o.refusedProtocol();
        return protocol === null ? null : { protocol, schema: SCHEMA_VERSION };
      },
      onState: (state) => this.#changed(state),
      ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  #changed(_state: UpdateState): void {
    this.#revision += 1;
    this.#o.emit(this.status());
  }

  status(): UpdateStatusView {
    const s = this.#client.state;
    const a = this.#available;
    const version = 'version' in s ? s.version : (a?.version ?? null);
    const bytes = 'bytes' in s ? s.bytes : (a?.installer.size ?? null);
    return {
      currentVersion: this.#o.appVersion,
      phase: s.phase,
      version,
      releaseDate: a && a.version === version ? a.releaseDate : null,
      bytes,
      received: s.phase === 'downloading' ? s.received : s.phase === 'ready' ? s.bytes : null,
      metered: this.#o.metered(),
      required: this.#o.refusedProtocol() !== null,
      errorCode: s.phase === 'failed' ? s.code : null,
      lastCheckedAt: this.#o.getSetting(UPDATE_SETTING.lastCheckedAt),
      revision: this.#revision,
    };
  }

  /** Asks the server now; never throws (a failure is in the status, with its code). */
  async check(): Promise<UpdateStatusView> {
    this.#checking ??= this.#check().finally(() => {
      this.#checking = null;
    });
    await this.#checking;
    return this.status();
  }

  async #check(): Promise<void> {
    const phase = this.#client.state.phase;
    if (phase === 'downloading') return;
    this.#lastAttempt = this.#o.now().getTime();
    try {
      this.#available = await this.#client.check();
      this.#o.setSetting(UPDATE_SETTING.lastCheckedAt, this.#o.now().toISOString());
    } catch (error) {
      this.#available = null;
      this.#o.log.warn({ err: error }, 'update check failed');
      return;
    }
    // On an unmetered link the download starts by itself; on a metered one it waits for the user.
    if (this.#available && this.#client.state.phase === 'available' && !this.#o.metered()) {
      void this.#startDownload(false);
    }
    if (this.#client.state.phase === 'ready' && this.#available) {
      // Already downloaded and verified (no request): its path, for 「再起動して更新」.
      this.#readyPath = await this.#client.download({ userAsked: true }).catch(() => null);
    }
  }

  /**
   * After a sync run (successful, or refused as too old): checks when the last check is older than
   * `checkEveryMs`, or at once when the server refused this version and nothing is on offer yet.
   */
  afterSync(): void {
    const phase = this.#client.state.phase;
    if (phase === 'downloading' || phase === 'checking') return;
    // A server without a release key (UPDATE_PUBLIC_KEY_FILE unset) publishes no updates: nothing to
    // ask automatically; 更新を確認 still says why.
    if (!this.#o.getSetting(UPDATE_SETTING.releaseKey)) return;
    const required = this.#o.refusedProtocol() !== null;
    const retry = this.#o.now().getTime() - this.#lastAttempt > 5 * 60_000;
    if (required && (phase === 'idle' || ((phase === 'none' || phase === 'failed') && retry))) {
      void this.check();
      return;
    }
    const last = this.#o.getSetting(UPDATE_SETTING.lastCheckedAt);
    const every = this.#o.checkEveryMs ?? 6 * 3600_000;
    if (last && this.#o.now().getTime() - Date.parse(last) < every) return;
    void this.check();
  }

  /** The user pressed ダウンロード (or 従量制でもダウンロード): starts it; progress comes as events. */
  download(evenIfMetered: boolean): UpdateStatusView {
    if (!this.#available) throw new AppError('UPDATE_NOT_AVAILABLE', 'no update to download; check first');
    if (this.#o.metered() && !evenIfMetered) {
      throw new AppError('UPDATE_METERED', 'the link is metered: confirm the download');
    }
    void this.#startDownload(true);
    return this.status();
  }

  async #startDownload(userAsked: boolean): Promise<void> {
    try {
      this.#readyPath = await this.#client.download({ userAsked });
    } catch (error) {
      this.#readyPath = null;
      this.#o.log.warn({ err: error }, 'update download failed');
    }
  }

  /** The verified installer, for the main process to run; UPDATE_NOT_READY otherwise. */
  verified(): VerifiedInstallerView {
    const a = this.#available;
    if (!a || !this.#readyPath || this.#client.state.phase !== 'ready') {
      throw new AppError('UPDATE_NOT_READY', 'no verified installer is ready');
    }
    return { version: a.version, path: this.#readyPath, sha512: a.installer.sha512, size: a.installer.size };
  }

  /** Settles a running check (tests, close). */
  async whenIdle(): Promise<void> {
    await this.#checking;
  }
}
