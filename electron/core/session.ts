import { japanDate } from '../../shared/domain/dates.ts';
import type { Profile, SyncStatusView, UploadQueueView } from '../../shared/ipc/views.ts';
import { AttachmentService } from './attachments/attachment-service.ts';
import { AttachmentViews } from './attachments/attachment-views.ts';
import { LocalBlobStore } from './attachments/blob-store.ts';
import { UploadQueue } from './attachments/upload-queue.ts';
import type { Device } from './device.ts';
import { CheckinService } from './services/checkin-service.ts';
import { ConsentService } from './services/consent-service.ts';
import { ConsortiumReports } from './services/consortium-reports.ts';
import { DeviceAdmin } from './services/device-admin.ts';
import { EnquiryService } from './services/enquiry-service.ts';
import { ApplicationService } from './services/event-application-service.ts';
import { EventFigureService } from './services/event-figures.ts';
import { EventService } from './services/event-service.ts';
import { FamilyService } from './services/family-service.ts';
import { InspectionReports } from './services/inspection-report.ts';
import { InspectionService, shippedTemplateDir } from './services/inspection-service.ts';
import { InspectionSheets } from './services/inspection-summary.ts';
import { ReportService } from './services/kpi-report-service.ts';
import { ListingSheetService } from './services/listing-sheet.ts';
import { MemberService } from './services/member-service.ts';
import { PropertyRegister } from './services/property-register.ts';
import { PropertyService } from './services/property-service.ts';
import { SampleService } from './services/sample-service.ts';
import { SearchService } from './services/search-service.ts';
import { StayService } from './services/stay-service.ts';
import { SupporterService } from './services/supporter-service.ts';
import { TodayService } from './services/today-service.ts';
import { TrialCalendarService } from './services/trial-calendar.ts';
import { SyncEngine } from './sync/engine.ts';
import { type SchedulerOptions, SyncScheduler } from './sync/scheduler.ts';
import type { ServerClientOptions } from './sync/server-client.ts';
import { SyncViews } from './sync/sync-views.ts';
import type { Actor, RecordWriter } from './write/record-writer.ts';

export interface SessionOptions {
  /** HTTP options for the consortium server (timeouts). */
  serverClient?: ServerClientOptions | undefined;
  /** The inspection checklists' folder; by default the shipped one. */
  inspectionTemplateDir?: string | undefined;
  /** The server ordered this laptop wiped (lost or retired; lock/wipe.ts via app-core.ts). */
  onWipeOrder?: ((wipe: 'lost' | 'retired', ackToken: string | null) => void) | undefined;
  /** After each sync run that went through (the offline lock's reports go up). */
  afterSyncSuccess?: (() => void) | undefined;
}

/**
 * The services that act as one person: built from the device's store (its one writer and clock, its
 * search index) for the profile in use, and replaced when the profile changes or practice starts or
 * ends. A session owns its background work (automatic sync, uploads) and stops it when it closes.
 */
export class Session {
  readonly profile: Profile;
  readonly actor: Actor;
  readonly writer: RecordWriter;
  readonly families: FamilyService;
  readonly members: MemberService;
  readonly stays: StayService;
  readonly properties: PropertyService;
  readonly consents: ConsentService;
  readonly listingSheets: ListingSheetService;
  readonly register: PropertyRegister;
  readonly enquiries: EnquiryService;
  readonly checkins: CheckinService;
  readonly inspections: InspectionService;
  readonly inspectionSheets: InspectionSheets;
  readonly inspectionReports: InspectionReports;
  readonly today: TodayService;
  readonly trialCalendar: TrialCalendarService;
  readonly samples: SampleService;
  readonly searchAll: SearchService;
  readonly events: EventService;
  readonly supporters: SupporterService;
  readonly applications: ApplicationService;
  readonly eventFigures: EventFigureService;
  /** Every town's aggregates and the targets, from the server, cached for offline. */
  readonly consortiumReports: ConsortiumReports;
  /** A town administrator's 端末の管理, through the server. */
  readonly deviceAdmin: DeviceAdmin;
  readonly reports: ReportService;
  readonly sync: SyncEngine;
  readonly syncViews: SyncViews;
  /** Photos and files: the local blob store, and the queue that sends their bytes. */
  readonly attachments: AttachmentService;
  readonly uploads: UploadQueue;
  readonly attachmentViews: AttachmentViews;
  private readonly device: Device;
  private scheduler: SyncScheduler | null = null;
  private readonly unsubscribe: () => void;

  constructor(device: Device, profile: Profile, options: SessionOptions = {}) {
    this.device = device;
    this.profile = profile;
    const store = device.store;
    const { kysely, sqlite } = store.database;
    const searchIndex = store.searchIndex;
    const now = () => device.now();
    const events = device.events;
    const writer = store.writer(profile.deviceId);
    this.writer = writer;
    const actor: Actor = { id: profile.id, municipalityId: profile.municipality.id };
    this.actor = actor;
    const sync = new SyncEngine({
      sqlite,
      writer,
      // Practice never syncs: its engine sees no credential and stays 'not enrolled'.
      credentials: device.credentialsInUse,
      municipalityId: profile.municipality.id,
      now,
      log: device.log.logger,
      ...(options.serverClient ? { client: options.serverClient } : {}),
      // A local copy before the first exchange of an enrolment (once per device id).
      beforeFirstFullSync: (deviceId) => device.backups.beforeFirstSync(deviceId),
      // Answers from another tablet reaching an inspection this laptop finished: scored again here.
      afterPull: (touched) => this.inspections.rescoreAfterPull(touched),
      ...(options.onWipeOrder ? { onWipeOrder: options.onWipeOrder } : {}),
      ...(options.afterSyncSuccess ? { afterSuccess: options.afterSyncSuccess } : {}),
      onChange: (report) => {
        events.emit('sync.changed', {});
        // The link works: photos waiting (or backing off) may go now.
        if (report?.ok) this.uploads.notify();
      },
    });
    this.sync = sync;
    // Attachments: bytes beside the database, uploads authorised the way sync is.
    const blobStore = LocalBlobStore.besideDatabase(store.dbPath, store.secret);
    const uploads = new UploadQueue({
      sqlite,
      store: blobStore,
      auth: sync,
      now,
      onProgress: (progress) => {
        events.emit('attachments.progress', progress);
        // A blob confirmed or failed changes what the 同期 page and the indicator say is waiting.
        if (progress.state === 'done' || progress.state === 'failed') events.emit('sync.changed', {});
      },
    });
    this.uploads = uploads;
    this.attachments = new AttachmentService({
      sqlite,
      writer,
      actor,
      store: blobStore,
      auth: sync,
      // The new photo's bytes go up soon (its record is announced by the write itself).
      onAdded: () => uploads.notify(),
      onDownload: (progress) => events.emit('attachments.download', progress),
    });
    this.attachmentViews = new AttachmentViews(sqlite, blobStore, actor);
    this.stays = new StayService(kysely, writer, actor);
    this.enquiries = new EnquiryService(kysely, writer, actor, profile.role);
    this.members = new MemberService(kysely, writer, actor, profile.role);
    this.families = new FamilyService(kysely, writer, searchIndex, actor, {
      stays: this.stays,
      enquiries: this.enquiries,
      actorName: this.authorName,
      today: () => japanDate(now()),
    });
    this.properties = new PropertyService(kysely, writer, actor, profile.role, {
      actorName: this.authorName,
      today: () => japanDate(now()),
    });
    const townDay = () => japanDate(now());
    this.consents = new ConsentService({
      sqlite,
      writer,
      actor,
      role: profile.role,
      today: townDay,
      authorName: this.authorName,
    });
    this.listingSheets = new ListingSheetService({
      sqlite,
      actor,
      consents: this.consents,
      attachments: this.attachments,
      town: profile.municipality,
      today: townDay,
    });
    this.register = new PropertyRegister(sqlite, searchIndex, actor, () => japanDate(now()), profile.role);
    this.checkins = new CheckinService(writer, actor, now);
    this.inspections = new InspectionService(writer, actor, profile, options.inspectionTemplateDir);
    this.inspectionSheets = new InspectionSheets({
      sqlite,
      inspections: this.inspections,
      actor,
      authorName: this.authorName,
      templateDir: options.inspectionTemplateDir,
    });
    this.inspectionReports = new InspectionReports({
      sqlite,
      writer,
      actor,
      sheets: this.inspectionSheets,
      consents: this.consents,
      attachments: this.attachments,
      town: profile.municipality,
      today: townDay,
    });
    this.today = new TodayService(kysely, actor, this.authorName);
    this.trialCalendar = new TrialCalendarService(kysely, actor, profile.role);
    this.samples = new SampleService(
      sqlite,
      searchIndex,
      actor,
      store.changes,
      now,
      options.inspectionTemplateDir ?? shippedTemplateDir(),
    );
    this.searchAll = new SearchService(kysely, searchIndex, actor, profile.role);
    const eventsContext = { sqlite, writer, actor, role: profile.role, deviceId: profile.deviceId, now };
    this.events = new EventService(eventsContext, searchIndex);
    this.supporters = new SupporterService(eventsContext, searchIndex);
    this.applications = new ApplicationService(eventsContext, this.events);
    this.eventFigures = new EventFigureService(eventsContext, this.events);
    this.consortiumReports = new ConsortiumReports({
      sqlite,
      auth: sync,
      role: profile.role,
      now,
      client: options.serverClient,
    });
    this.deviceAdmin = new DeviceAdmin({
      sqlite,
      auth: sync,
      role: profile.role,
      actor,
      now,
      client: options.serverClient,
    });
    this.reports = new ReportService({ sqlite, writer, actor, role: profile.role, now });
    this.syncViews = new SyncViews(sqlite, sync, writer, actor, profile.displayName);
    // A local write: let automatic sync take it up soon (a pulled change does not count).
    this.unsubscribe = store.changes.subscribe(({ origin }) => {
      if (origin === 'local') this.scheduler?.notifyWrite();
    });
  }

  /** Other people's names arrive with sync; until then only this profile is known by name. */
  readonly authorName = (authorId: string): string | null =>
    authorId === this.profile.id ? this.profile.displayName : null;

  /** Syncs by itself from now on, and sends attachment bytes after each photo and each good sync. */
  startAutoSync(options: SchedulerOptions): void {
    this.scheduler?.stop();
    this.scheduler = new SyncScheduler(this.sync, options);
    this.scheduler.start();
    this.uploads.start();
  }

  /** The network came back (the main process watches it). */
  notifyOnline(): void {
    this.scheduler?.notifyOnline();
    this.uploads.notify();
  }

  syncStatus(): SyncStatusView {
    return this.syncViews.status(this.device.credentials.load()?.serverUrl ?? null);
  }

  /** 従量制回線: hold originals back, or let them go (now, in automatic mode). */
  holdOriginals(hold: boolean): UploadQueueView {
    this.attachmentViews.setHoldOriginals(hold);
    if (!hold) this.uploads.notify();
    this.device.events.emit('sync.changed', {});
    return this.attachmentViews.queue();
  }

  /**
   * Stops at once what would run beside the next session (a profile edit starts one on the same
   * database): the scheduler, downloads, the upload queue. An exchange in flight finishes on its own,
   * with the same clock and writer the next session uses.
   */
  stop(): void {
    this.scheduler?.stop();
    this.scheduler = null;
    this.unsubscribe();
    this.attachments.close();
    void this.uploads.stop();
  }

  /** Stops and waits for the background work, before the database changes or closes. */
  async close(): Promise<void> {
    this.scheduler?.stop();
    this.scheduler = null;
    this.unsubscribe();
    await this.sync.whenIdle();
    // An upload or download in flight is cut (the server keeps what it got; both resume next time).
    this.attachments.close();
    await this.uploads.stop();
  }
}
