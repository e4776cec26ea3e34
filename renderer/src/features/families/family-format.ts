import { japanDate } from '../../../../shared/domain/dates.ts';

// Who may read a child's notes is one rule, shared with the core (which enforces it).
export { canSeeSensitive } from '../../../../shared/domain/permissions.ts';

/** 〒891-5301 for a stored '8915301'. */
export function formatPostalCode(code: string): string {
  return /^\d{7}$/.test(code) ? `〒${code.slice(0, 3)}-${code.slice(3)}` : code;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** 2020年4月1日 / 1 Apr 2020: a calendar date where the weekday means nothing (birth dates). */
export function formatDay(date: string, locale: string): string {
  let f = dayFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
      timeZone: 'UTC',
      year: 'numeric',
      month: locale === 'ja' ? 'long' : 'short',
      day: 'numeric',
    });
    dayFormats.set(locale, f);
  }
  return f.format(new Date(`${date}T00:00:00Z`));
}

/** Today's date in Japan, where the families are (the laptop's zone may be anything). */
export function todayInJapan(): string {
  return japanDate(new Date());
}
