import { z } from 'zod';
import { CHECKIN_KINDS, CONDITIONS } from '../enums.ts';
import { isoDate, NOTE_MAX, optionalDate, optionalText, uuid } from './fields.ts';

/** A check-in (日々の記録). */

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
