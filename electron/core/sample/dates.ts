/**
 * Calendar arithmetic on whole days. A `Day` is the number of days since 1970-01-01, so ranges and
 * differences are plain integer maths and nothing depends on the machine's time zone. Instants are
 * built from a day plus minutes of the Japanese clock (JST, UTC+9, no summer time) and stored as UTC.
 */

export type Day = number;

const DAY_MS = 86_400_000;
const JST_OFFSET_MS = 9 * 3_600_000;

export function parseDay(value: string): Day {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`not a YYYY-MM-DD date: ${value}`);
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new Error(`not a calendar date: ${value}`);
  }
  return ms / DAY_MS;
}

// Formatting is by far the most repeated date operation (a few hundred distinct days, 100k+ calls).
const formatted = new Map<Day, string>();

export function formatDay(day: Day): string {
  let s = formatted.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    formatted.set(day, s);
  }
  return s;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: Day): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function ymd(day: Day): { year: number; month: number; date: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate() };
}

export function dayOf(year: number, month: number, date: number): Day {
  return Date.UTC(year, month - 1, date) / DAY_MS;
}

/** The instant `minutes` after midnight JST on `day`, in ms since the epoch. */
export function jstMs(day: Day, minutes: number): number {
  return day * DAY_MS + minutes * 60_000 - JST_OFFSET_MS;
}

/** The JST calendar day an instant falls on. */
export function jstDay(ms: number): Day {
  return Math.floor((ms + JST_OFFSET_MS) / DAY_MS);
}

const isoChars: number[] = Array.from('0000-00-00T00:00:00.000Z', (c) => c.charCodeAt(0));
const ZERO = '0'.charCodeAt(0);

function putDigits(value: number, width: number, at: number): void {
  let v = value;
  for (let i = width - 1; i >= 0; i--) {
    isoChars[at + i] = ZERO + (v % 10);
    v = Math.floor(v / 10);
  }
}

/**
 * `new Date(ms).toISOString()` for whole-millisecond instants from 1970 to 9999. Hand-made because it
 * runs a few hundred thousand times for the large sample: Date formatting was the generator's
 * biggest cost, and a concatenated string would keep its fragments alive (see uuid7.ts).
 */
export function iso(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  const date = formatDay(day);
  for (let i = 0; i < 10; i++) isoChars[i] = date.charCodeAt(i);
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  putDigits(h, 2, 11);
  putDigits(m, 2, 14);
  putDigits(sec, 2, 17);
  putDigits(rest - sec * 1000, 3, 20);
  return String.fromCharCode(...isoChars);
}

/**
 * Japanese school/nursery grade on `day` for a child born on `birth`. The school year starts on 1 April
 * and, because the law counts a birthday as reached on the day before it, children born on 1 April are
 * grouped with the year above.
 */
export function gradeOn(birth: Day, day: Day): string | null {
  const b = ymd(birth);
  const cohort = b.month > 4 || (b.month === 4 && b.date >= 2) ? b.year : b.year - 1;
  const d = ymd(day);
  const schoolYear = d.month >= 4 ? d.year : d.year - 1;
  const k = schoolYear - cohort;
  if (k <= 0) return birth <= day ? '0歳児クラス' : null;
  if (k <= 3) return `${k - 1}歳児クラス`;
  if (k === 4) return '年少';
  if (k === 5) return '年中';
  if (k === 6) return '年長';
  if (k <= 12) return `小${k - 6}`;
  if (k <= 15) return `中${k - 12}`;
  return null;
}
