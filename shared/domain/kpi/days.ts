import { FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE } from '../dates.ts';

/**
 * Calendar dates as day numbers (days since 1970-01-01), so the KPI engine walks nights with integer
 * arithmetic. `kpiDay` reads a stored date the way the server's kpi_date() does: anything that is not a
 * day the app supports gives null, and the stay is left out of the figures rather than failing them.
 */

const MS_PER_DAY = 86_400_000;
const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function dayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY
  );
}

export function dayDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function kpiDay(text: string | null | undefined): number | null {
  if (typeof text !== 'string' || !DATE_RE.test(text)) return null;
  if (text < FIRST_SUPPORTED_DATE || text > LAST_SUPPORTED_DATE) return null;
  const day = dayNumber(text);
  return dayDate(day) === text ? day : null;
}

/** Every month [from, to] touches, 'YYYY-MM', in order. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    months.push(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}
