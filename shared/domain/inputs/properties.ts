import { z } from 'zod';
import { PROPERTY_STATUSES, STRUCTURES } from '../enums.ts';
import { NOTE_MAX, optionalDate, optionalText, requiredText } from './fields.ts';

/** A property (物件). */

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
