import { fiscalYear } from '../../../shared/domain/fiscal-year.ts';
import type { Ctx, Stamper } from './context.ts';
import { type Day, dayOf, formatDay, jstMs, parseDay, ymd } from './dates.ts';
import type { KpiCoefficientRow } from './rows.ts';

/**
 * The sample town's ripple coefficients: a first version from the start of the 年度 the timeline
 * begins in, and a revision taking effect on the first of a month half-way through the history (set
 * ten days before), so a report of an earlier period shows the earlier coefficients and a period
 * across the change shows both (docs/reports.md).
 */
export function generateCoefficients(ctx: Ctx, stamp: Stamper): KpiCoefficientRow[] {
  const start = parseDay(`${fiscalYear(formatDay(ctx.firstDay))}-04-01`);
  const middle = ymd(ctx.firstDay + Math.floor((ctx.today - ctx.firstDay) / 2));
  let change: Day = dayOf(middle.year, middle.month, 1);
  if (change <= start) change = dayOf(middle.year, middle.month + 1, 1);
  const version = (
    from: Day,
    setOn: Day,
    spend: number,
    multiplier: string,
    note: string,
  ): KpiCoefficientRow => {
    const at = jstMs(setOn, 10 * 60);
    return {
      id: stamp.id(at),
      municipality_id: ctx.municipalityId,
      effective_from: formatDay(from),
      spend_per_person_night_yen: spend,
      ripple_multiplier: multiplier,
      note,
      set_at: new Date(Math.min(at, ctx.nowMs)).toISOString(),
      ...stamp.audit(at),
    };
  };
  return [
    version(start, start - 10, 8000, '1.35', '県の観光消費額調査（宿泊客1人1泊あたり）と産業連関表の倍率'),
    version(change, change - 10, 9200, '1.42', '県の調査の改定値に更新'),
  ];
}
