import type { SyncStatusView } from '../../../../shared/ipc/views.ts';
import type { T } from '../../i18n/use-t.ts';

/** Times, sizes and codes of the sync screens, in the user's language and in Japan time. */

const absolute = new Map<string, Intl.DateTimeFormat>();

/** 2026/3/3(火) 14:05, in Japan time whatever the computer's time zone. */
export function formatInstant(iso: string, locale: string): string {
  const key = locale === 'ja' ? 'ja-JP' : 'en-GB';
  let f = absolute.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(key, {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    absolute.set(key, f);
  }
  return f.format(new Date(iso));
}

/** 「たった今」「3分前」「2時間前」「5日前」. */
export function formatAgo(t: T, iso: string, now: number): string {
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return t('sync:time.justNow');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('sync:time.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('sync:time.hours', { count: hours });
  return t('sync:time.days', { count: Math.floor(hours / 24) });
}

/** 「2026/3/3(火) 14:05（3分前）」 */
export function formatInstantWithAgo(t: T, iso: string, locale: string, now: number): string {
  return t('sync:time.withAgo', { at: formatInstant(iso, locale), ago: formatAgo(t, iso, now) });
}

export function formatBytes(bytes: number, locale: string): string {
  const n = new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${n.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${n.format(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${n.format(bytes / (1024 * 1024))} MB`;
  return `${n.format(bytes / (1024 * 1024 * 1024))} GB`;
}

/** A sync error code (from a run, or the last error) in plain words; an unknown code is named. */
export function syncErrorText(t: T, code: string): string {
  return t(`sync:errors.${code}`, { defaultValue: t('sync:errors.unknown', { code }) });
}

/** Why the server set an operation aside. */
export function reasonText(t: T, code: string | null): string {
  const c = code ?? 'QUARANTINED';
  return t(`sync:reasons.${c}`, { defaultValue: t('sync:reasons.unknown', { code: c }) });
}

export function tableText(t: T, table: string): string {
  return t(`sync:tables.${table}`, { defaultValue: table });
}

/** The column's name as the families workspace shows it; unknown columns show as stored. */
export function columnText(t: T, table: string, column: string): string {
  if (column === 'deleted_at') return t('sync:conflicts.record');
  return t(`families:history.columns.${table}.${column}`, {
    defaultValue: t(`families:history.columns.common.${column}`, { defaultValue: column }),
  });
}

/** What the indicator says, and how serious it is (the class only adds colour to the words). */
export type IndicatorTone = 'ok' | 'busy' | 'pending' | 'warn' | 'bad' | 'off';

export interface IndicatorState {
  tone: IndicatorTone;
  /** The state in words: 同期済み, オフライン, 未送信 3件 … */
  main: string;
  /** What waits to go up, when the state is something else (オフライン・未送信 1件). */
  extra: string | null;
  /** When the last sync succeeded, relative (3分前); not announced as it ticks. */
  ago: string | null;
}

export function indicatorState(t: T, s: SyncStatusView, now: number): IndicatorState {
  const waiting = s.waiting > 0 ? t('sync:indicator.waiting', { count: s.waiting }) : null;
  const last = s.lastSuccessAt
    ? t('sync:indicator.lastSync', { ago: formatAgo(t, s.lastSuccessAt, now) })
    : t('sync:indicator.neverSynced');
  const state = (tone: IndicatorTone, main: string, ago: string | null = null): IndicatorState => ({
    tone,
    main,
    extra: main === waiting ? null : waiting,
    ago,
  });
  switch (s.phase) {
    case 'not_enrolled':
      // Nothing waits to be sent from a laptop that has nowhere to send it: no 未送信 count here.
      return { tone: 'off', main: t('sync:indicator.not_enrolled'), extra: null, ago: null };
    case 'syncing':
      return state('busy', t('sync:indicator.syncing'));
    case 'offline':
      return state('warn', t('sync:indicator.offline'), last);
    case 'error':
      return state('bad', t('sync:indicator.error'), last);
    case 'update_required':
    case 'revoked':
    case 'clock_skew':
      return state('bad', t(`sync:indicator.${s.phase}`));
    default:
      if (s.clockWarning) return state('warn', t('sync:indicator.clock_skew'), last);
      if (waiting) return state('pending', waiting, last);
      return state(
        s.openConflicts > 0 ? 'warn' : 'ok',
        t('sync:indicator.synced'),
        s.lastSuccessAt ? formatAgo(t, s.lastSuccessAt, now) : null,
      );
  }
}
