import type { T } from '../../i18n/use-t.ts';

/**
 * Japanese number formatting for the report: digits grouped by thousands (1,234人泊), yen in 千円 for
 * the headline (as the grant's KPI table writes it) with the exact yen beside it.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();

function nf(locale: string, digits = 0): Intl.NumberFormat {
  const key = `${locale}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
      maximumFractionDigits: digits,
      minimumFractionDigits: 0,
    });
    numberFormats.set(key, f);
  }
  return f;
}

export const formatNumber = (n: number, locale: string, digits = 0) => nf(locale, digits).format(n);

export type FigureUnit = 'people' | 'personNights' | 'nights' | 'yen' | 'thousandYen' | 'stays' | 'events';

/** A figure with its unit: 1,234人泊, 12,345千円. 千円 rounds half up to whole thousands. */
export function formatFigure(t: T, n: number, unit: FigureUnit, locale: string): string {
  const value = unit === 'thousandYen' ? formatNumber(Math.round(n / 1000), locale) : formatNumber(n, locale);
  return t(`reports:unit.${unit}`, { value });
}

/** The multiplier as written: 1.5, 1.25. */
export const formatMultiplier = (n: number, locale: string) => formatNumber(n, locale, 4);
