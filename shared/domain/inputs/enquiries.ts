import { z } from 'zod';
import { ENQUIRY_CHANNELS, ENQUIRY_OUTCOMES } from '../enums.ts';
import { familyInput, memberInput } from './families.ts';
import {
  email,
  isoDate,
  optionalDate,
  optionalKana,
  optionalText,
  phone,
  requiredText,
  uuid,
} from './fields.ts';
import { stayDatesOrdered, stayFields } from './stays.ts';

/** An enquiry (問い合わせ), and turning it into a family. */

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
