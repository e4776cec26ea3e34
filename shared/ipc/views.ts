import type {
  CheckinKind,
  Condition,
  EnquiryChannel,
  EnquiryOutcome,
  Locale,
  Programme,
  PropertyStatus,
  Relation,
  Role,
  StayStatus,
} from '../domain/enums.ts';
import type { Municipality } from '../domain/municipalities.ts';

/** What the main side sends back to the renderer. Plain JSON, camelCase, never raw rows. */

export interface AppInfo {
  version: string;
  schemaVersion: number;
  locale: Locale;
}

export interface Profile {
  id: string;
  municipality: Municipality;
  displayName: string;
  displayNameKana: string | null;
  role: Role;
  deviceId: string;
  /** Enrolled: the role is the server's, and this laptop cannot change it. */
  roleFromServer: boolean;
  /** The practice database (the fictional sample town) is open, not the real records. */
  practice: boolean;
}

export interface FamilySummary {
  id: string;
  familyName: string;
  familyNameKana: string;
  homePrefecture: string | null;
  homeCity: string | null;
  phone: string | null;
  memberCount: number;
  childCount: number;
  lastStayArrival: string | null;
  lastStayProgramme: Programme | null;
  erased: boolean;
  /** Who the family is, parents first: given names and 満年齢 today (null without a birth date). */
  people: FamilyPerson[];
  /** The stay in town today, else the next planned one, else the most recent. */
  stay: FamilyStayGlance | null;
}

export interface FamilyPerson {
  givenName: string;
  relation: Relation;
  age: number | null;
}

export interface FamilyStayGlance {
  /** in_town: here today; next: planned, arriving later; past: the last one. */
  when: 'in_town' | 'next' | 'past';
  arrival: string;
  departure: string;
  programme: Programme;
  status: StayStatus;
}

export interface FamilyPage {
  items: FamilySummary[];
  total: number;
}

export interface MemberView {
  id: string;
  givenName: string;
  givenNameKana: string;
  relation: Relation;
  birthDate: string | null;
  grade: string | null;
  /** Whether allergies or care notes are recorded (their text needs `members.sensitive`). */
  hasSensitive: boolean;
}

export interface SensitiveNotes {
  allergies: string | null;
  careNotes: string | null;
}

export interface StayMemberView {
  memberId: string;
  givenName: string;
  relation: Relation;
  /** 満年齢 on the day of arrival. */
  ageAtArrival: number | null;
}

export interface StayView {
  id: string;
  familyId: string;
  programme: Programme;
  status: StayStatus;
  plannedArrival: string;
  plannedDeparture: string;
  actualArrival: string | null;
  actualDeparture: string | null;
  /** Effective dates: actual when known, else planned. */
  arrival: string;
  departure: string;
  nights: number;
  lodgingPropertyId: string | null;
  lodgingText: string | null;
  /** Display form: the property's address or the free text. */
  lodging: string | null;
  schoolName: string | null;
  notes: string | null;
  members: StayMemberView[];
  /** Other stays in the same lodging on overlapping nights (computed from data, whoever created them). */
  doubleBookings: LodgingConflict[];
}

export interface LodgingConflict {
  stayId: string;
  familyId: string;
  familyName: string;
  arrival: string;
  departure: string;
}

export interface CheckinView {
  id: string;
  stayId: string;
  date: string;
  recordedAt: string;
  kind: CheckinKind;
  condition: Condition;
  note: string | null;
  followUpNeeded: boolean;
  followUpOn: string | null;
  /** When the follow-up was closed; null while it is open (or when none was needed). */
  followUpDoneAt: string | null;
  attendance: { memberId: string; attended: boolean }[];
  authorName: string | null;
}

export interface EnquiryView {
  id: string;
  contactName: string;
  contactNameKana: string | null;
  phone: string | null;
  email: string | null;
  channel: EnquiryChannel;
  receivedOn: string;
  topic: string;
  outcome: EnquiryOutcome;
  nextAction: string | null;
  nextActionOn: string | null;
  familyId: string | null;
}

export interface HistoryEntry {
  at: string;
  actorName: string | null;
  /** `conflict`: a sync conflict opened on this record; `conflict_resolved`: a person settled it. */
  action: 'create' | 'update' | 'delete' | 'erase' | 'view_sensitive' | 'conflict' | 'conflict_resolved';
  table: string;
  rowId: string;
  fields: string[];
  /** Set on the conflict entries: which conflict, and how it ended (null while open). */
  conflict?: { id: string; kind: 'overwrite' | 'edit_vs_delete'; resolution: string | null };
}

export interface FamilyDetail extends FamilySummary {
  homePostalCode: string | null;
  email: string | null;
  emergencyContactName: string | null;
  emergencyContactPhone: string | null;
  referralSource: string | null;
  consentPhoto: boolean;
  consentShare: boolean;
  notes: string | null;
  members: MemberView[];
  stays: StayView[];
  enquiries: EnquiryView[];
}

export interface PropertyOption {
  id: string;
  address: string;
  status: PropertyStatus;
}

export interface BoardChild {
  memberId: string;
  givenName: string;
  givenNameKana: string;
  age: number | null;
  schoolName: string | null;
}

export interface BoardCheckin {
  id: string;
  recordedAt: string;
  condition: Condition;
  kind: CheckinKind;
  note: string | null;
  authorName: string | null;
}

export interface BoardStay {
  stayId: string;
  familyId: string;
  familyName: string;
  familyNameKana: string;
  programme: Programme;
  status: StayStatus;
  arrival: string;
  departure: string;
  lodging: string | null;
  children: BoardChild[];
  checkins: BoardCheckin[];
}

export interface BoardFollowUp {
  checkinId: string;
  familyId: string;
  familyName: string;
  followUpOn: string;
  condition: Condition;
  note: string | null;
}

export interface TodayBoard {
  date: string;
  inTown: BoardStay[];
  arrivingToday: BoardStay[];
  arrivingTomorrow: BoardStay[];
  departingToday: BoardStay[];
  departingTomorrow: BoardStay[];
  /** The most overdue first, at most FOLLOW_UPS_SHOWN of them; `followUpsDueTotal` counts all. */
  followUpsDue: BoardFollowUp[];
  followUpsDueTotal: number;
  /** Open enquiries whose next action falls on or before the date, the most overdue first. */
  enquiriesDue: BoardEnquiry[];
}

export interface BoardEnquiry {
  enquiryId: string;
  contactName: string;
  nextAction: string | null;
  nextActionOn: string;
}

export const FOLLOW_UPS_SHOWN = 50;

export const FOLLOW_UP_SCOPES = ['due', 'overdue', 'open'] as const;
export type FollowUpScope = (typeof FOLLOW_UP_SCOPES)[number];

/** One open follow-up in the town's full list (要フォロー). */
export interface FollowUpItem {
  checkinId: string;
  familyId: string;
  familyName: string;
  /** The day of the check-in that asked for it. */
  checkinDate: string;
  followUpOn: string;
  condition: Condition;
  note: string | null;
  authorName: string | null;
  /** Written by this laptop's coordinator. */
  mine: boolean;
}

export interface SearchHit {
  kind: 'family' | 'property' | 'event';
  id: string;
  title: string;
  subtitle: string | null;
}

export interface PropertySummary {
  id: string;
  address: string;
  lotNumber: string | null;
  status: PropertyStatus;
}

export interface SampleLoadResult {
  families: number;
  checkins: number;
  properties: number;
  events: number;
}

export interface CheckinRecorded {
  id: string;
}

/** Sync: what the shell's indicator and the 同期 page show. Counts and codes only. */
export type SyncPhaseView =
  | 'not_enrolled'
  | 'idle'
  | 'syncing'
  | 'offline'
  | 'error'
  | 'update_required'
  | 'revoked'
  | 'clock_skew';

export interface SyncRunView {
  startedAt: string;
  finishedAt: string | null;
  trigger: string;
  outcome: 'running' | 'ok' | 'error';
  errorCode: string | null;
  requests: number;
  pushed: number;
  pulled: number;
  conflicts: number;
  quarantined: number;
  bytesUp: number;
  bytesDown: number;
}

export interface SyncStatusView {
  phase: SyncPhaseView;
  serverUrl: string | null;
  lastSuccessAt: string | null;
  /** Operations waiting to go up, and since when the oldest has waited. */
  waiting: number;
  oldestWaitingAt: string | null;
  /** Bytes of photos and files waiting to upload. */
  waitingPhotoBytes: number;
  quarantined: number;
  openConflicts: number;
  lastError: { code: string; message: string; at: string } | null;
  clockWarning: { code: string; message: string; at: string } | null;
  recentRuns: SyncRunView[];
}

export interface QuarantinedOpView {
  seq: number;
  table: string;
  op: string;
  reasonCode: string | null;
  message: string | null;
  createdAt: string;
}

export interface ConflictSideView {
  values: Record<string, string | number | null>;
  /** When the write was made (from its clock) and by which laptop. */
  at: string;
  authorDevice: string;
}

export interface ConflictView {
  id: string;
  table: string;
  rowId: string;
  /** A label for the record (a family's name), read locally. */
  recordLabel: string;
  field: string;
  columns: string[];
  kind: 'overwrite' | 'edit_vs_delete';
  /** The value the losing author had seen (the common base), when known locally. */
  current: Record<string, string | number | null>;
  lost: ConflictSideView;
  won: ConflictSideView;
  createdAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

/**
 * Event `attachments.progress` (photos and files): one blob's upload and the whole queue, for the
 * progress bars. `overall*` counts the blobs of the current upload pass, originals held back excluded.
 */
export interface AttachmentProgressView {
  sha256: string;
  kind: 'preview' | 'original';
  state: 'pending' | 'uploading' | 'done' | 'failed';
  bytesSent: number;
  bytesTotal: number;
  overallSent: number;
  overallTotal: number;
  /** Blobs still to send in this pass, this one included while it is not done. */
  blobsLeft: number;
  /** The error code of a failed attempt (it is retried later), else null. */
  error: string | null;
}

/** Local backups of this laptop's database (local safety copies), for the 同期 page and support. */
export interface BackupView {
  /** The file name inside `folder`. */
  name: string;
  reason: 'before-first-sync' | 'before-migration' | 'daily';
  createdAt: string;
  sizeBytes: number;
}

export interface BackupsView {
  /** Where the copies are (docs/operations.md: how to restore one with the app closed). */
  folder: string;
  /** Newest first. */
  backups: BackupView[];
  lastDailyAt: string | null;
  /** The last failed backup, until one succeeds. */
  lastError: { reason: string; message: string; at: string } | null;
}

/**
 * Where one blob of an attachment stands on its way up, as this laptop knows it: `held` is an original
 * waiting because 従量制回線 (sync.hold_originals) is on. Null on a colleague's attachment (its bytes
 * are theirs to send).
 */
export interface BlobUploadView {
  state: 'pending' | 'uploading' | 'done' | 'failed' | 'held';
  bytesSent: number;
  bytesTotal: number;
  /** The code of the last failed attempt (retried later), else null. */
  errorCode: string | null;
}

/** Event `attachments.download`: a colleague's photo coming down when it is first opened. */
export interface AttachmentDownloadView {
  sha256: string;
  bytesReceived: number;
  /** Null while the server has not said how big it is. */
  bytesTotal: number | null;
}

/** One attachment of a record, for the 写真・添付 panel. */
export interface AttachmentItemView {
  id: string;
  ownerTable: string;
  ownerId: string;
  /** The original's content hash (progress events name blobs by hash). */
  sha256: string;
  mimeType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  latitude: number | null;
  longitude: number | null;
  /** The file's name as picked or dropped (null for one added before names were kept). */
  fileName: string | null;
  /** 説明, editable by its author. */
  caption: string | null;
  createdAt: string;
  /** Added by this laptop's person (only they may remove it). */
  mine: boolean;
  /** The hash of what a tile and the large view show: the preview, or the original when there is none. */
  displaySha256: string;
  /** Whether those bytes are on this laptop already (else the tile says 未取得 until opened). */
  displayHere: boolean;
  /** True for a photo that has a downscaled copy (an image the app could decode). */
  hasPreview: boolean;
  upload: { preview: BlobUploadView | null; original: BlobUploadView | null };
}

/** The bytes to show, read (or fetched once) by the main side. */
export interface AttachmentBytesView {
  sha256: string;
  mimeType: string;
  bytes: Uint8Array;
}

/** One content waiting to go up (the 同期 page's photo queue). */
export interface UploadQueueItemView {
  sha256: string;
  kind: 'preview' | 'original';
  mimeType: string;
  sizeBytes: number;
  bytesSent: number;
  state: 'pending' | 'uploading' | 'failed' | 'held';
  errorCode: string | null;
  nextAttemptAt: string | null;
}

export interface UploadQueueView {
  /** 従量制回線: originals wait until this is switched off. */
  holdOriginals: boolean;
  /** Waiting contents, in the order the queue sends them (previews first, oldest first). */
  items: UploadQueueItemView[];
  previews: { count: number; bytes: number; bytesSent: number };
  originals: { count: number; bytes: number; bytesSent: number };
  /** Originals held back by the setting (part of `originals`). */
  held: { count: number; bytes: number };
}
