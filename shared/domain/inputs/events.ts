import { z } from 'zod';
import {
  APPLICATION_STATUSES,
  CONTACT_CHANNELS,
  EVENT_KINDS,
  EVENT_PLACE_KINDS,
  SUPPORTER_CONNECTIONS,
} from '../enums.ts';
import {
  email,
  isoDate,
  isoDateTime,
  NOTE_MAX,
  optionalDate,
  optionalKana,
  optionalText,
  phone,
  requiredText,
  uuid,
} from './fields.ts';

/**
 * Community events (地域イベント), the supporters' register (関係人口名簿), applications and the roll
 * call. docs/events.md states the rules; the services enforce those that need the stored records.
 */

const nullableUuid = uuid
  .nullable()
  .optional()
  .transform((v) => v ?? null);

const wholeNumber = (min: number, message: string) =>
  z
    .number('validation.number')
    .int('validation.wholeNumber')
    .min(min, message)
    .max(1_000_000, 'validation.tooLarge');

/** An online event's address: http(s) only (a javascript: link is never stored). */
const onlineUrl = optionalText(2000).refine(
  (v) => v === null || /^https?:\/\/[^\s]+$/i.test(v),
  'validation.url',
);

export const eventInput = z
  .object({
    /** Absent: a new event. */
    id: uuid.optional(),
    title: requiredText(200),
    kind: z.enum(EVENT_KINDS, 'validation.choice'),
    /** What an 'other' event is (サポーターの集い). */
    kindLabel: optionalText(100),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    placeKind: z.enum(EVENT_PLACE_KINDS, 'validation.choice'),
    /** In town: the place's name (or nothing when a property is chosen); outside: where (東京都内 …). */
    place: optionalText(500),
    placePropertyId: nullableUuid,
    onlineUrl,
    capacity: wholeNumber(1, 'validation.capacityMin')
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    conditions: optionalText(1000),
    applicationOpensOn: optionalDate,
    applicationClosesOn: optionalDate,
    feeYen: wholeNumber(0, 'validation.notNegative')
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    feeNote: optionalText(500),
    organiser: optionalText(200),
    partners: optionalText(1000),
    description: optionalText(NOTE_MAX),
  })
  .superRefine((e, ctx) => {
    if (new Date(e.endsAt).getTime() < new Date(e.startsAt).getTime()) {
      ctx.addIssue({ code: 'custom', message: 'validation.endBeforeStart', path: ['endsAt'] });
    }
    if (e.applicationOpensOn && e.applicationClosesOn && e.applicationClosesOn < e.applicationOpensOn) {
      ctx.addIssue({ code: 'custom', message: 'validation.endBeforeStart', path: ['applicationClosesOn'] });
    }
    if (e.placeKind === 'online' && e.onlineUrl === null) {
      ctx.addIssue({ code: 'custom', message: 'validation.required', path: ['onlineUrl'] });
    }
    if (e.placeKind === 'outside' && e.place === null) {
      ctx.addIssue({ code: 'custom', message: 'validation.required', path: ['place'] });
    }
    if (e.placeKind === 'in_town' && e.place === null && e.placePropertyId === null) {
      ctx.addIssue({ code: 'custom', message: 'validation.required', path: ['place'] });
    }
    if (e.placeKind !== 'in_town' && e.placePropertyId !== null) {
      ctx.addIssue({ code: 'custom', message: 'validation.choice', path: ['placePropertyId'] });
    }
  });
export type EventInput = z.input<typeof eventInput>;
export type EventFields = z.output<typeof eventInput>;

export const EVENT_LIST_SCOPES = ['upcoming', 'past'] as const;
export const eventListInput = z
  .object({
    scope: z.enum(EVENT_LIST_SCOPES),
    /** The coordinator's now (an instant): upcoming = not ended yet. */
    now: isoDateTime,
    query: z.string().max(200).default(''),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

/** A month of the calendar, YYYY-MM (Japan time). */
export const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'validation.yearMonth');

const codeList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .array(z.enum(values, 'validation.choice'))
    .max(values.length)
    .default([])
    .transform((v) => [...new Set(v)].sort());

export const supporterInput = z
  .object({
    id: uuid.optional(),
    name: requiredText(200),
    nameKana: optionalKana,
    homePrefecture: optionalText(20),
    homeCity: optionalText(200),
    phone,
    email,
    connections: codeList(SUPPORTER_CONNECTIONS),
    /** What an 「その他」 connection is: required with 'other'; the core drops it without 'other'. */
    connectionOther: optionalText(100),
    firstConnectedOn: optionalDate,
    contactConsent: z.boolean().default(false),
    contactChannels: codeList(CONTACT_CHANNELS),
    note: optionalText(NOTE_MAX),
    /**
     * Save even though a likely duplicate exists (the person confirmed they are someone else). Without
     * it a likely duplicate refuses the save with SUPPORTER_LIKELY_DUPLICATE and writes nothing.
     */
    notADuplicate: z.boolean().default(false),
  })
  .superRefine((s, ctx) => {
    // Channels mean nothing without consent: never a list of ways to reach someone who said no.
    if (!s.contactConsent && s.contactChannels.length > 0) {
      ctx.addIssue({ code: 'custom', message: 'validation.consentNeeded', path: ['contactChannels'] });
    }
    if (s.connections.includes('other') && !s.connectionOther) {
      ctx.addIssue({ code: 'custom', message: 'validation.required', path: ['connectionOther'] });
    }
  });
export type SupporterInput = z.input<typeof supporterInput>;
export type SupporterFields = z.output<typeof supporterInput>;

export const supporterDuplicateInput = z
  .object({
    id: uuid.optional(),
    name: z.string().max(200).default(''),
    nameKana: z.string().max(200).nullable().optional(),
    phone: z.string().max(40).nullable().optional(),
    email: z.string().max(320).nullable().optional(),
  })
  .strict();

export const applicationInput = z
  .object({
    eventId: uuid,
    familyId: nullableUuid,
    /** Who of the family comes (at least one). */
    memberIds: z.array(uuid).max(30).default([]),
    supporterId: nullableUuid,
    /** Heads, the named people included; defaults to the named people. */
    headCount: wholeNumber(1, 'validation.headCountMin').optional(),
    /** When the event is full: put the application on the waiting list (default) or accept it over capacity. */
    whenFull: z.enum(['wait', 'accept']).default('wait'),
    /** Added at the door on the day (当日参加). */
    walkIn: z.boolean().default(false),
    note: optionalText(500),
  })
  .strict()
  .superRefine((a, ctx) => {
    if ((a.familyId === null) === (a.supporterId === null)) {
      ctx.addIssue({ code: 'custom', message: 'validation.familyOrSupporter', path: ['familyId'] });
    }
    if (a.familyId !== null && a.memberIds.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'validation.chooseMembers', path: ['memberIds'] });
    }
    if (a.supporterId !== null && a.memberIds.length > 0) {
      ctx.addIssue({ code: 'custom', message: 'validation.choice', path: ['memberIds'] });
    }
    const named = a.familyId !== null ? new Set(a.memberIds).size : 1;
    if (a.headCount !== undefined && a.headCount < named) {
      ctx.addIssue({ code: 'custom', message: 'validation.headCountBelowNamed', path: ['headCount'] });
    }
  });
export type ApplicationInput = z.input<typeof applicationInput>;
export type ApplicationFields = z.output<typeof applicationInput>;

export const applicationStatusInput = z
  .object({
    id: uuid,
    status: z.enum(APPLICATION_STATUSES, 'validation.choice'),
  })
  .strict();

/** A walk-in (当日参加) who is nobody on record yet: a new supporter, applied and marked in one go. */
export const walkInInput = z
  .object({
    eventId: uuid,
    name: requiredText(200),
    nameKana: optionalKana,
    headCount: wholeNumber(1, 'validation.headCountMin').default(1),
    /** The laptop's device id is taken by the core, never from the page. */
  })
  .strict();

export const PERSON_KINDS = ['member', 'supporter'] as const;
export const personRef = z
  .object({
    kind: z.enum(PERSON_KINDS),
    id: uuid,
  })
  .strict();

export const markInput = z
  .object({
    eventId: uuid,
    /** The people to mark (one tap on a family marks its applied members). */
    people: z.array(personRef).min(1).max(50),
    attended: z.boolean(),
  })
  .strict();

export const FOLLOW_UP_GROUPS = ['first_time', 'returning', 'consented'] as const;

export const figuresInput = z
  .object({
    /** 年度: April of this year to March of the next. */
    fiscalYear: z.number().int().min(2000).max(2100),
  })
  .strict();

export const dateRangeInput = z.object({ from: isoDate, to: isoDate }).strict();
