/**
 * 旧耐震: a building whose 建築確認 (permit) came before 1981-06-01, when the new seismic standard
 * (新耐震基準) took effect, i.e. 昭和56年5月31日 or earlier. The permit date decides it; without one, the
 * build year decides it except in 1981 itself, when the house may fall either side: "unknown".
 */
export const NEW_STANDARD_FROM = '1981-06-01';

/** The first year the form accepts (明治元年); an earlier year is a typing mistake. */
export const FIRST_BUILD_YEAR = 1868;

export type SeismicStandard = 'old' | 'new' | 'unknown';

export function seismicStandard(p: { permitDate: string | null; yearBuilt: number | null }): SeismicStandard {
  if (p.permitDate) return p.permitDate < NEW_STANDARD_FROM ? 'old' : 'new';
  if (p.yearBuilt === null) return 'unknown';
  if (p.yearBuilt < 1981) return 'old';
  if (p.yearBuilt > 1981) return 'new';
  return 'unknown';
}
