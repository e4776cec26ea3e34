import { z } from 'zod';
import { ATTENDANCE_STATUSES, EVENT_KINDS } from '../enums.ts';
import { isoDateTime, NOTE_MAX, optionalText, requiredText, uuid } from './fields.ts';

/** An event (イベント) and attendance. */

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
