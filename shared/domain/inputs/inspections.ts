import { z } from 'zod';
import { INSPECTION_GRADES } from '../enums.ts';
import { isoDate, optionalDate, optionalText, requiredText, uuid } from './fields.ts';

/** An inspection (現地調査) and its answers. */

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
