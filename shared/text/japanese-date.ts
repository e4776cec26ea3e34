import { addDays } from '../domain/dates.ts';

/**
 * Dates as Japanese office staff type them, to 'YYYY-MM-DD':
 *   2025-04-01, 2025/4/1, 2025.4.1, 2025年4月1日, 20250401
 *   令和7年4月1日, 令和元年5月1日, R7.4.1, R7/4/1, r7-4-1, H31.4.30, 平成31年4月30日, S56.5.31
 * in full- or half-width, with or without spaces. A 和暦 date outside its era (平成31年5月1日 is 令和元年)
 * is refused rather than silently moved, because it usually means a typing mistake.
 *
 * Given today's date, also the quick forms of a busy day: 12/5, 12月5日 (the year nearest today:
 * in December, 1/5 is next January) and 今日・明日・明後日・昨日 (きょう, あした, あさって … too).
 */

interface Era {
  names: readonly string[];
  /** First day of the era. */
  start: string;
}

const ERAS: readonly Era[] = [
  { names: ['令和', 'r'], start: '2019-05-01' },
  { names: ['平成', 'h'], start: '1989-01-08' },
  { names: ['昭和', 's'], start: '1926-12-25' },
  { names: ['大正', 't'], start: '1912-07-30' },
  { names: ['明治', 'm'], start: '1868-10-23' },
];

export type JapaneseDateError = 'format' | 'invalid' | 'outsideEra';

export type JapaneseDateResult = { ok: true; date: string } | { ok: false; error: JapaneseDateError };

function isoOf(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1 || y > 9999) return null;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const check = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(check.getTime()) && check.toISOString().slice(0, 10) === iso ? iso : null;
}

/** Words for a day relative to today, as typed (after NFKC and lower-casing). */
const RELATIVE_DAYS: Readonly<Record<string, number>> = {
  今日: 0,
  本日: 0,
  きょう: 0,
  today: 0,
  明日: 1,
  あした: 1,
  あす: 1,
  tomorrow: 1,
  明後日: 2,
  あさって: 2,
  昨日: -1,
  きのう: -1,
  yesterday: -1,
  一昨日: -2,
  おととい: -2,
};

/**
 * `today` ('YYYY-MM-DD', the coordinator's calendar day) enables the forms without a year and the
 * relative words; without it only full dates are accepted.
 */
export function parseJapaneseDate(input: string, today?: string): JapaneseDateResult {
  const word = input.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const text = word.replace(/元年/g, '1年').replace(/日$/, '');
  if (text === '') return { ok: false, error: 'format' };

  if (today !== undefined) {
    const relative = RELATIVE_DAYS[word];
    if (relative !== undefined) return { ok: true, date: addDays(today, relative) };
    const monthDay = /^(\d{1,2})[-/.月](\d{1,2})$/.exec(text);
    if (monthDay) return finish(nearestYear(Number(monthDay[1]), Number(monthDay[2]), today));
  }

  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (compact) return finish(isoOf(Number(compact[1]), Number(compact[2]), Number(compact[3])));

  const western = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})$/.exec(text);
  if (western) return finish(isoOf(Number(western[1]), Number(western[2]), Number(western[3])));

  const wareki = /^(令和|平成|昭和|大正|明治|[rhstm])\.?(\d{1,2})[-/.年](\d{1,2})[-/.月](\d{1,2})$/.exec(
    text,
  );
  if (!wareki) return { ok: false, error: 'format' };
  const eraIndex = ERAS.findIndex((e) => e.names.includes(wareki[1] as string));
  const era = ERAS[eraIndex];
  if (!era) return { ok: false, error: 'format' };
  const year = Number(era.start.slice(0, 4)) + Number(wareki[2]) - 1;
  const iso = isoOf(year, Number(wareki[3]), Number(wareki[4]));
  if (!iso) return { ok: false, error: 'invalid' };
  const nextStart = ERAS[eraIndex - 1]?.start;
  if (iso < era.start || (nextStart !== undefined && iso >= nextStart))
    return { ok: false, error: 'outsideEra' };
  return { ok: true, date: iso };
}

/** The month and day in last, this or next year, whichever is nearest today (2/29 only where it exists). */
function nearestYear(month: number, day: number, today: string): string | null {
  const year = Number(today.slice(0, 4));
  const days = (iso: string) => Math.abs(Date.parse(iso) - Date.parse(today));
  const candidates = [year - 1, year, year + 1]
    .map((y) => isoOf(y, month, day))
    .filter((iso): iso is string => iso !== null);
  return candidates.reduce<string | null>(
    (best, iso) => (best === null || days(iso) < days(best) ? iso : best),
    null,
  );
}

function finish(iso: string | null): JapaneseDateResult {
  return iso ? { ok: true, date: iso } : { ok: false, error: 'invalid' };
}

/** 令和7年4月1日 for a 'YYYY-MM-DD' date (the era it falls in). */
export function toWareki(iso: string): string {
  const era = ERAS.find((e) => iso >= e.start);
  if (!era) return iso;
  const year = Number(iso.slice(0, 4)) - Number(era.start.slice(0, 4)) + 1;
  return `${era.names[0]}${year === 1 ? '元' : year}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

/**
 * Examples for the hints, taken from today so they never look stale: 12/5, 2026/12/5, R8.12.5,
 * 令和8年12月5日 (for 2026-12-05).
 */
export function dateExamples(today: string): {
  dateShort: string;
  dateWestern: string;
  dateEra: string;
  dateWareki: string;
} {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const wareki = toWareki(today);
  const eraYear = /^令和(元|\d+)年/.exec(wareki)?.[1];
  return {
    dateShort: `${m}/${d}`,
    dateWestern: `${y}/${m}/${d}`,
    dateEra: eraYear ? `R${eraYear === '元' ? 1 : eraYear}.${m}.${d}` : `${y}.${m}.${d}`,
    dateWareki: wareki,
  };
}
