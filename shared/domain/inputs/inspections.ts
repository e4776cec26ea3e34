import { z } from 'zod';
import { DETERMINATIONS } from '../enums.ts';
import { COULD_NOT_CHECK } from '../inspection/template-schema.ts';
import { isoDate, keptUnlessGiven, NOTE_MAX, optionalDate, optionalText, uuid } from './fields.ts';

/**
 * An inspection (現地調査) on a tablet: started on a property, answered one item at a time (each answer
 * saved the moment it is given), finished (the score is stored), and later determined by the town.
 * Whether an item and a choice exist is checked by the service against the inspection's own template
 * version (shared/node/inspection-templates.ts), not here: the schema cannot know which version.
 */

/** A template, choice or item key: lower-case ASCII as in the template files. */
const templateKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'validation.choice')
  .max(60, 'validation.tooLong');

export const inspectionStart = z
  .object({
    propertyId: uuid,
    templateId: templateKey,
    /** Absent: the newest version in effect on the inspection day. */
    templateVersion: z.number().int().min(1).optional(),
    /** The town's rule set (id; version likewise optional), if the town uses one. */
    townRulesId: templateKey.nullable().optional(),
    townRulesVersion: z.number().int().min(1).optional(),
    inspectedOn: isoDate,
    weather: optionalText(100),
    /** Absent: the profile's display name (prefilled on the form). */
    surveyorName: optionalText(200),
    entryPermitted: z.boolean().default(false),
  })
  .strict();
export type InspectionStartInput = z.input<typeof inspectionStart>;

export const inspectionAnswer = z
  .object({
    inspectionId: uuid,
    itemKey: templateKey,
    /** A choice key of the item, 'could_not_check' (確認できず), or null to take the answer back. */
    choice: z.union([z.literal(COULD_NOT_CHECK), templateKey]).nullable(),
    /** Absent: the note stays as it was (tapping a grade must not wipe the note typed before). */
    note: keptUnlessGiven(NOTE_MAX),
  })
  .strict();
export type InspectionAnswerInput = z.input<typeof inspectionAnswer>;

export const inspectionFinish = z
  .object({
    inspectionId: uuid,
    recommendedAction: optionalText(NOTE_MAX),
    followUpOn: optionalDate,
  })
  .strict();
export type InspectionFinishInput = z.input<typeof inspectionFinish>;

/** The town's 判定, by a town administrator. */
export const inspectionDetermine = z
  .object({
    inspectionId: uuid,
    determination: z.enum(DETERMINATIONS, 'validation.choice'),
    determinedOn: isoDate,
    note: optionalText(NOTE_MAX),
  })
  .strict();
export type InspectionDetermineInput = z.input<typeof inspectionDetermine>;

export const inspectionRef = z.object({ inspectionId: uuid }).strict();
export const inspectionsOfProperty = z.object({ propertyId: uuid }).strict();

/** The checklists a new inspection can start with on `day`. */
export const inspectionChecklists = z.object({ day: isoDate }).strict();
