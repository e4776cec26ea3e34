/**
 * Display formats Japanese office staff expect: 2026年11月22日（日）, with the 和暦 available beside it.
 * Dates are calendar dates ('YYYY-MM-DD') and are formatted in UTC so no time zone can shift them.
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options });
    cache.set(key, f);
  }
  return f;
}

function asDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function formatDateLong(date: string, locale: string): string {
  return formatter(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
  }).format(asDate(date));
}

/** 令和8年11月22日 */
export function formatWareki(date: string): string {
  return formatter('ja-JP-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(asDate(date));
}

export function formatDateShort(date: string, locale: string): string {
  return formatter(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
  }).format(asDate(date));
}

export function formatTime(instant: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(instant));
}

/** 2026/3/3(火): for lists, where a date may be in another year. */
export function formatDateWithYear(date: string, locale: string): string {
  return formatter(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
  }).format(asDate(date));
}
