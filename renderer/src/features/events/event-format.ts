import type { EventSummary } from '../../../../shared/ipc/views/community-events.ts';
import type { T } from '../../i18n/use-t.ts';
import { formatDateWithYear, formatTime } from '../../lib/format.ts';

/** Whole days between two calendar dates (both 'YYYY-MM-DD'). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The event's kind as shown: the named kind, or what an 'other' event is (サポーターの集い). */
export function kindText(t: T, e: Pick<EventSummary, 'kind' | 'kindLabel'>): string {
  return e.kind === 'other' && e.kindLabel ? e.kindLabel : t(`events:kind.${e.kind}`);
}

/**
 * 2026/12/19(土) 10:00–16:00 for one day; 2026/12/19(土)〜12/20(日) 1泊2日 for several (Japan dates of
 * the start and the end, as the core gives them).
 */
export function datesText(t: T, e: EventSummary, lang: string): string {
  const start = formatDateWithYear(e.startsOn, lang);
  if (e.startsOn === e.endsOn)
    return `${start} ${formatTime(e.startsAt, lang)}–${formatTime(e.endsAt, lang)}`;
  const nights = daysBetween(e.startsOn, e.endsOn);
  return `${start}〜${formatDateWithYear(e.endsOn, lang)} ${t('events:days', { nights, days: nights + 1 })}`;
}

/** 8／10人, 8人 without a capacity. */
export function appliedText(t: T, e: EventSummary): string {
  return e.capacity === null
    ? t('events:appliedOnly', { applied: e.counts.appliedHeads })
    : t('events:appliedOf', { applied: e.counts.appliedHeads, capacity: e.capacity });
}

export const isFull = (e: EventSummary) => e.capacity !== null && e.counts.appliedHeads >= e.capacity;

/** An instant from a Japan date and a time of day (HH:MM). */
export function japanInstant(date: string, time: string): string {
  return new Date(`${date}T${time || '00:00'}:00+09:00`).toISOString();
}

/** The Japan time of day (HH:MM) of an instant. */
export function japanTime(instant: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Tokyo',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
}
