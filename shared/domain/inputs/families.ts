import { z } from 'zod';
import { RELATIONS } from '../enums.ts';
import {
  email,
  keptUnlessGiven,
  NOTE_MAX,
  optionalDate,
  optionalText,
  phone,
  postalCode,
  requiredKana,
  requiredText,
  uuid,
} from './fields.ts';

/** A family and its members (家族, 家族構成). */

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
