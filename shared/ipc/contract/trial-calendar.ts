import { z } from 'zod';
import type { TrialCalendarMonth } from '../views/trial-calendar.ts';
import { channel } from './define.ts';

/** A calendar month, YYYY-MM (years the app's dates accept). */
export const calendarMonth = z.string().regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, 'validation.invalid');

/** The お試し住宅 calendar: one month of trial houses and the stays lodged in them. */
export const trialCalendarChannels = {
  'trialCalendar.month': channel<TrialCalendarMonth>()(z.object({ month: calendarMonth }).strict()),
} as const;
