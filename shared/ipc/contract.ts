import { z } from 'zod';
import { ATTACHMENT_OWNER_TABLES } from '../domain/attachments.ts';
import {
  ENQUIRY_OUTCOMES,
  FAMILY_SORTS,
  LOCALES,
  PROGRAMMES,
  ROLES,
  SAMPLE_SIZES,
  STAY_STATUSES,
} from '../domain/enums.ts';
import type { Municipality } from '../domain/municipalities.ts';
import {
  checkinInput,
  enquiryConvert,
  enquirySave,
  familyInput,
  familyUpdate,
  isoDate,
  memberSave,
  NOTE_MAX,
  plainText,
  staySave,
  uuid,
} from '../domain/records.ts';
import { textFault } from '../text/valid-text.ts';
import type { CHANNEL_NAMES } from './channels.ts';
import type {
  AppInfo,
  AttachmentBytesView,
  AttachmentItemView,
  BackupsView,
  CheckinRecorded,
  CheckinView,
  ConflictView,
  EnquiryView,
  FamilyDetail,
  FamilyPage,
  FollowUpItem,
  HistoryEntry,
  LodgingConflict,
  MemberView,
  Profile,
  PropertyOption,
  QuarantinedOpView,
  SampleLoadResult,
  SearchHit,
  SensitiveNotes,
  StayView,
  SyncStatusView,
  TodayBoard,
  UploadQueueView,
} from './views.ts';
import { FOLLOW_UP_SCOPES } from './views.ts';

/**
 * The one IPC contract. Each channel names the zod schema its input must pass and, as a type only,
 * what it answers. The main side must supply a handler for every channel (`Handlers` below: a missing
 * one is a compile error), the preload forwards only these channel names, and the renderer's typed
 * client is derived from the same object.
 */

interface Channel<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the output type; never set at run time. */
  output?: { value: O };
}

function channel<O>() {
  return <I extends z.ZodType>(input: I): Channel<I, O> => ({ input });
}

const none = z.object({}).strict();

export const setupInput = z
  .object({
    municipalityId: z.string().min(1, 'validation.required'),
    displayName: z
      .string()
      .trim()
      .min(1, 'validation.required')
      .max(50, 'validation.tooLong')
      .refine((v) => textFault(v) === null, 'validation.textInvalid'),
    displayNameKana: z
      .string()
      .max(100, 'validation.tooLong')
      .transform((v) => v.normalize('NFKC').trim())
      .refine((v) => /^[\p{Script=Hiragana}\p{Script=Katakana}ー・ 　]*$/u.test(v), 'validation.kana')
      .optional(),
    role: z.enum(ROLES, 'validation.choice'),
  })
  .strict();
export type SetupInput = z.input<typeof setupInput>;

export const contract = {
  'app.info': channel<AppInfo>()(none),
  'app.setLocale': channel<AppInfo>()(z.object({ locale: z.enum(LOCALES) }).strict()),
  'municipalities.list': channel<readonly Municipality[]>()(none),
  'profile.get': channel<Profile | null>()(none),
  'profile.setup': channel<Profile>()(setupInput),
  'profile.update': channel<Profile>()(setupInput.omit({ municipalityId: true })),
  'sample.load': channel<SampleLoadResult>()(z.object({ size: z.enum(SAMPLE_SIZES) }).strict()),
  'practice.end': channel<Profile | null>()(none),
  'families.list': channel<FamilyPage>()(
    z
      .object({
        query: z.string().max(200, 'validation.tooLong').default(''),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
        /** Families with at least one stay matching all of these. */
        programme: z.enum(PROGRAMMES).optional(),
        stayStatus: z.enum(STAY_STATUSES).optional(),
        /** Stays overlapping [from, to]. */
        from: isoDate.optional(),
        to: isoDate.optional(),
        /** Part of the lodging's address or name (地区名). */
        area: z.string().trim().max(50, 'validation.tooLong').optional(),
        sort: z.enum(FAMILY_SORTS, 'validation.choice').default('kana'),
      })
      .strict(),
  ),
  'families.update': channel<FamilyDetail>()(familyUpdate),
  'families.erase': channel<FamilyDetail>()(
    z.object({ id: uuid, confirmName: z.string().max(100, 'validation.tooLong') }).strict(),
  ),
  'families.history': channel<HistoryEntry[]>()(z.object({ id: uuid }).strict()),
  'members.save': channel<MemberView>()(memberSave),
  'members.remove': channel<{ id: string }>()(z.object({ id: uuid }).strict()),
  'members.restore': channel<MemberView>()(z.object({ id: uuid }).strict()),
  'members.sensitive': channel<SensitiveNotes>()(z.object({ id: uuid }).strict()),
  'stays.save': channel<StayView>()(staySave),
  'stays.get': channel<StayView>()(z.object({ id: uuid }).strict()),
  'stays.lodgingConflicts': channel<LodgingConflict[]>()(
    z
      .object({ propertyId: uuid, arrival: isoDate, departure: isoDate, excludeStayId: uuid.optional() })
      .strict(),
  ),
  'properties.lodgings': channel<PropertyOption[]>()(none),
  'checkins.list': channel<CheckinView[]>()(z.object({ familyId: uuid }).strict()),
  'checkins.closeFollowUp': channel<{ id: string }>()(z.object({ id: uuid }).strict()),
  /** The undo of closing: the follow-up is open again (an audited edit that syncs like the close). */
  'checkins.reopenFollowUp': channel<{ id: string }>()(z.object({ id: uuid }).strict()),
  'checkins.followUps': channel<FollowUpItem[]>()(
    z
      .object({
        scope: z.enum(FOLLOW_UP_SCOPES).default('due'),
        mine: z.boolean().default(false),
        /** The coordinator's today (Japan date), which 'due' and 'overdue' are measured from. */
        today: isoDate,
      })
      .strict(),
  ),
  'checkins.retract': channel<{ id: string }>()(z.object({ id: uuid }).strict()),
  'enquiries.list': channel<EnquiryView[]>()(
    z.object({ outcome: z.enum(ENQUIRY_OUTCOMES).optional() }).strict(),
  ),
  'enquiries.get': channel<EnquiryView>()(z.object({ id: uuid }).strict()),
  'enquiries.save': channel<EnquiryView>()(enquirySave),
  'enquiries.convert': channel<FamilyDetail>()(enquiryConvert),
  'families.get': channel<FamilyDetail>()(z.object({ id: uuid }).strict()),
  'families.create': channel<FamilyDetail>()(familyInput.strict()),
  'search.all': channel<SearchHit[]>()(
    z
      .object({
        query: z.string().max(200, 'validation.tooLong'),
        limit: z.number().int().min(1).max(100).default(20),
      })
      .strict(),
  ),
  'today.board': channel<TodayBoard>()(z.object({ date: isoDate }).strict()),
  'checkins.record': channel<CheckinRecorded>()(checkinInput.strict()),
  'sync.status': channel<SyncStatusView>()(none),
  'sync.enroll': channel<SyncStatusView>()(
    z
      .object({
        serverUrl: z.string().trim().min(1, 'validation.required').max(300, 'validation.tooLong'),
        code: z.string().trim().min(1, 'validation.required').max(64, 'validation.tooLong'),
        /** The person ticked 「テスト用サーバー」: a remote http:// address is accepted. */
        allowInsecure: z.boolean().optional(),
      })
      .strict(),
  ),
  'sync.now': channel<SyncStatusView>()(none),
  'sync.quarantined': channel<QuarantinedOpView[]>()(none),
  'sync.conflicts': channel<ConflictView[]>()(
    z.object({ includeResolved: z.boolean().default(false) }).strict(),
  ),
  /**
   * Resolve a conflict: keep what won, restore what lost, or write an edited value. Restoring and
   * editing are ordinary edits (they sync like any other); the conflict record is closed either way.
   */
  'sync.resolve': channel<ConflictView>()(
    z
      .object({
        id: uuid,
        choice: z.enum(['keep', 'restore', 'edit']),
        values: z.record(z.string().max(64), z.union([plainText(NOTE_MAX), z.number(), z.null()])).optional(),
      })
      .strict(),
  ),
  /** A bundle for support: versions, counts, codes and timings; no names, no record contents. */
  'sync.diagnostics': channel<{ fileName: string; json: string }>()(none),
  /** The local backups (newest first), their folder, and the last failure if any. */
  'sync.backups': channel<BackupsView>()(none),
  /** The attachments of one record, with where each stands on its way up (this laptop's) or down. */
  'attachments.list': channel<AttachmentItemView[]>()(
    z.object({ ownerTable: z.enum(ATTACHMENT_OWNER_TABLES), ownerId: uuid }).strict(),
  ),
  /**
   * Attach a file's bytes to a record. Only the shape is checked here; size and type are the core's
   * (ATTACHMENT_TOO_LARGE, ATTACHMENT_UNSUPPORTED_TYPE), decided from the bytes themselves.
   */
  'attachments.add': channel<AttachmentItemView>()(
    z
      .object({
        ownerTable: z.enum(ATTACHMENT_OWNER_TABLES),
        ownerId: uuid,
        bytes: z.instanceof(Uint8Array, { message: 'validation.required' }),
        /** The name the file had when picked or dropped (optional: older callers send none). */
        fileName: plainText(255).nullable().optional(),
      })
      .strict(),
  ),
  /** The bytes to show (the preview by default), fetched once from the server for a colleague's photo. */
  'attachments.open': channel<AttachmentBytesView>()(
    z.object({ id: uuid, variant: z.enum(['preview', 'original']).default('preview') }).strict(),
  ),
  /** Removes an attachment from its record (a tombstone that syncs); its bytes stay on this laptop. */
  'attachments.remove': channel<{ id: string }>()(z.object({ id: uuid }).strict()),
  /** Sets (or, empty, clears) an attachment's caption 説明; only its author may (FORBIDDEN otherwise). */
  'attachments.setCaption': channel<AttachmentItemView>()(
    z.object({ id: uuid, caption: plainText(500).nullable() }).strict(),
  ),
  /** What waits to go up: previews, originals, originals held back on a metered link. */
  'attachments.queue': channel<UploadQueueView>()(none),
  /** 従量制回線: hold originals back (previews still go), or let them go. */
  'attachments.holdOriginals': channel<UploadQueueView>()(z.object({ hold: z.boolean() }).strict()),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>;
export type ChannelOutput<K extends ChannelName> = NonNullable<Contract[K]['output']>['value'];

/** What the main side implements: one function per channel, given the parsed input. */
export type Handlers = {
  [K in ChannelName]: (input: ParsedInput<K>) => Promise<ChannelOutput<K>> | ChannelOutput<K>;
};

export { CHANNEL_NAMES, EVENT_NAMES, type EventName, IPC_PREFIX } from './channels.ts';

// Compile-time proof that channels.ts lists exactly the contract's channels, in both directions.
type Listed = (typeof CHANNEL_NAMES)[number];
const everyContractChannelIsListed: Record<ChannelName, true> = {} as Record<Listed, true>;
const everyListedChannelIsInContract: Record<Listed, true> = {} as Record<ChannelName, true>;
void everyContractChannelIsListed;
void everyListedChannelIsInContract;
