import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { japanDate } from '../../shared/domain/dates.ts';
import type { Locale, PropertyStatus, SampleSize } from '../../shared/domain/enums.ts';
import { CONSORTIUM_MUNICIPALITIES } from '../../shared/domain/municipalities.ts';
import { AppError, type Result } from '../../shared/errors.ts';
import { HybridLogicalClock } from '../../shared/hlc.ts';
import type { EventName, Handlers } from '../../shared/ipc/contract.ts';
import type { AppInfo, BackupsView, Profile, SampleLoadResult } from '../../shared/ipc/views.ts';
import { AttachmentService } from './attachments/attachment-service.ts';
import { AttachmentViews } from './attachments/attachment-views.ts';
import { LocalBlobStore } from './attachments/blob-store.ts';
import { UploadQueue } from './attachments/upload-queue.ts';
import { BACKUP_SETTING, BackupService } from './backup/backup-service.ts';
import { type Database, openDatabase } from './db/connection.ts';
import type { Migration } from './db/migrator.ts';
import { readSetting, writeSetting } from './db/settings.ts';
import { dispatch } from './ipc/dispatch.ts';
import { SearchIndex } from './search/search-index.ts';
import { CheckinService } from './services/checkin-service.ts';
import { EnquiryService } from './services/enquiry-service.ts';
import { FamilyService } from './services/family-service.ts';
import { MemberService } from './services/member-service.ts';
import { ProfileService } from './services/profile-service.ts';
import { SampleService } from './services/sample-service.ts';
import { SearchService } from './services/search-service.ts';
import { StayService } from './services/stay-service.ts';
import { TodayService } from './services/today-service.ts';
import { type CredentialStore, type DeviceCredential, FileCredentialStore } from './sync/credentials.ts';
import { SyncEngine } from './sync/engine.ts';
import { type SchedulerOptions, SyncScheduler } from './sync/scheduler.ts';
import {
  isSecureServerUrl,
  ServerClient,
  type ServerClientOptions,
  SyncHttpError,
} from './sync/server-client.ts';
import { SyncViews } from './sync/sync-views.ts';
import { type Actor, RecordWriter } from './write/record-writer.ts';

/**
 * Everything the main side does, in plain Node: open the database, build the services, answer the
 * IPC contract. `electron/main` wraps this in Electron glue; tests and the end-to-end harness use it
 * directly.
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
}

/** Services that exist only once the installation has a profile (they act as that person). */
interface Session {
  profile: Profile;
  actor: Actor;
  writer: RecordWriter;
  families: FamilyService;
  members: MemberService;
  stays: StayService;
  enquiries: EnquiryService;
  checkins: CheckinService;
  authorName: (authorId: string) => string | null;
  today: TodayService;
  samples: SampleService;
  searchAll: SearchService;
  sync: SyncEngine;
  syncViews: SyncViews;
  /** Photos and files (issue 5): the local blob store, and the queue that sends their bytes. */
  attachments: AttachmentService;
  uploads: UploadQueue;
  attachmentViews: AttachmentViews;
}

/** One database with what reads it directly: the real records, or the practice town. */
interface Store {
  database: Database;
  dbPath: string;
  profiles: ProfileService;
  searchIndex: SearchIndex;
  practice: boolean;
}

/** Marks, in the real database, that the app was in practice mode when it closed. */
const PRACTICE_SETTING = 'practice.active';

/** The practice database never holds a credential: it cannot enrol, and its sync has nowhere to go. */
const NO_CREDENTIAL: CredentialStore = {
  load: (): DeviceCredential | null => null,
  save: () => {
    throw new AppError('PRACTICE_MODE', 'the practice database cannot be enrolled');
  },
  clear: () => undefined,
};

export class AppCore {
  readonly handlers: Handlers;
  private session: Session | null = null;
  private scheduler: SyncScheduler | null = null;
  private readonly listeners = new Set<(event: EventName, payload: unknown) => void>();

  /** The real records: never touched by practice. */
  private readonly real: Store;
  /** The practice town, while practice mode is on. */
  private practiceStore: Store | null = null;
  private readonly options: CoreOptions;
  private readonly credentials: CredentialStore;
  /** Local safety copies of the (real) database (issue 5): before the first sync, daily. */
  readonly backups: BackupService;

  private constructor(database: Database, options: CoreOptions) {
    this.options = options;
    this.credentials =
      options.credentials ?? new FileCredentialStore(join(dirname(options.dbPath), 'device-credential.json'));
    this.real = this.makeStore(database, options.dbPath, false);
    this.backups = new BackupService({
      sqlite: database.sqlite,
      dbPath: options.dbPath,
      now: () => this.now(),
    });
    this.handlers = this.createHandlers();
  }

  static async open(options: CoreOptions): Promise<AppCore> {
    const core = new AppCore(openDatabase(options.dbPath, options.migrations), options);
    // Practice mode survives a restart: the user left it on, and the banner says so.
    if (core.getSetting(PRACTICE_SETTING)) core.practiceStore = core.openPracticeStore(false);
    const profile = await core.store.profiles.get();
    if (profile) core.startSession(profile);
    return core;
  }

  /** The database the app works on now: the practice town in practice mode, else the real records. */
  get database(): Database {
    return this.store.database;
  }

  /** True while the practice town is open. */
  get inPractice(): boolean {
    return this.practiceStore !== null;
  }

  private get store(): Store {
    return this.practiceStore ?? this.real;
  }

  /** The search index of the database in use. */
  private get searchIndex(): SearchIndex {
    return this.store.searchIndex;
  }

  private makeStore(database: Database, dbPath: string, practice: boolean): Store {
    return {
      database,
      dbPath,
      practice,
      profiles: new ProfileService(database.kysely, {
        enrolled: () => !practice && this.credentials.load() !== null,
        practice,
        now: () => this.now(),
      }),
      searchIndex: new SearchIndex(database.sqlite),
    };
  }

  /** The practice database: its own folder beside the real one, so its photos live apart too. */
  private practicePath(): string {
    return join(dirname(this.options.dbPath), 'practice', 'futasato-practice.db');
  }

  private openPracticeStore(fresh: boolean): Store {
    const path = this.practicePath();
    if (fresh) rmSync(dirname(path), { recursive: true, force: true });
    mkdirSync(dirname(path), { recursive: true });
    return this.makeStore(openDatabase(path, this.options.migrations), path, true);
  }

  /**
   * 「練習モード」: a fresh practice database with the same person and town as the real profile, filled
   * with the fictional sample town. The real records stay closed and untouched until practice ends.
   */
  async startPractice(size: SampleSize): Promise<SampleLoadResult> {
    const realProfile = await this.real.profiles.get();
    if (!realProfile) throw new AppError('NOT_SET_UP', 'set up a profile first');
    if (this.practiceStore) await this.endPractice();
    await this.endSession();
    const store = this.openPracticeStore(true);
    try {
      await store.database.kysely
        .insertInto('local_profile')
        .values({
          id: realProfile.id,
          municipality_id: realProfile.municipality.id,
          display_name: realProfile.displayName,
          display_name_kana: realProfile.displayNameKana,
          role: realProfile.role,
          device_id: realProfile.deviceId,
          created_at: this.now().toISOString(),
          updated_at: this.now().toISOString(),
        })
        .execute();
      this.practiceStore = store;
      this.setSetting(PRACTICE_SETTING, '1');
      this.startSession((await store.profiles.get()) as Profile);
      return this.requireSession().samples.load(size);
    } catch (error) {
      await this.endPractice();
      throw error;
    }
  }

  /** Leaves practice: the practice database is deleted, the real records open again as they were. */
  async endPractice(): Promise<Profile | null> {
    const store = this.practiceStore;
    if (store) {
      await this.endSession();
      this.practiceStore = null;
      await store.database.close();
    }
    rmSync(dirname(this.practicePath()), { recursive: true, force: true });
    this.real.database.sqlite.prepare('DELETE FROM app_setting WHERE key = ?').run(PRACTICE_SETTING);
    const profile = await this.real.profiles.get();
    if (profile) this.startSession(profile);
    return profile;
  }

  /** Stops the current session's background work (sync, uploads) before its database changes. */
  private async endSession(): Promise<void> {
    this.scheduler?.stop();
    this.scheduler = null;
    const session = this.session;
    this.session = null;
    if (!session) return;
    await session.sync.whenIdle();
    session.attachments.close();
    await session.uploads.stop();
  }

  /** The untrusted entry point: validates and answers one call. */
  invoke(channel: string, input: unknown): Promise<Result<unknown>> {
    return dispatch(this.handlers, channel, input);
  }

  onEvent(listener: (event: EventName, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Settings of the installation (language, window place): always the real database's. */
  getSetting(key: string): string | null {
    return readSetting(this.real.database.sqlite, key);
  }

  setSetting(key: string, value: string): void {
    writeSetting(this.real.database.sqlite, key, value);
  }

  /** Lets a running sync finish its exchange (each is one transaction) before the database closes. */
  async close(): Promise<void> {
    this.scheduler?.stop();
    this.backups.stopDaily();
    await this.session?.sync.whenIdle();
    // An upload or download in flight is cut (the server keeps what it got; both resume next time).
    this.session?.attachments.close();
    await this.session?.uploads.stop();
    // A backup in progress reads the database page by page: let it finish first.
    await this.backups.whenIdle();
    await this.practiceStore?.database.close();
    return this.real.database.close();
  }

  private now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  private requireSession(): Session {
    if (!this.session) throw new AppError('NOT_SET_UP', 'set up a profile first');
    return this.session;
  }

  private emit(event: EventName, payload: unknown): void {
    for (const listener of this.listeners) listener(event, payload);
    // A local write: let sync take it up soon (a pulled change does not count).
    if (event === 'data.changed' && (payload as { reason?: string }).reason !== 'sync') {
      this.scheduler?.notifyWrite();
    }
  }

  /**
   * Starts automatic sync (the app does; tests drive `sync.run` themselves). Safe to call before
   * enrolment: runs then end at once as NOT_ENROLLED and retry on schedule.
   */
  startAutoSync(options: SchedulerOptions = {}): void {
    const session = this.requireSession();
    this.scheduler?.stop();
    this.scheduler = new SyncScheduler(session.sync, options);
    this.scheduler.start();
    // Attachment bytes go up by themselves too, after each photo added and each sync that got through.
    session.uploads.start();
    // The daily local backup runs while the app runs, i.e. alongside automatic sync.
    this.backups.startDaily();
  }

  /** The network came back (the main process watches it). */
  notifyOnline(): void {
    this.scheduler?.notifyOnline();
    this.session?.uploads.notify();
  }

  private startSession(profile: Profile): void {
    const store = this.store;
    const { kysely, sqlite } = store.database;
    const searchIndex = store.searchIndex;
    const clock = new HybridLogicalClock({
      node: profile.deviceId,
      wallClock: () => this.now().getTime(),
      last: readSetting(sqlite, 'hlc.last') ?? undefined,
    });
    const writer = new RecordWriter(sqlite, clock, () => this.now());
    writer.addAfterWriteHook(searchIndex.afterWrite);
    const actor: Actor = { id: profile.id, municipalityId: profile.municipality.id };
    // Other people's names arrive with sync (issue 5); until then only this profile is known by name.
    const authorName = (authorId: string) => (authorId === profile.id ? profile.displayName : null);
    const stays = new StayService(kysely, writer, actor);
    const sync = new SyncEngine({
      sqlite,
      writer,
      // Practice never syncs: its engine sees no credential and stays 'not enrolled'.
      credentials: store.practice ? NO_CREDENTIAL : this.credentials,
      municipalityId: profile.municipality.id,
      now: () => this.now(),
      ...(this.options.serverClient ? { client: this.options.serverClient } : {}),
      // A local copy before the first exchange of an enrolment (once per device id).
      beforeFirstFullSync: (deviceId) => this.backups.beforeFirstSync(deviceId),
      onChange: (report) => {
        this.emit('sync.changed', {});
        if (report && report.pulled > 0) this.emit('data.changed', { reason: 'sync' });
        // The link works: photos waiting (or backing off) may go now.
        if (report?.ok) this.session?.uploads.notify();
      },
    });
    // Attachments: bytes beside the database, uploads authorised the way sync is (issue 5).
    const blobStore = LocalBlobStore.besideDatabase(store.dbPath);
    // A profile edit starts a new session: the previous queue must not keep sending beside the new one.
    this.session?.attachments.close();
    void this.session?.uploads.stop();
    const uploads = new UploadQueue({
      sqlite,
      store: blobStore,
      auth: sync,
      now: () => this.now(),
      onProgress: (progress) => {
        this.emit('attachments.progress', progress);
        // A blob confirmed or failed changes what the 同期 page and the indicator say is waiting.
        if (progress.state === 'done' || progress.state === 'failed') this.emit('sync.changed', {});
      },
    });
    const attachments = new AttachmentService({
      sqlite,
      writer,
      actor,
      store: blobStore,
      auth: sync,
      onAdded: () => {
        this.emit('data.changed', { reason: 'attachment' });
        uploads.notify();
      },
      onDownload: (progress) => this.emit('attachments.download', progress),
    });
    const enquiries = new EnquiryService(kysely, writer, actor, profile.role);
    this.session = {
      profile,
      actor,
      writer,
      authorName,
      stays,
      enquiries,
      members: new MemberService(kysely, writer, actor, profile.role),
      families: new FamilyService(kysely, writer, searchIndex, actor, {
        stays,
        enquiries,
        actorName: authorName,
        today: () => japanDate(this.now()),
      }),
      checkins: new CheckinService(writer, actor, () => this.now()),
      today: new TodayService(kysely, actor, authorName),
      samples: new SampleService(sqlite, searchIndex, actor, () => this.now()),
      searchAll: new SearchService(kysely, searchIndex, actor),
      sync,
      syncViews: new SyncViews(sqlite, sync, writer, actor, profile.displayName),
      attachments,
      uploads,
      attachmentViews: new AttachmentViews(sqlite, blobStore, actor),
    };
    if (this.options.autoSync)
      this.startAutoSync(this.options.autoSync === true ? {} : this.options.autoSync);
  }

  /** The consortium server this laptop is enrolled with, if any. */
  get serverUrl(): string | null {
    return this.credentials.load()?.serverUrl ?? null;
  }

  /** The sync engine of the current profile (issue 5); null before set-up. */
  get sync(): SyncEngine | null {
    return this.session?.sync ?? null;
  }

  /** Attachments of the current profile (issue 5); null before set-up. */
  get attachments(): AttachmentService | null {
    return this.session?.attachments ?? null;
  }

  /** The attachment upload queue of the current profile (issue 5); null before set-up. */
  get uploads(): UploadQueue | null {
    return this.session?.uploads ?? null;
  }

  /**
   * Enrols this laptop with the consortium server: the code a town administrator issued becomes this
   * device's credential, and everything recorded so far (already in the outbox) goes up with the
   * first sync.
   */
  async enroll(
    serverUrl: string,
    code: string,
    allowInsecure = false,
  ): Promise<{ town: string; user: string }> {
    const session = this.requireSession();
    if (this.practiceStore) throw new AppError('PRACTICE_MODE', 'leave practice mode before enrolling');
    if (this.credentials.load())
      throw new AppError('SYNC_ALREADY_ENROLLED', 'this laptop is already enrolled');
    if (this.getSetting('sample.loaded')) {
      throw new AppError('SYNC_SAMPLE_DATA', 'a database holding sample data may not be enrolled');
    }
    let client: ServerClient;
    try {
      client = new ServerClient(serverUrl, this.options.serverClient ?? {});
    } catch {
      throw new AppError('VALIDATION_FAILED', 'not a server address', 'serverUrl');
    }
    // The same address carries the refresh secret on every sync and becomes the update feed: never
    // in clear across a network, unless a person explicitly chose a test server.
    if (!isSecureServerUrl(client.baseUrl) && !allowInsecure) {
      throw new AppError(
        'SYNC_INSECURE_URL',
        `${client.baseUrl} is not https://; only a server on this computer may use http://`,
        'serverUrl',
      );
    }
    let answer: Awaited<ReturnType<ServerClient['enroll']>>;
    try {
      answer = await client.enroll(code, this.options.deviceName ?? 'Futasato');
    } catch (error) {
      const code = error instanceof SyncHttpError ? error.code : 'NETWORK';
      throw new AppError(
        code === 'ENROLLMENT_CODE_INVALID'
          ? 'SYNC_CODE_INVALID'
          : code === 'RATE_LIMITED'
            ? 'SYNC_RATE_LIMITED'
            : 'SYNC_UNREACHABLE',
        (error as Error).message,
        code === 'ENROLLMENT_CODE_INVALID' ? 'code' : undefined,
      );
    }
    if (answer.town.id !== session.profile.municipality.id) {
      throw new AppError(
        'SYNC_WRONG_TOWN',
        `the code is for ${answer.town.id}, this laptop records for ${session.profile.municipality.id}`,
        'code',
      );
    }
    this.credentials.save({
      serverUrl: client.baseUrl,
      deviceId: answer.device_id,
      refreshToken: answer.refresh_token,
      townId: answer.town.id,
      userId: answer.user.id,
    });
    // From now on the person's role is the one the town gave them on the server.
    const before = session.profile.role;
    const profile = await this.real.profiles.adoptServerRole(answer.user.role);
    if (profile.role !== before) this.startSession(profile);
    else session.profile.roleFromServer = true;
    const active = this.requireSession();
    active.sync.resume();
    // The enrolment's access token is good for its lifetime: the first sync uses it rather than
    // asking for another (one round trip less on an island link).
    active.sync.adoptAccessToken(answer.access_token);
    active.sync.phase = 'idle';
    this.emit('sync.changed', {});
    this.emit('profile.changed', {});
    return { town: answer.town.name, user: answer.user.display_name };
  }

  /** Tells open views to refresh after a write, and passes the write's answer through. */
  private changed<T>(value: T): T {
    this.emit('data.changed', {});
    return value;
  }

  /** Properties a stay can lodge in: trial houses first, then the rest of the live inventory. */
  private async lodgings() {
    const { actor } = this.requireSession();
    const rows = await this.database.kysely
      .selectFrom('property')
      .select(['id', 'address', 'status'])
      .where('municipality_id', '=', actor.municipalityId)
      .where('deleted_at', 'is', null)
      .where('status', 'not in', ['demolished'])
      .orderBy(sql`status = 'trial_housing'`, 'desc')
      .orderBy('address')
      .limit(1000)
      .execute();
    return rows.map((r) => ({ id: r.id, address: r.address, status: r.status as PropertyStatus }));
  }

  private appInfo(): AppInfo {
    const locale = (this.getSetting('ui.locale') ?? 'ja') as Locale;
    return { version: this.options.appVersion, schemaVersion: this.database.migration.to, locale };
  }

  private createHandlers(): Handlers {
    return {
      'app.info': () => this.appInfo(),
      'app.setLocale': ({ locale }) => {
        this.setSetting('ui.locale', locale);
        return this.appInfo();
      },
      'municipalities.list': () => CONSORTIUM_MUNICIPALITIES,
      'profile.get': () => this.store.profiles.get(),
      'profile.setup': async (input) => {
        const profile = await this.store.profiles.setup(input);
        this.startSession(profile);
        return profile;
      },
      'profile.update': async (input) => {
        this.requireSession();
        const profile = await this.store.profiles.update(input);
        this.startSession(profile);
        return profile;
      },
      // The sample town never enters the real records: it opens in the practice database.
      'sample.load': async ({ size }) => {
        this.requireSession();
        const result = await this.startPractice(size);
        this.emit('data.changed', { reason: 'sample' });
        this.emit('profile.changed', {});
        return result;
      },
      'practice.end': async () => {
        const profile = await this.endPractice();
        this.emit('data.changed', { reason: 'practice' });
        this.emit('profile.changed', {});
        this.emit('sync.changed', {});
        return profile;
      },
      'families.list': (input) => this.requireSession().families.list(input),
      'families.get': ({ id }) => this.requireSession().families.get(id),
      'families.create': async (input) => {
        const family = await this.requireSession().families.create(input);
        this.emit('data.changed', { reason: 'family' });
        return family;
      },
      'families.update': async ({ id, ...fields }) =>
        this.changed(await this.requireSession().families.update(id, fields)),
      'families.erase': async ({ id, confirmName }) =>
        this.changed(await this.requireSession().families.erase(id, confirmName)),
      'families.history': ({ id }) => this.requireSession().families.history(id),
      'members.save': async (input) => this.changed(await this.requireSession().members.save(input)),
      'members.remove': ({ id }) => this.changed(this.requireSession().members.remove(id)),
      'members.restore': async ({ id }) => this.changed(await this.requireSession().members.restore(id)),
      'members.sensitive': ({ id }) => this.requireSession().members.sensitive(id),
      'stays.save': async (input) => this.changed(await this.requireSession().stays.save(input)),
      'stays.get': ({ id }) => this.requireSession().stays.get(id),
      'stays.lodgingConflicts': ({ propertyId, arrival, departure, excludeStayId }) =>
        this.requireSession().stays.conflicts(propertyId, arrival, departure, excludeStayId),
      'properties.lodgings': () => this.lodgings(),
      'checkins.list': ({ familyId }) => {
        const session = this.requireSession();
        return session.checkins.list(familyId, session.authorName);
      },
      'checkins.closeFollowUp': ({ id }) => this.changed(this.requireSession().checkins.closeFollowUp(id)),
      'checkins.reopenFollowUp': ({ id }) => this.changed(this.requireSession().checkins.reopenFollowUp(id)),
      'checkins.followUps': ({ scope, mine, today }) => {
        const session = this.requireSession();
        return session.checkins.followUps(scope, mine, today, session.authorName);
      },
      'checkins.retract': ({ id }) => this.changed(this.requireSession().checkins.retract(id)),
      'enquiries.list': ({ outcome }) => this.requireSession().enquiries.list({ outcome }),
      'enquiries.get': ({ id }) => this.requireSession().enquiries.get(id),
      'enquiries.save': async (input) => this.changed(await this.requireSession().enquiries.save(input)),
      'enquiries.convert': async (input) => {
        const session = this.requireSession();
        const familyId = session.enquiries.convert(input);
        return this.changed(await session.families.get(familyId));
      },
      'search.all': ({ query, limit }) => this.requireSession().searchAll.search(query, limit),
      'today.board': ({ date }) => this.requireSession().today.board(date),
      'checkins.record': (input) => {
        const result = this.requireSession().checkins.record(input);
        this.emit('data.changed', { reason: 'checkin' });
        return result;
      },
      'sync.status': () => this.syncStatus(),
      'sync.enroll': async ({ serverUrl, code, allowInsecure }) => {
        await this.enroll(serverUrl, code, allowInsecure === true);
        void this.requireSession().sync.run('enroll');
        return this.syncStatus();
      },
      'sync.now': async () => {
        const { sync } = this.requireSession();
        if (!this.credentials.load()) throw new AppError('SYNC_NOT_ENROLLED', 'enrol this laptop first');
        sync.resume();
        const report = await sync.run('manual');
        if (report.pulled > 0) this.emit('data.changed', { reason: 'sync' });
        // 今すぐ同期 means the photos too: a pass starts now (its progress arrives as events), also
        // when automatic sync is off, as in tests; the answer does not wait for megabytes to go up.
        if (report.ok) void this.requireSession().uploads.run();
        return this.syncStatus();
      },
      'sync.quarantined': () => this.requireSession().syncViews.quarantined(),
      'sync.conflicts': ({ includeResolved }) => this.requireSession().syncViews.conflicts(includeResolved),
      'sync.resolve': ({ id, choice, values }) =>
        this.changed(this.requireSession().syncViews.resolve(id, choice, values)),
      'sync.diagnostics': () =>
        this.requireSession().syncViews.diagnostics(this.options.appVersion, this.database.migration.to),
      'sync.backups': () => this.backupsView(),
      'attachments.list': ({ ownerTable, ownerId }) =>
        this.requireSession().attachmentViews.list(ownerTable, ownerId),
      'attachments.add': async (input) => {
        const session = this.requireSession();
        const added = await session.attachments.addBytes(input);
        return session.attachmentViews.item(added.id);
      },
      'attachments.open': ({ id, variant }) =>
        this.requireSession().attachments.readBytes(id, { preview: variant === 'preview' }),
      'attachments.remove': ({ id }) => {
        this.requireSession().attachments.remove(id);
        return this.changed({ id });
      },
      'attachments.setCaption': async ({ id, caption }) => {
        const session = this.requireSession();
        session.attachments.setCaption(id, caption);
        return this.changed(await session.attachmentViews.item(id));
      },
      'attachments.queue': () => this.requireSession().attachmentViews.queue(),
      'attachments.holdOriginals': ({ hold }) => {
        const session = this.requireSession();
        session.attachmentViews.setHoldOriginals(hold);
        // Released originals may go now (in automatic mode; 今すぐ同期 sends them otherwise).
        if (!hold) session.uploads.notify();
        this.emit('sync.changed', {});
        return session.attachmentViews.queue();
      },
    };
  }

  private backupsView(): BackupsView {
    return {
      folder: this.backups.dir,
      backups: this.backups
        .list()
        .map(({ name, reason, createdAt, sizeBytes }) => ({ name, reason, createdAt, sizeBytes })),
      lastDailyAt: this.getSetting(BACKUP_SETTING.lastDailyAt),
      lastError: this.backups.lastError,
    };
  }

  private syncStatus() {
    return this.requireSession().syncViews.status(this.credentials.load()?.serverUrl ?? null);
  }
}
