import { z } from 'zod';
import { PROGRAMMES } from '../enums.ts';
import { isoDate, optionalText } from './fields.ts';

/**
 * Inputs of the レポート screen (docs/reports.md). A period is two calendar dates, both included, at
 * most five years apart (the same bound as the server's GET /v1/kpi).
 */

export const KPI_MAX_SPAN_YEARS = 5;

/** The figures a drill-down can open: the totals of `reports.figures`. */
export const DRILLDOWN_FIGURES = [
  'relationship_population',
  'nights',
  'person_nights',
  'ripple_yen',
  'repeaters',
  'arrivals',
  'stays_without_members',
] as const;
export type DrilldownFigure = (typeof DRILLDOWN_FIGURES)[number];

/** The period is shorter than the longest allowed. */
function spanFault(v: { from: string; to: string }): boolean {
  if (v.to < v.from) return false;
  const limit = `${String(Number(v.from.slice(0, 4)) + KPI_MAX_SPAN_YEARS).padStart(4, '0')}${v.from.slice(4)}`;
  return v.to < limit;
}

const periodShape = { from: isoDate, to: isoDate };

function checkPeriod(v: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (v.to < v.from) ctx.addIssue({ code: 'custom', message: 'validation.periodOrder', path: ['to'] });
  else if (!spanFault(v)) ctx.addIssue({ code: 'custom', message: 'validation.periodTooLong', path: ['to'] });
}

export const reportFiguresInput = z
  .object({
    ...periodShape,
    /** Only this programme's stays (a person's first stay is still their first of any programme). */
    programme: z.enum(PROGRAMMES, 'validation.choice').optional(),
  })
  .strict()
  .superRefine(checkPeriod);

export const drilldownInput = z
  .object({
    ...periodShape,
    figure: z.enum(DRILLDOWN_FIGURES, 'validation.choice'),
    /** Narrow to one month of the period, YYYY-MM. */
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'validation.yearMonth')
      .optional(),
    programme: z.enum(PROGRAMMES, 'validation.choice').optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict()
  .superRefine(checkPeriod);

export const dataQualityInput = z.object(periodShape).strict().superRefine(checkPeriod);

/**
 * A ripple multiplier as exact decimal text: up to three whole digits and up to four decimals
 * ('1.35', '2', '0.8'). Stored and computed as text and integers, never as a float.
 */
export const RIPPLE_MULTIPLIER_PATTERN = /^(0|[1-9]\d{0,2})(\.\d{1,4})?$/;
export const MAX_SPEND_PER_PERSON_NIGHT_YEN = 10_000_000;

export const setCoefficientsInput = z
  .object({
    /** The first night these coefficients apply to; they hold until the next version's date. */
    effectiveFrom: isoDate,
    spendPerPersonNightYen: z
      .number('validation.number')
      .int('validation.wholeNumber')
      .min(0, 'validation.notNegative')
      .max(MAX_SPEND_PER_PERSON_NIGHT_YEN, 'validation.tooLarge'),
    rippleMultiplier: z
      .string()
      .regex(RIPPLE_MULTIPLIER_PATTERN, 'validation.rippleMultiplier')
      .refine((v) => /[1-9]/.test(v), 'validation.rippleMultiplier'),
    note: optionalText(500),
  })
  .strict();
