/**
 * Dates as Japanese office staff type them, to 'YYYY-MM-DD':
 *   2025-04-01, 2025/4/1, 2025.4.1, 2025年4月1日, 20250401
 *   令和7年4月1日, 令和元年5月1日, R7.4.1, R7/4/1, r7-4-1, H31.4.30, 平成31年4月30日, S56.5.31
 * in full- or half-width, with or without spaces. A 和暦 date outside its era (平成31年5月1日 is 令和元年)
 * is refused rather than silently moved, because it usually means a typing mistake.
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

export function parseJapaneseDate(input: string): JapaneseDateResult {
  const text = input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/元年/g, '1年')
    .replace(/日$/, '');
  if (text === '') return { ok: false, error: 'format' };

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
