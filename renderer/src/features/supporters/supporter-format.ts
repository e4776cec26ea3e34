import type { SupporterConnection } from '../../../../shared/domain/enums.ts';
import type { T } from '../../i18n/use-t.ts';
import { formatDateWithYear } from '../../lib/format.ts';

/** A kind of connection as the register shows it: 「その他」 with its own text when there is one. */
export function connectionText(t: T, c: SupporterConnection, other: string | null): string {
  return c === 'other' && other
    ? t('supporters:connection.otherWith', { text: other })
    : t(`supporters:connection.${c}`);
}

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
