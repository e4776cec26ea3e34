import { japanDate } from '../../../../shared/domain/dates.ts';
import type {
  AttachmentItemView,
  AttachmentProgressView,
  BlobUploadView,
} from '../../../../shared/ipc/views.ts';
import { textFault } from '../../../../shared/text/valid-text.ts';
import type { T } from '../../i18n/use-t.ts';
import { formatDateLong, formatTime } from '../../lib/format.ts';

/** Texts and states of the 写真・添付 screens, in the user's language and in Japan time. */

/** 「2026年4月5日(日) 14:30」: the office way, in Japan time whatever the computer's zone. */
export function formatMoment(iso: string, locale: string): string {
  return `${formatDateLong(japanDate(new Date(iso)), locale)} ${formatTime(iso, locale)}`;
}

/** 「北緯27.0342° 東経128.4250°」 (four decimals: about 10 m, as precise as a phone's fix). */
export function formatPosition(t: T, latitude: number, longitude: number): string {
  const fixed = (n: number) => Math.abs(n).toFixed(4);
  // Every town of the consortium is north and east; anything else is named plainly with its sign.
  if (latitude >= 0 && longitude >= 0) {
    return t('attachments:viewer.latLon', { lat: fixed(latitude), lon: fixed(longitude) });
  }
  return t('attachments:viewer.latLonSigned', { lat: latitude.toFixed(4), lon: longitude.toFixed(4) });
}

/** Types Chromium draws itself; a HEIC without a preview is not one of them. */
const DRAWABLE = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** Whether the page can show it as a picture (its preview, or an original Chromium can draw). */
export function isImage(item: AttachmentItemView): boolean {
  return item.hasPreview || DRAWABLE.has(item.mimeType);
}

/** A blob's upload as listed, brought up to date by the latest progress event for it, if any. */
export function liveUpload(
  listed: BlobUploadView | null,
  sha256: string | null,
  live: ReadonlyMap<string, AttachmentProgressView>,
): BlobUploadView | null {
  if (!listed || !sha256) return listed;
  const event = live.get(sha256);
  // A held original is not sent, whatever an older event said; a listed 'done' never goes back.
  if (!event || listed.state === 'held' || listed.state === 'done') return listed;
  return {
    state: event.state,
    bytesSent: event.state === 'done' ? event.bytesTotal : event.bytesSent,
    bytesTotal: event.bytesTotal,
    errorCode: event.error,
  };
}

export type TileStatus =
  | { kind: 'waiting' | 'sent' | 'held' | 'heldWaiting' | 'failed' | 'notFetched' | 'here' | 'localOnly' }
  | { kind: 'sendingPreview' | 'sendingOriginal'; percent: number };

/**
 * Where a tile's bytes stand. For this laptop's own photo: its two uploads (preview first, then the
 * original), for a colleague's: whether the bytes are here. The percentage counts the bytes of both
 * uploads, a held original's included.
 */
export function tileStatus(
  item: AttachmentItemView,
  preview: BlobUploadView | null,
  original: BlobUploadView | null,
): { status: TileStatus; percent: number | null } {
  if (!original) {
    return { status: { kind: item.displayHere ? 'here' : 'notFetched' }, percent: null };
  }
  // Every byte counts, a held original's too: a full bar beside 「元画像は保留中」 would say "done".
  const parts = [preview, original].filter((p): p is BlobUploadView => p !== null);
  const total = parts.reduce((s, p) => s + p.bytesTotal, 0);
  const sent = parts.reduce((s, p) => s + Math.min(p.bytesSent, p.bytesTotal), 0);
  const percent = total === 0 ? 100 : Math.floor((sent / total) * 100);
  if (preview?.state === 'uploading') return { status: { kind: 'sendingPreview', percent }, percent };
  if (original.state === 'uploading') return { status: { kind: 'sendingOriginal', percent }, percent };
  if (preview?.state === 'failed' || original.state === 'failed')
    return { status: { kind: 'failed' }, percent };
  if (original.state === 'held') {
    const previewSent = !preview || preview.state === 'done';
    return { status: { kind: previewSent ? 'held' : 'heldWaiting' }, percent };
  }
  if (original.state === 'done' && (!preview || preview.state === 'done')) {
    return { status: { kind: 'sent' }, percent: 100 };
  }
  return { status: { kind: 'waiting' }, percent };
}

export function tileStatusText(t: T, status: TileStatus): string {
  if (status.kind === 'sendingPreview' || status.kind === 'sendingOriginal') {
    return t(`attachments:status.${status.kind}`, { percent: status.percent });
  }
  return t(`attachments:status.${status.kind}`);
}

/** An upload error code in plain words. */
export function uploadErrorText(t: T, code: string): string {
  return t(`attachments:errors.${code}`, {
    defaultValue: t(`sync:errors.${code}`, { defaultValue: t('attachments:errors.unknown', { code }) }),
  });
}

/**
 * The name to keep with the file (at most 255 characters; the core refuses longer): a name a browser
 * hands over that is no storable text is dropped rather than the file refused.
 */
export function keptFileName(name: string): string | null {
  const kept = Array.from(name.trim()).slice(0, 255).join('');
  return kept !== '' && textFault(kept) === null ? kept : null;
}
