import { z } from 'zod';
import { PROGRAMMES, STAY_STATUSES } from '../enums.ts';
import { isoDate, NOTE_MAX, optionalDate, optionalText, uuid } from './fields.ts';

/** A stay (滞在) and who stays. */

export const stayDatesOrdered = (
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
