/**
 * 年度: the Japanese fiscal year, 1 April to 31 March, named after the year it starts in (2026年度 runs
 * 2026-04-01 .. 2027-03-31). The grant reports per 年度, so the レポート screen and the exports label
 * periods with these helpers. Pure: dates are 'YYYY-MM-DD' text, no time zone involved.
 */

/** The 年度 a calendar date falls in: January to March belong to the previous year's 年度. */
export function fiscalYear(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`not a date: ${date}`);
  }
  return month >= 4 ? year : year - 1;
}

/** The first and last day of a 年度. */
export function fiscalYearRange(year: number): { from: string; to: string } {
  const y = String(year).padStart(4, '0');
  const next = String(year + 1).padStart(4, '0');
  return { from: `${y}-04-01`, to: `${next}-03-31` };
}

/** Whether [from, to] is exactly one 年度; that 年度, or null. */
export function fiscalYearOfPeriod(from: string, to: string): number | null {
  const year = fiscalYear(from);
  const range = fiscalYearRange(year);
  return range.from === from && range.to === to ? year : null;
}

/** '2026年度'. */
export function fiscalYearLabelWestern(year: number): string {
  return `${year}年度`;
}

/**
 * '令和8年度': the era and era year of the calendar year the 年度 starts in, read from the Japanese
 * calendar of Intl (ja-JP-u-ca-japanese). The era is the one in force at the end of that calendar year,
 * so 2019年度 is 令和元年度 (as the government wrote it once the era changed in May 2019), and the first
 * year of an era reads 元年.
 */
export function fiscalYearLabelJapanese(year: number): string {
  const date = new Date(Date.UTC(year, 11, 31, 3));
  const parts = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    timeZone: 'Asia/Tokyo',
  }).formatToParts(date);
  const era = parts.find((p) => p.type === 'era')?.value ?? '';
  const eraYear = parts.find((p) => p.type === 'year')?.value ?? '';
  const n = eraYear === '元' ? 1 : Number(eraYear);
  return `${era}${n === 1 ? '元' : String(n)}年度`;
}

/** Both labels of a 年度, for the screen's heading and the exports. */
export function fiscalYearLabels(year: number): { japanese: string; western: string; en: string } {
  return {
    japanese: fiscalYearLabelJapanese(year),
    western: fiscalYearLabelWestern(year),
    en: `FY${year}`,
  };
}
