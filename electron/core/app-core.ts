import { dirname, join } from 'node:path';
import type { Locale, SampleSize } from '../../shared/domain/enums.ts';
import { AppError, type Result } from '../../shared/errors.ts';
import type { Handlers } from '../../shared/ipc/contract.ts';
import type { AppInfo, Profile, SampleLoadResult } from '../../shared/ipc/views.ts';
import type { AttachmentService } from './attachments/attachment-service.ts';
import type { UploadQueue } from './attachments/upload-queue.ts';
import { HOLD_ORIGINALS_SETTING } from './attachments/upload-queue.ts';
import type { BackupService } from './backup/backup-service.ts';
import type { Database } from './db/connection.ts';
import type { Migration } from './db/migrator.ts';
import { readSetting } from './db/settings.ts';
import { Device } from './device.ts';
import type { AtRestSecret } from './encryption/keys.ts';
import { enrol } from './enrolment.ts';
import type { CoreEventListener } from './event-bus.ts';
import { type CoreContext, createHandlers } from './handlers/index.ts';
import { dispatch, logInternal } from './ipc/dispatch.ts';
import { LockService } from './lock/lock-service.ts';
import { forgetWipeAck, pendingWipeAck, wipeFiles } from './lock/wipe.ts';
import type { CoreLog } from './log.ts';
import { Session } from './session.ts';
import type { CredentialStore } from './sync/credentials.ts';
import type { SyncEngine } from './sync/engine.ts';
import type { SchedulerOptions } from './sync/scheduler.ts';
import { ServerClient, type ServerClientOptions, SyncHttpError } from './sync/server-client.ts';
import { UpdateService } from './updates/update-service.ts';

/**
 * Everything the main side does, in plain Node: open the database, build the services, answer the
 * IPC contract. `electron/main` wraps this in Electron glue; tests and the end-to-end harness use it
 * directly. A thin façade over the parts (docs/architecture.md, "Core structure"): the device
 * (device.ts), the session of the profile in use (session.ts), enrolment (enrolment.ts) and the
 * per-domain handlers (handlers/).
 */

export interface CoreOptions {
  dbPath: string;
  migrations: readonly Migration[];
  appVersion: string;
  now?: () => Date;
  /** Where the device credential lives (safeStorage in the app, a file in tests). */
  credentials?: CredentialStore;
  /** The name this laptop enrols under (the computer's name). */
  deviceName?: string;
  /** HTTP options for the consortium server (timeouts). */
  serverClient?: ServerClientOptions;
  /** Sync by itself (the app); tests leave it off and call `sync.run`. */
  autoSync?: boolean | SchedulerOptions;
  /** The core's log; by default rotating files in `logs/` beside the database (log.ts). */
  log?: CoreLog;
  /** The inspection checklists; by default the shipped ones (inspection-service.ts). */
  inspectionTemplateDir?: string;
  /** The at-rest secret (device.ts, docs/security.md); absent: the files are kept in clear. */
  secret?: AtRestSecret | null;
  /** How often an unanswered wipe acknowledgement is sent again while the app runs (default 15 min). */
  wipeAckRetryMs?: number;
  /** Updates from the consortium (updates/update-service.ts): this platform, how often to check. */
  updates?: { platform?: NodeJS.Platform; arch?: string; checkEveryMs?: number; retryBaseMs?: number };
}

export class AppCore {
  readonly handlers: Handlers;
  private readonly device: Device;
  /** The app lock, the offline lock and the wiped state (lock/lock-service.ts). */
  readonly lock: LockService;
  /** Updates from the consortium server (check, download, the verified installer). */
  readonly updates: UpdateService;
  private session: Session | null = null;
  /** Set once a wipe has begun: it runs once, and the closed database is never touched again. */
  private wiping: Promise<void> | null = null;
  private wiped = false;
  private wipedLocale: Locale = 'ja';
  /** The wipe acknowledgement in flight, and the timer that sends it again until it is answered. */
  private acking: Promise<void> | null = null;
  private ackTimer: NodeJS.Timeout | null = null;
  private readonly options: CoreOptions;
  /** Set once automatic sync runs: every later session (a profile edit, practice) runs it too. */
  private autoSync: SchedulerOptions | null = null;

  private constructor(options: CoreOptions) {
    this.options = options;
    this.device = new Device(options);
    this.lock = new LockService({
      device: this.device,
      role: () => this.session?.profile.role ?? null,
      enrolled: () => !this.wiped && this.device.credentials.load() !== null,
      deviceId: () => this.device.credentials.load()?.deviceId ?? null,
      author: () =>
        this.session && !this.device.inPractice
          ? { writer: this.session.writer, actor: this.session.actor }
          : null,
      userId: () => this.device.credentials.load()?.userId ?? null,
    });
    // After a wipe (and on every start after it) the database holds nothing and nothing runs on it.
    this.wiped = this.lock.state() === 'wiped';
    if (options.autoSync) this.autoSync = options.autoSync === true ? {} : options.autoSync;
    this.updates = this.createUpdates(options);
    // Refused as too old: the update is offered at once (the server then ignores the rollout).
    this.device.events.on((event) => {
      if (event === 'sync.changed' && this.session?.sync.phase === 'update_required')
        this.updates.afterSync();
    });
    this.handlers = createHandlers(this.context());
  }

  static async open(options: CoreOptions): Promise<AppCore> {
    const core = new AppCore(options);
    if (!core.wiped) await core.device.encryptClearBlobs();
    // A wipe the server has not heard of yet: said again at every start, and then periodically.
    if (core.wiped) core.retryWipeAck();
    const profile = core.wiped ? null : await core.device.store.profiles.get();
    if (profile) core.startSession(profile);
    return core;
  }

  /** The database the app works on now: the practice town in practice mode, else the real records. */
  get database(): Database {
    return this.device.store.database;
  }

  /** The file of `database` (the core process reports it, so its owner can read the same file). */
  get dbPath(): string {
    return this.device.store.dbPath;
  }

  /** True while the practice town is open. */
  get inPractice(): boolean {
    return this.device.inPractice;
  }

  /** Local safety copies of the (real) database: before the first sync, daily. */
  get backups(): BackupService {
    return this.device.backups;
  }

  /** The consortium server this laptop is enrolled with, if any. */
  get serverUrl(): string | null {
    return this.device.credentials.load()?.serverUrl ?? null;
  }

  /** The sync engine of the current profile; null before set-up. */
  get sync(): SyncEngine | null {
    return this.session?.sync ?? null;
  }

  /** Attachments of the current profile; null before set-up. */
  get attachments(): AttachmentService | null {
    return this.session?.attachments ?? null;
  }

  /** The attachment upload queue of the current profile; null before set-up. */
  get uploads(): UploadQueue | null {
    return this.session?.uploads ?? null;
  }

  /** The untrusted entry point: validates and answers one call. */
  invoke(channel: string, input: unknown): Promise<Result<unknown>> {
    // Locked, the records answer nothing, whatever the window asks (docs/security.md).
    const refusal = this.lock.refusal(channel);
    if (refusal)
      return Promise.resolve({ ok: false, error: { code: refusal, message: `refused: ${refusal}` } });
    return dispatch(this.handlers, channel, input, (error, name) =>
      logInternal(this.device.log.logger, error, name),
    );
  }

  onEvent(listener: CoreEventListener): () => void {
    return this.device.events.on(listener);
  }

  /** Settings of the installation (language, window place): always the real database's. */
  getSetting(key: string): string | null {
    return this.device.getSetting(key);
  }

  setSetting(key: string, value: string): void {
    this.device.setSetting(key, value);
  }

  /** Lets a running sync finish its exchange (each is one transaction) before the database closes. */
  async close(): Promise<void> {
    await this.wiping?.catch(() => undefined);
    if (this.ackTimer) clearInterval(this.ackTimer);
    this.ackTimer = null;
    await this.acking;
    const session = this.session;
    this.session = null;
    await session?.close();
    if (this.wiped) return;
    return this.device.close();
  }

  /**
   * The server ordered this laptop wiped (docs/security.md). Lost: at once, before anything else.
   * Retired: the engine calls this only after a run that pushed everything under the order. Sync
   * and uploads stop, the databases close, the files go (lock/wipe.ts) with the credential (and any
   * key kept in the credential store), the window shows the notice; then the server is told with the
   * single-purpose token its order carried, kept in the notice until the server has answered (so a
   * failed attempt is made again later), or, when an older server sent none, once with the refresh
   * secret still held in memory, which is then forgotten too.
   */
  wipe(reason: 'lost' | 'retired', ackToken: string | null = null): Promise<void> {
    this.wiping ??= this.performWipe(reason, ackToken);
    return this.wiping;
  }

  private async performWipe(reason: 'lost' | 'retired', ackToken: string | null): Promise<void> {
    const log = this.device.log.logger;
    // Retired: the photos waiting go up too (one pass; the server still takes uploads from it).
    if (reason === 'retired') {
      const report = await this.session?.uploads.run().catch(() => null);
      if (report && report.stoppedBy !== null)
        log.warn({ stoppedBy: report.stoppedBy }, 'uploads before the wipe stopped');
    }
    const held = this.device.credentials.load();
    let unsent = 0;
    try {
      const row = this.device.real.database.sqlite
        .prepare("SELECT count(*) AS n FROM outbox WHERE state <> 'sent'")
        .get() as { n: number };
      unsent = row.n;
    } catch {
      unsent = 0;
    }
    log.warn({ reason, unsent }, 'wipe ordered by the server');
    const locale = this.getSetting('ui.locale') ?? 'ja';
    // The notice replaces the app at once: nothing more is read from the records.
    this.wiped = true;
    this.lock.markWiped(reason);
    this.wipedLocale = locale as Locale;
    const session = this.session;
    this.session = null;
    // The run that carried the order may still be finishing: stop() does not wait for it.
    session?.stop();
    await session?.sync.whenIdle();
    await session?.close();
    await this.device.close();
    // The acknowledgement token (single-purpose: docs/security.md) stays in the notice until the
    // server has taken it; every credential goes now.
    const pending =
      held && ackToken
        ? { serverUrl: held.serverUrl, deviceId: held.deviceId, token: ackToken, unsentOps: unsent }
        : null;
    const removed = wipeFiles(this.device.real.dbPath, reason, this.device.now(), pending);
    this.device.credentials.clear();
    this.device.events.emit('lock.changed', {});
    this.device.events.emit('sync.changed', {});
    this.device.events.emit('profile.changed', {});
    log.info({ reason, removed: removed.length }, 'wipe done');
    if (pending) {
      this.retryWipeAck();
      await this.acking;
      return;
    }
    if (!held) return;
    // An older server's order carries no token: the refresh secret still in memory says it, once.
    try {
      await new ServerClient(held.serverUrl, this.options.serverClient ?? {}).acknowledgeWipe({
        device_id: held.deviceId,
        refresh_token: held.refreshToken,
        wipe: reason,
        unsent_ops: unsent,
      });
      log.info({ reason }, 'wipe acknowledged');
    } catch (error) {
      log.warn({ err: error, reason }, 'wipe done; the server could not be told');
    }
  }

  /**
   * Sends the pending wipe acknowledgement now and, until the server has answered it, again every
   * `wipeAckRetryMs` while the app runs (and at every start: AppCore.open).
   */
  private retryWipeAck(): void {
    if (this.acking) return;
    this.acking = this.sendWipeAck().finally(() => {
      this.acking = null;
    });
    if (this.ackTimer) return;
    this.ackTimer = setInterval(
      () => {
        if (!pendingWipeAck(this.device.real.dbPath)) {
          if (this.ackTimer) clearInterval(this.ackTimer);
          this.ackTimer = null;
          return;
        }
        this.retryWipeAck();
      },
      this.options.wipeAckRetryMs ?? 15 * 60_000,
    );
    // A retry never keeps the process alive on its own.
    this.ackTimer.unref();
  }

  private async sendWipeAck(): Promise<void> {
    const dbPath = this.device.real.dbPath;
    const pending = pendingWipeAck(dbPath);
    if (!pending) return;
    const log = this.device.log.logger;
    const { reason, ack } = pending;
    try {
      await new ServerClient(ack.serverUrl, this.options.serverClient ?? {}).acknowledgeWipe({
        device_id: ack.deviceId,
        ack_token: ack.token,
        wipe: reason,
        unsent_ops: ack.unsentOps,
      });
      log.info({ reason }, 'wipe acknowledged');
    } catch (error) {
      const e = error instanceof SyncHttpError ? error : null;
      if (e?.code === 'WIPE_ACK_TOKEN_USED') {
        // An earlier attempt got through and its answer was lost: the server has it.
        log.info({ reason }, 'wipe already acknowledged');
      } else if (e && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429) {
        // Refused for good (a token this server does not know): sending it again changes nothing.
        log.warn({ code: e.code, reason }, 'wipe acknowledgement refused; not sent again');
      } else {
        log.warn({ code: e?.code ?? 'INTERNAL', reason }, 'wipe acknowledgement not delivered; will retry');
        return;
      }
    }
    if (this.ackTimer) clearInterval(this.ackTimer);
    this.ackTimer = null;
    forgetWipeAck(dbPath);
  }

  /** After a sync that went through: the offline lock lifts; what it recorded goes up. */
  private async afterSyncSuccess(): Promise<void> {
    this.lock.contacted();
    this.updates.afterSync();
    const reports = this.lock.pendingReports();
    const sync = this.session?.sync;
    if (reports.length === 0 || !sync) return;
    try {
      const { serverUrl, token } = await sync.bearer();
      await new ServerClient(serverUrl, this.options.serverClient ?? {}).reportEvents(token, reports);
      this.lock.reportsSent(reports);
    } catch (error) {
      this.device.log.logger.warn({ err: error }, 'offline-lock reports not sent; next sync retries');
    }
  }

  /**
   * Starts automatic sync (the app does; tests drive `sync.run` themselves). Safe to call before
   * enrolment: runs then end at once as NOT_ENROLLED and retry on schedule.
   */
  startAutoSync(options: SchedulerOptions = {}): void {
    const session = this.requireSession();
    this.autoSync = options;
    session.startAutoSync(options);
    // The daily local backup runs while the app runs, i.e. alongside automatic sync.
    this.device.backups.startDaily();
  }

  /** The network came back (the main process watches it). */
  notifyOnline(): void {
    this.session?.notifyOnline();
  }

  /**
   * Enrols this laptop with the consortium server (enrolment.ts); from then on the person's role is
   * the one the town gave them there.
   */
  async enroll(
    serverUrl: string,
    code: string,
    allowInsecure = false,
  ): Promise<{ town: string; user: string }> {
    const session = this.requireSession();
    const enrolled = await enrol(this.device, session, {
      serverUrl,
      code,
      allowInsecure,
      deviceName: this.options.deviceName ?? 'Futasato',
      serverClient: this.options.serverClient ?? {},
    });
    const before = session.profile.role;
    const profile = await this.device.real.profiles.adoptServerRole(enrolled.role);
    if (profile.role !== before) this.startSession(profile);
    else session.profile.roleFromServer = true;
    const active = this.requireSession();
    active.sync.resume();
    // The enrolment's access token is good for its lifetime: the first sync uses it rather than
    // asking for another (one round trip less on an island link).
    active.sync.adoptAccessToken(enrolled.accessToken);
    active.sync.phase = 'idle';
    this.device.events.emit('sync.changed', {});
    this.device.events.emit('profile.changed', {});
    return { town: enrolled.town, user: enrolled.user };
  }

  /**
   * 「練習モード」: a fresh practice database with the same person and town as the real profile, filled
   * with the fictional sample town. The real records stay closed and untouched until practice ends.
   */
  private async startPractice(size: SampleSize): Promise<SampleLoadResult> {
    const realProfile = await this.device.real.profiles.get();
    if (!realProfile) throw new AppError('NOT_SET_UP', 'set up a profile first');
    if (this.device.inPractice) await this.endPractice();
    await this.endSession();
    const store = this.device.startPractice();
    try {
      const now = this.device.now().toISOString();
      await store.database.kysely
        .insertInto('local_profile')
        .values({
          id: realProfile.id,
          municipality_id: realProfile.municipality.id,
          display_name: realProfile.displayName,
          display_name_kana: realProfile.displayNameKana,
          role: realProfile.role,
          device_id: realProfile.deviceId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const session = this.startSession((await store.profiles.get()) as Profile);
      const result = session.samples.load(size, undefined, (done, total) =>
        this.device.events.emit('task.progress', { task: 'sample.load', done, total }),
      );
      this.device.events.emit('profile.changed', {});
      return result;
    } catch (error) {
      await this.endPractice();
      throw error;
    }
  }

  /** Leaves practice: the practice database is deleted, the real records open again as they were. */
  private async endPractice(): Promise<Profile | null> {
    if (this.device.inPractice) await this.endSession();
    await this.device.endPractice();
    const profile = await this.device.real.profiles.get();
    if (profile) this.startSession(profile);
    this.device.events.emit('profile.changed', {});
    this.device.events.emit('sync.changed', {});
    return profile;
  }

  /** Stops the current session's background work (sync, uploads) before its database changes. */
  private async endSession(): Promise<void> {
    const session = this.session;
    this.session = null;
    await session?.close();
  }

  /** A session for this profile on the database in use, replacing the current one. */
  private startSession(profile: Profile): Session {
    // A profile edit starts a new session: the previous one must not keep working beside it.
    this.session?.stop();
    const session = new Session(this.device, profile, {
      serverClient: this.options.serverClient,
      inspectionTemplateDir: this.options.inspectionTemplateDir,
      onWipeOrder: (reason, ackToken) => {
        void this.wipe(reason, ackToken).catch((error: unknown) =>
          this.device.log.logger.error({ err: error }, 'the wipe failed'),
        );
      },
      afterSyncSuccess: () => {
        void this.afterSyncSuccess();
      },
    });
    this.session = session;
    if (this.autoSync) this.startAutoSync(this.autoSync);
    return session;
  }

  private requireSession(): Session {
    if (!this.session) throw new AppError('NOT_SET_UP', 'set up a profile first');
    return this.session;
  }

  private appInfo(): AppInfo {
    if (this.wiped) return { version: this.options.appVersion, schemaVersion: 0, locale: this.wipedLocale };
    const locale = (this.getSetting('ui.locale') ?? 'ja') as Locale;
    return { version: this.options.appVersion, schemaVersion: this.database.migration.to, locale };
  }

  /** What the handler modules see of the core. */
  private createUpdates(options: CoreOptions): UpdateService {
    const u = options.updates ?? {};
    return new UpdateService({
      appVersion: options.appVersion,
      platform: u.platform ?? process.platform,
      arch: u.arch ?? process.arch,
      dir: join(dirname(options.dbPath), 'updates'),
      bearer: () => {
        const sync = this.session?.sync;
        if (this.wiped || this.device.inPractice || !sync || !this.device.credentials.load()) return null;
        return (fresh) => sync.bearer(fresh, true);
      },
      refusedProtocol: () =>
        this.session?.sync.phase === 'update_required' ? this.session.sync.protocolInUse : null,
      // The link's metered setting, the one the photo queue follows (同期 → 従量制回線).
      metered: () => readSetting(this.device.store.database.sqlite, HOLD_ORIGINALS_SETTING) === '1',
      getSetting: (key) => this.device.getSetting(key),
      setSetting: (key, value) => this.device.setSetting(key, value),
      now: () => this.device.now(),
      emit: (view) => this.device.events.emit('updates.changed', view),
      log: this.device.log.logger,
      ...(u.checkEveryMs !== undefined ? { checkEveryMs: u.checkEveryMs } : {}),
      ...(u.retryBaseMs !== undefined ? { retryBaseMs: u.retryBaseMs } : {}),
      // The same link as sync (in tests, the harness's switchable relay).
      ...(options.serverClient?.fetch ? { fetch: options.serverClient.fetch } : {}),
    });
  }

  private context(): CoreContext {
    return {
      device: this.device,
      updates: this.updates,
      appVersion: this.options.appVersion,
      lock: this.lock,
      session: () => this.requireSession(),
      startSession: (profile) => this.startSession(profile),
      startPractice: (size) => this.startPractice(size),
      endPractice: () => this.endPractice(),
      enroll: (serverUrl, code, allowInsecure) => this.enroll(serverUrl, code, allowInsecure),
      appInfo: () => this.appInfo(),
    };
  }
}
