import { z } from 'zod';
import { FACILITY_VALUES } from '../akiya/listing.ts';
import { JAPAN_BOUNDS } from '../akiya/position.ts';
import { FIRST_BUILD_YEAR } from '../akiya/seismic.ts';
import {
  BUILDING_TYPES,
  BUILDING_USES,
  CONSENT_PURPOSES,
  CONSENT_SCOPES,
  DEAL_TYPES,
  INHERITANCE_STATES,
  OUTBUILDINGS,
  OWNER_INTENTS,
  PROPERTY_STATUSES,
  REPAIR_NEEDS,
  STRUCTURES,
  VACANCY_LIKELIHOODS,
} from '../enums.ts';
import { isoDate, NOTE_MAX, optionalDate, optionalKana, optionalText, phone, uuid } from './fields.ts';

/**
 * A property (物件) of the akiya inventory, an owner's consent (同意) and a status change. What each
 * field means, and why, is in docs/akiya.md.
 */

const optional = <T extends z.ZodType>(schema: T) =>
  schema
    .nullable()
    .optional()
    .transform((v) => v ?? null);

const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  optional(z.enum(values, 'validation.choice'));

const money = optional(
  z
    .number('validation.number')
    .int('validation.wholeNumber')
    .min(0, 'validation.notNegative')
    .max(10_000_000_000, 'validation.tooLarge'),
);
const area = (max: number) =>
  optional(z.number('validation.number').min(0, 'validation.notNegative').max(max, 'validation.tooLarge'));

export const propertyFields = z.object({
  /** 整理番号: unique per town among live properties (checked by the service). */
  refNumber: optionalText(50),
  /** 住居表示 (e.g. 与論町茶花1番地1). Empty when only the 地番 is known; one of the two is required. */
  address: optionalText(500),
  /** 地番 (e.g. 大字茶花字東区1234番1). */
  lotNumber: optionalText(100),
  district: optionalText(100),
  mapNumber: optionalText(100),
  latitude: optional(
    z
      .number('validation.number')
      .min(JAPAN_BOUNDS.south, 'validation.latitudeJapan')
      .max(JAPAN_BOUNDS.north, 'validation.latitudeJapan'),
  ),
  longitude: optional(
    z
      .number('validation.number')
      .min(JAPAN_BOUNDS.west, 'validation.longitudeJapan')
      .max(JAPAN_BOUNDS.east, 'validation.longitudeJapan'),
  ),
  buildingUse: choice(BUILDING_USES),
  buildingType: choice(BUILDING_TYPES),
  structure: choice(STRUCTURES),
  floors: optional(
    z
      .number('validation.number')
      .int('validation.wholeNumber')
      .min(1, 'validation.floors')
      .max(10, 'validation.floors'),
  ),
  /** 建築年 in 西暦 (the form also takes 和暦). Not in the future: the service checks against its clock. */
  yearBuilt: optional(
    z
      .number('validation.number')
      .int('validation.wholeNumber')
      .min(FIRST_BUILD_YEAR, 'validation.yearBeforeMeiji')
      .max(2100, 'validation.yearFuture'),
  ),
  /** 建築確認日: before 1981-06-01 means 旧耐震. */
  permitDate: optionalDate,
  /** 空き家となった時期: 'YYYY' or 'YYYY-MM'. */
  vacantSince: optional(z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'validation.yearMonth')),
  outbuildings: z.array(z.enum(OUTBUILDINGS, 'validation.choice')).max(OUTBUILDINGS.length).default([]),
  roadAccess: optionalText(500),
  floorAreaM2: area(100_000),
  landAreaM2: area(10_000_000),
  vacancyLikelihood: choice(VACANCY_LIKELIHOODS),
  intendedUse: optionalText(100),
  notes: optionalText(NOTE_MAX),
  // 空き家バンク listing.
  dealType: choice(DEAL_TYPES),
  priceYen: money,
  rentYen: money,
  layout: optionalText(50),
  facilities: z
    .object({
      water: choice(FACILITY_VALUES.water),
      sewage: choice(FACILITY_VALUES.sewage),
      gas: choice(FACILITY_VALUES.gas),
      internet: choice(FACILITY_VALUES.internet),
    })
    .partial()
    .strict()
    .default({}),
  parking: optionalText(200),
  hazard: optionalText(500),
  withFarmland: z.boolean().default(false),
  withShop: z.boolean().default(false),
  repairs: choice(REPAIR_NEEDS),
  furnitureLeft: z.boolean().default(false),
  nearby: optionalText(1000),
  surroundings: optionalText(1000),
});

/**
 * The owner (所有者): sensitive, written only by roles that may see it (docs/akiya.md), and sent
 * apart from the rest so a surveyor's save never touches it.
 */
export const ownerFields = z.object({
  ownerName: optionalText(200),
  ownerNameKana: optionalKana,
  ownerAddress: optionalText(500),
  ownerPhone: phone,
  ownerContact: optionalText(500),
  inheritance: choice(INHERITANCE_STATES),
  ownerIntent: choice(OWNER_INTENTS),
});

export const addressOrLot = (
  p: { address: string | null; lotNumber: string | null },
  ctx: z.RefinementCtx,
) => {
  if (!p.address && !p.lotNumber) {
    ctx.addIssue({ code: 'custom', message: 'validation.addressOrLot', path: ['address'] });
  }
};

/** Create (no id) or edit (id) a property; `owner` is present only when the owner's fields were edited. */
export const propertySave = propertyFields
  .extend({ id: uuid.optional(), owner: ownerFields.optional() })
  .strict()
  .superRefine(addressOrLot);
export type PropertySave = z.output<typeof propertySave>;
export type PropertySaveInput = z.input<typeof propertySave>;
export type PropertyFields = z.output<typeof propertyFields>;
export type OwnerFields = z.output<typeof ownerFields>;

/** Moves a property along the pipeline (候補 → … → 成約 / 除却). */
export const propertyStatusChange = z
  .object({
    propertyId: uuid,
    toStatus: z.enum(PROPERTY_STATUSES, 'validation.choice'),
    changedOn: isoDate,
    note: optionalText(NOTE_MAX),
  })
  .strict();
export type PropertyStatusChangeInput = z.output<typeof propertyStatusChange>;

const consentDatesOrdered = (
  c: { givenOn: string; expiresOn: string | null; withdrawnOn?: string | null },
  ctx: z.RefinementCtx,
) => {
  if (c.expiresOn && c.expiresOn < c.givenOn) {
    ctx.addIssue({ code: 'custom', message: 'validation.consentExpiresBeforeStart', path: ['expiresOn'] });
  }
  if (c.withdrawnOn && c.withdrawnOn < c.givenOn) {
    ctx.addIssue({
      code: 'custom',
      message: 'validation.consentWithdrawnBeforeStart',
      path: ['withdrawnOn'],
    });
  }
};

/** An owner's consent (同意), new (no id) or corrected (id). Withdrawal is its own operation. */
export const consentSave = z
  .object({
    id: uuid.optional(),
    propertyId: uuid,
    purpose: z.enum(CONSENT_PURPOSES, 'validation.choice'),
    recipient: z.string().trim().min(1, 'validation.required').max(200, 'validation.tooLong'),
    scope: z
      .array(z.enum(CONSENT_SCOPES, 'validation.choice'))
      .min(1, 'validation.consentScope')
      .max(CONSENT_SCOPES.length),
    givenOn: isoDate,
    expiresOn: optionalDate,
    notes: optionalText(NOTE_MAX),
  })
  .strict()
  .superRefine(consentDatesOrdered);
export type ConsentSave = z.output<typeof consentSave>;

export const consentWithdraw = z.object({ id: uuid, withdrawnOn: isoDate }).strict();
export type ConsentWithdraw = z.output<typeof consentWithdraw>;
