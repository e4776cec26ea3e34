/** Calendar arithmetic on 'YYYY-MM-DD' strings, free of time zones (a stay's nights are calendar days). */

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole years completed on `on` (the Japanese 満年齢). */
export function ageOn(birthDate: string, on: string): number {
  // 'MM-DD' compares as text, so no parsing beyond the years (this runs for every child on the board).
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The local calendar date of an instant in Japan (UTC+9, no daylight saving). */
export function japanDate(instant: Date): string {
  return new Date(instant.getTime() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

/**
 * The calendar dates the app accepts, on the laptop's forms and in the server's sync validation alike.
 * From 1868-01-01, the Gregorian year in which 明治 began (明治元年 spans 1868-01-25 to 1869-02-10, so
 * the whole of it is inside), to 2100-12-31: nobody the programmes serve was born earlier, and a date
 * later than that is a typing slip. The bounds also keep every stored date one that PostgreSQL, the
 * KPI functions and JavaScript read the same way (JavaScript has a year 0; PostgreSQL does not).
 */
export const FIRST_SUPPORTED_DATE = '1868-01-01';
export const LAST_SUPPORTED_DATE = '2100-12-31';

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/** True for 'YYYY-MM-DD' text naming a day that exists (no 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!DATE_TEXT.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Why a date is refused ('not_a_date' or 'out_of_range'), or null when the app accepts it. */
export function dateFault(value: string): 'not_a_date' | 'out_of_range' | null {
  if (!isCalendarDate(value)) return 'not_a_date';
  // Fixed-width text compares in calendar order.
  return value < FIRST_SUPPORTED_DATE || value > LAST_SUPPORTED_DATE ? 'out_of_range' : null;
}
