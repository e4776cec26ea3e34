import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { HybridLogicalClock } from '../../shared/hlc.ts';
import { LocalBlobStore } from './attachments/blob-store.ts';
import { BackupService } from './backup/backup-service.ts';
import { type Database, openDatabase } from './db/connection.ts';
import type { Migration } from './db/migrator.ts';
import { SYNCED_TABLES } from './db/schema.ts';
import { readSetting, writeSetting } from './db/settings.ts';
import type { AtRestSecret } from './encryption/keys.ts';
import { EventBus } from './event-bus.ts';
import { type CoreLog, createCoreLog } from './log.ts';
import { SearchIndex } from './search/search-index.ts';
import { ProfileService } from './services/profile-service.ts';
import { type CredentialStore, type DeviceCredential, FileCredentialStore } from './sync/credentials.ts';
import { ChangeFeed } from './write/change-feed.ts';
import { RecordWriter } from './write/record-writer.ts';

/**
 * What lives as long as the laptop's database is open, whoever uses it: the database, its one clock
 * and writer, its search index, the local backups, the credential, and the event bus. Sessions (one
 * per profile, see session.ts) come and go on top of it and borrow these; they never make their own.
 */

export interface DeviceOptions {
  dbPath: string;
  migrations: readonly Migration[];
  now?: () => Date;
  credentials?: CredentialStore;
  /** The core's log; by default rotating files in `logs/` beside the database (log.ts). */
  log?: CoreLog;
  /**
   * The at-rest secret (docs/security.md): the database, its backups, the practice database and the
   * attachment files are encrypted with keys derived from it. Absent (tests, the e2e harness): clear.
   */
  secret?: AtRestSecret | null;
}

/** Marks, in the real database, that the app was in practice mode when it closed. */
const PRACTICE_SETTING = 'practice.active';

/** The practice database never holds a credential: it cannot enrol, and its sync has nowhere to go. */
export const NO_CREDENTIAL: CredentialStore = {
  load: (): DeviceCredential | null => null,
  save: () => {
    throw new AppError('PRACTICE_MODE', 'the practice database cannot be enrolled');
  },
  clear: () => undefined,
};

/**
 * One database with what reads and writes it directly: the real records, or the practice town (a
 * database of its own, so a store of its own). Its clock and writer are made once, when the first
 * profile names this laptop's device id, and then serve every session on this database: a sync
 * exchange still running for the previous profile advances the same clock the next one writes with.
 */
export class DeviceStore {
  readonly database: Database;
  readonly dbPath: string;
  readonly practice: boolean;
  readonly profiles: ProfileService;
  readonly searchIndex: SearchIndex;
  /** The at-rest secret its attachment files are encrypted with (null: kept in clear). */
  readonly secret: AtRestSecret | null;
  /** Every committed change to this database's records is announced here (write/change-feed.ts). */
  readonly changes = new ChangeFeed();
  private recordWriter: RecordWriter | null = null;
  private readonly now: () => Date;

  constructor(
    database: Database,
    dbPath: string,
    practice: boolean,
    credentials: CredentialStore,
    now: () => Date,
    secret: AtRestSecret | null = null,
  ) {
    this.secret = secret;
    this.database = database;
    this.dbPath = dbPath;
    this.practice = practice;
    this.now = now;
    this.profiles = new ProfileService(database.kysely, {
      enrolled: () => !practice && credentials.load() !== null,
      practice,
      now,
    });
    this.searchIndex = new SearchIndex(database.sqlite);
  }

  /** The one writer (and clock) of this database, for the device id of its profile. */
  writer(deviceId: string): RecordWriter {
    if (this.recordWriter) {
      // A profile keeps its device id for life; a different one would be a different laptop.
      if (this.recordWriter.hlc.node !== deviceId)
        throw new Error(`the clock runs as ${this.recordWriter.hlc.node}, not ${deviceId}`);
      return this.recordWriter;
    }
    const { sqlite } = this.database;
    const clock = new HybridLogicalClock({
      node: deviceId,
      wallClock: () => this.now().getTime(),
      last: readSetting(sqlite, 'hlc.last') ?? undefined,
    });
    const writer = new RecordWriter(sqlite, clock, this.now, this.changes);
    writer.addAfterWriteHook(this.searchIndex.afterWrite);
    this.recordWriter = writer;
    return writer;
  }
}

export class Device {
  /** The events the window (and the main process) listen to. */
  readonly events = new EventBus();
  /** The core's log: ids, codes and counts, never personal data (log.ts). */
  readonly log: CoreLog;
  private readonly ownsLog: boolean;
  readonly credentials: CredentialStore;
  /** Local safety copies of the (real) database: before the first sync, daily. */
  readonly backups: BackupService;
  /** The real records: never touched by practice. */
  readonly real: DeviceStore;
  private practiceStore: DeviceStore | null = null;
  private readonly options: DeviceOptions;

  constructor(options: DeviceOptions) {
    this.options = options;
    this.ownsLog = options.log === undefined;
    this.log = options.log ?? createCoreLog({ dir: join(dirname(options.dbPath), 'logs') });
    this.credentials =
      options.credentials ?? new FileCredentialStore(join(dirname(options.dbPath), 'device-credential.json'));
    try {
      this.real = this.openStore(this.openLogged(options.dbPath, 'real'), options.dbPath, false);
    } catch (error) {
      if (this.ownsLog) this.log.close();
      throw error;
    }
    this.backups = new BackupService({
      sqlite: this.real.database.sqlite,
      dbPath: options.dbPath,
      now: () => this.now(),
      log: this.log.logger,
      secret: options.secret ?? null,
    });
    // Practice mode survives a restart: the user left it on, and the banner says so.
    if (this.getSetting(PRACTICE_SETTING)) this.practiceStore = this.openPracticeStore(false);
  }

  now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  /** The database the app works on now: the practice town in practice mode, else the real records. */
  get store(): DeviceStore {
    return this.practiceStore ?? this.real;
  }

  get inPractice(): boolean {
    return this.practiceStore !== null;
  }

  /** The credential of the database in use (practice never has one). */
  get credentialsInUse(): CredentialStore {
    return this.inPractice ? NO_CREDENTIAL : this.credentials;
  }

  /** Settings of the installation (language, window place): always the real database's. */
  getSetting(key: string): string | null {
    return readSetting(this.real.database.sqlite, key);
  }

  setSetting(key: string, value: string): void {
    writeSetting(this.real.database.sqlite, key, value);
  }

  /**
   * Opens a fresh practice database and works on it from now on. Its records arrive with the sample
   * town, whose load announces them; the switch itself announces nothing.
   */
  startPractice(): DeviceStore {
    if (this.practiceStore) throw new Error('practice is already open');
    this.practiceStore = this.openPracticeStore(true);
    this.setSetting(PRACTICE_SETTING, '1');
    return this.practiceStore;
  }

  /** Deletes the practice database; the real records are in use again, so every open view reads again. */
  async endPractice(): Promise<void> {
    const store = this.practiceStore;
    this.practiceStore = null;
    await store?.database.close();
    rmSync(dirname(this.practicePath()), { recursive: true, force: true });
    this.real.database.sqlite.prepare('DELETE FROM app_setting WHERE key = ?').run(PRACTICE_SETTING);
    if (store) this.events.emit('data.changed', { reason: 'practice', tables: [...SYNCED_TABLES] });
  }

  /**
   * Encryption at rest, attachments (docs/security.md): files an earlier version stored in clear are
   * encrypted once, beside the real and the practice database. Runs at every start; it finds nothing
   * to do once done.
   */
  async encryptClearBlobs(): Promise<void> {
    if (!this.options.secret) return;
    for (const store of [this.real, this.practiceStore]) {
      if (!store) continue;
      const done = await LocalBlobStore.besideDatabase(store.dbPath, this.options.secret).encryptClearFiles();
      if (done.converted + done.skipped > 0)
        this.log.logger.info(
          { db: store.practice ? 'practice' : 'real', ...done },
          'attachment files encrypted',
        );
    }
  }

  /** Closes the databases; call once every session has stopped. */
  async close(): Promise<void> {
    this.backups.stopDaily();
    // A backup in progress reads the database page by page: let it finish first.
    await this.backups.whenIdle();
    await this.practiceStore?.database.close();
    await this.real.database.close();
    if (this.ownsLog) this.log.close();
  }

  /** Opens a database, logging the migrations it took (or why it could not be opened). */
  private openLogged(path: string, which: 'real' | 'practice'): Database {
    const log = this.log.logger.child({ db: which });
    let database: Database;
    try {
      database = openDatabase(path, this.options.migrations, log, this.options.secret ?? null);
    } catch (error) {
      log.error({ err: error }, 'database could not be opened');
      throw error;
    }
    const { from, to, applied } = database.migration;
    if (applied.length > 0) log.info({ from, to, applied }, 'migrations applied');
    else log.info({ version: to }, 'database opened');
    return database;
  }

  private openStore(database: Database, dbPath: string, practice: boolean): DeviceStore {
    const store = new DeviceStore(
      database,
      dbPath,
      practice,
      this.credentials,
      () => this.now(),
      this.options.secret ?? null,
    );
    // A committed change becomes the window's `data.changed`, whatever wrote it.
    store.changes.subscribe(({ origin, tables }) =>
      this.events.emit('data.changed', { reason: origin, tables }),
    );
    return store;
  }

  /** The practice database: its own folder beside the real one, so its photos live apart too. */
  private practicePath(): string {
    return join(dirname(this.options.dbPath), 'practice', 'futasato-practice.db');
  }

  private openPracticeStore(fresh: boolean): DeviceStore {
    const path = this.practicePath();
    if (fresh) rmSync(dirname(path), { recursive: true, force: true });
    mkdirSync(dirname(path), { recursive: true });
    return this.openStore(this.openLogged(path, 'practice'), path, true);
  }
}
