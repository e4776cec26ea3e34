import { z } from 'zod';
import { normalizeEmail, normalizePhone, normalizePostalCode } from '../text/contact.ts';
import { toHiragana } from '../text/kana.ts';
import { characterCount, LONGEST_TEXT, textFault } from '../text/valid-text.ts';
import { dateFault, isCalendarDate } from './dates.ts';
import {
  ATTENDANCE_STATUSES,
  CHECKIN_KINDS,
  CONDITIONS,
  ENQUIRY_CHANNELS,
  ENQUIRY_OUTCOMES,
  EVENT_KINDS,
  INSPECTION_GRADES,
  PROGRAMMES,
  PROPERTY_STATUSES,
  RELATIONS,
  STAY_STATUSES,
  STRUCTURES,
} from './enums.ts';

/**
 * Zod schemas for every record's editable fields. They are the single definition used by the IPC
 * contract (input parsing), the services (write path) and later the sync wire. Messages are i18n keys
 * (`validation.*`) so the renderer can show them in Japanese.
 */

/** Notes and other long free text: a long note pasted from a document still fits. */
export const NOTE_MAX = LONGEST_TEXT;

export const isoDate = z
  .string()
  .refine(isCalendarDate, 'validation.date')
  .refine((v) => dateFault(v) !== 'out_of_range', 'validation.dateRange');

export const isoDateTime = z.iso.datetime({ offset: true, message: 'validation.datetime' });

export const uuid = z.string().uuid('validation.id');

/**
 * Any text a person types: at most `max` characters, and only characters the app can store and show
 * (shared/text/valid-text.ts): a NUL, another control character or half a surrogate pair is refused
 * with `validation.textInvalid`, whatever the field.
 */
export const plainText = (max: number) =>
  z
    .string()
    .refine((v) => textFault(v) === null, 'validation.textInvalid')
    .refine((v) => characterCount(v) <= max, 'validation.tooLong');

/** Free text: trimmed; an empty string means "no value" and is stored as null. */
const optionalText = (max: number) =>
  plainText(max)
    .transform((v) => (v.trim() === '' ? null : v.trim()))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

/** Like optionalText, but an absent key stays undefined ("leave unchanged") instead of becoming null. */
const keptUnlessGiven = (max: number) =>
  plainText(max)
    .transform((v) => (v.trim() === '' ? null : v.trim()))
    .nullable()
    .optional();

const requiredText = (max: number) =>
  z
    .string()
    .trim()
    .refine((v) => textFault(v) === null, 'validation.textInvalid')
    .refine((v) => characterCount(v) <= max, 'validation.tooLong')
    .refine((v) => v.length > 0, 'validation.required');

/**
 * Furigana: typed in hiragana or katakana of either width, stored in hiragana (NFKC, single spaces) so
 * that lists sort in 五十音順 whichever way it was typed.
 */
const kanaText = plainText(100)
  .transform((v) =>
    toHiragana(v.normalize('NFKC'))
      .replace(/[\s　]+/g, ' ')
      .trim(),
  )
  .refine((v) => /^[\p{Script=Hiragana}ー・ ]*$/u.test(v), 'validation.kana');
const requiredKana = kanaText.refine((v) => v.length > 0, 'validation.required');
const optionalKana = kanaText
  .nullable()
  .optional()
  .transform((v) => (v ? v : null));

/**
 * An optional field typed freely (any width, any hyphens) and stored in one canonical form: empty means
 * no value; anything `normalise` cannot read is refused with `message`.
 */
const normalisedText = (max: number, normalise: (v: string) => string | null, message: string) =>
  plainText(max)
    .nullable()
    .optional()
    .transform((v, ctx) => {
      if (v === null || v === undefined || v.trim() === '') return null;
      const n = normalise(v);
      if (n === null) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return n;
    });

const phone = normalisedText(40, normalizePhone, 'validation.phone');
const email = normalisedText(254, normalizeEmail, 'validation.email');
const postalCode = normalisedText(20, normalizePostalCode, 'validation.postalCode');

const optionalDate = isoDate
  .nullable()
  .optional()
  .transform((v) => v ?? null);

export const familyInput = z.object({
  familyName: requiredText(50),
  familyNameKana: requiredKana,
  homePostalCode: postalCode,
  homePrefecture: optionalText(10),
  homeCity: optionalText(50),
  phone,
  email,
  emergencyContactName: optionalText(50),
  emergencyContactPhone: phone,
  referralSource: optionalText(200),
  consentPhoto: z.boolean().default(false),
  consentShare: z.boolean().default(false),
  notes: optionalText(NOTE_MAX),
});
export type FamilyInput = z.input<typeof familyInput>;
export type FamilyFields = z.output<typeof familyInput>;
export const familyUpdate = familyInput.extend({ id: uuid }).strict();

export const memberInput = z.object({
  familyId: uuid,
  givenName: requiredText(50),
  givenNameKana: requiredKana,
  relation: z.enum(RELATIONS, 'validation.choice'),
  birthDate: optionalDate,
  grade: optionalText(30),
  // Left out (undefined) = keep what is stored; null or '' = clear. The notes are sensitive and a form
  // that never revealed them must not overwrite them.
  allergies: keptUnlessGiven(1000),
  careNotes: keptUnlessGiven(NOTE_MAX),
});
export type MemberInput = z.input<typeof memberInput>;
export const memberSave = memberInput.extend({ id: uuid.optional() }).strict();
export type MemberSave = z.output<typeof memberSave>;
export type MemberFields = z.output<typeof memberInput>;

const stayDatesOrdered = (
  s: {
    plannedArrival: string;
    plannedDeparture: string;
    actualArrival: string | null;
    actualDeparture: string | null;
    status: string;
  },
  ctx: z.RefinementCtx,
) => {
  // A stay's status and its actual dates must tell the same story.
  if ((s.status === 'in_town' || s.status === 'completed') && !s.actualArrival) {
    ctx.addIssue({ code: 'custom', message: 'validation.actualArrivalRequired', path: ['actualArrival'] });
  }
  if (s.status === 'completed' && !s.actualDeparture) {
    ctx.addIssue({
      code: 'custom',
      message: 'validation.actualDepartureRequired',
      path: ['actualDeparture'],
    });
  }
  if (s.plannedDeparture < s.plannedArrival) {
    ctx.addIssue({
      code: 'custom',
      message: 'validation.departureBeforeArrival',
      path: ['plannedDeparture'],
    });
  }
  if (s.actualArrival && s.actualDeparture && s.actualDeparture < s.actualArrival) {
    ctx.addIssue({ code: 'custom', message: 'validation.departureBeforeArrival', path: ['actualDeparture'] });
  }
};

export const stayFields = z.object({
  familyId: uuid,
  programme: z.enum(PROGRAMMES, 'validation.choice'),
  plannedArrival: isoDate,
  plannedDeparture: isoDate,
  actualArrival: optionalDate,
  actualDeparture: optionalDate,
  lodgingPropertyId: uuid
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  lodgingText: optionalText(200),
  status: z.enum(STAY_STATUSES, 'validation.choice').default('planned'),
  memberIds: z.array(uuid).max(30).default([]),
  schoolName: optionalText(100),
  notes: optionalText(NOTE_MAX),
});
export const stayInput = stayFields.superRefine(stayDatesOrdered);
/** Create (no id) or edit (id) a stay; the whole form is sent, only changed columns are written. */
export const staySave = stayFields.extend({ id: uuid.optional() }).strict().superRefine(stayDatesOrdered);
export type StaySave = z.output<typeof staySave>;
export type StayInput = z.input<typeof stayInput>;
export type StayFields = z.output<typeof stayInput>;

export const checkinInput = z.object({
  stayId: uuid,
  kind: z.enum(CHECKIN_KINDS, 'validation.choice').default('daily'),
  condition: z.enum(CONDITIONS, 'validation.choice').default('good'),
  /** Local calendar date the check-in is about (the board's date). */
  date: isoDate,
  note: optionalText(NOTE_MAX),
  followUpNeeded: z.boolean().default(false),
  followUpOn: optionalDate,
  attendance: z
    .array(z.object({ memberId: uuid, attended: z.boolean() }))
    .max(30)
    .default([]),
  /**
   * With an 到着 check-in on a planned stay: mark it 滞在中 arrived on `date`; with a 出発 check-in on a
   * stay in town: mark it 完了 left on `date`. In the same write as the check-in.
   */
  updateStay: z.boolean().default(false),
});
export type CheckinInput = z.input<typeof checkinInput>;
export type CheckinFields = z.output<typeof checkinInput>;

export const enquiryInput = z.object({
  contactName: requiredText(50),
  contactNameKana: optionalKana,
  phone,
  email,
  channel: z.enum(ENQUIRY_CHANNELS, 'validation.choice'),
  receivedOn: isoDate,
  topic: requiredText(500),
  outcome: z.enum(ENQUIRY_OUTCOMES, 'validation.choice').default('open'),
  nextAction: optionalText(500),
  nextActionOn: optionalDate,
});
export type EnquiryInput = z.input<typeof enquiryInput>;
export type EnquiryFields = z.output<typeof enquiryInput>;
export const enquirySave = enquiryInput.extend({ id: uuid.optional() }).strict();

/** Turning an enquiry into a family with a planned stay, in one step and without retyping. */
export const enquiryConvert = z
  .object({
    enquiryId: uuid,
    family: familyInput.strict(),
    members: z
      .array(memberInput.omit({ familyId: true }).strict())
      .min(1, 'validation.required')
      .max(15),
    stay: stayFields.omit({ familyId: true, memberIds: true }).strict().superRefine(stayDatesOrdered),
  })
  .strict();
export type EnquiryConvert = z.output<typeof enquiryConvert>;

export const propertyInput = z.object({
  address: requiredText(200),
  lotNumber: optionalText(100),
  latitude: z
    .number()
    .min(20)
    .max(46)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  longitude: z
    .number()
    .min(122)
    .max(154)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  structure: z
    .enum(STRUCTURES, 'validation.choice')
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  floors: z
    .number()
    .int()
    .min(1)
    .max(10)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  yearBuilt: z
    .number()
    .int()
    .min(1850)
    .max(2100)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  /** Building permit date: before 1981-06-01 means 旧耐震 (the old seismic standard). */
  permitDate: optionalDate,
  floorAreaM2: z
    .number()
    .min(0)
    .max(100000)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  landAreaM2: z
    .number()
    .min(0)
    .max(1000000)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  ownerName: optionalText(100),
  ownerContact: optionalText(200),
  consentBank: z.boolean().default(false),
  consentShare: z.boolean().default(false),
  status: z.enum(PROPERTY_STATUSES, 'validation.choice').default('candidate'),
  intendedUse: optionalText(100),
  rentYen: z
    .number()
    .int()
    .min(0)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  priceYen: z
    .number()
    .int()
    .min(0)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  notes: optionalText(NOTE_MAX),
});
export type PropertyInput = z.input<typeof propertyInput>;

export const inspectionInput = z.object({
  propertyId: uuid,
  inspectedOn: isoDate,
  weather: optionalText(30),
  templateId: requiredText(50),
  templateVersion: z.number().int().min(1),
  overallGrade: z
    .enum(INSPECTION_GRADES, 'validation.choice')
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  recommendedAction: optionalText(1000),
  followUpOn: optionalDate,
  answers: z
    .array(
      z.object({
        itemKey: requiredText(60),
        grade: z.enum(INSPECTION_GRADES, 'validation.choice').nullable(),
        note: optionalText(1000),
      }),
    )
    .max(200)
    .default([]),
});
export type InspectionInput = z.input<typeof inspectionInput>;

export const eventInput = z
  .object({
    title: requiredText(100),
    kind: z.enum(EVENT_KINDS, 'validation.choice'),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    place: optionalText(200),
    capacity: z
      .number()
      .int()
      .min(0)
      .max(100000)
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    organiser: optionalText(100),
    description: optionalText(NOTE_MAX),
  })
  .superRefine((e, ctx) => {
    if (new Date(e.endsAt).getTime() < new Date(e.startsAt).getTime()) {
      ctx.addIssue({ code: 'custom', message: 'validation.endBeforeStart', path: ['endsAt'] });
    }
  });
export type EventInput = z.input<typeof eventInput>;

export const attendanceInput = z.object({
  eventId: uuid,
  familyId: uuid
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  personName: optionalText(100),
  status: z.enum(ATTENDANCE_STATUSES, 'validation.choice').default('registered'),
  headCount: z.number().int().min(1).max(100).default(1),
});
export type AttendanceInput = z.input<typeof attendanceInput>;
