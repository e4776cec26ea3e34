import { formatDateWithYear } from '../../lib/format.ts';

/** 東京都 世田谷区: what the register shows as where someone lives. */
export function homeText(s: { homePrefecture: string | null; homeCity: string | null }): string {
  return [s.homePrefecture, s.homeCity].filter(Boolean).join(' ');
}

/** The Japan date of an instant (events are planned in Japan time). */
export function japanDay(instant: string): string {
  return new Date(new Date(instant).getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

export function dateText(date: string | null, locale: string): string {
  return date ? formatDateWithYear(date, locale) : '';
}
