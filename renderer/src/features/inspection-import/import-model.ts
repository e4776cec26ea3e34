import type { CaptureFacts } from '../../../../shared/domain/exif.ts';
import type { ApiError } from '../../lib/api.ts';

/**
 * The photos of one folder import and where each stands, as plain data and pure functions (the page
 * holds them in state; the test reads them the same way).
 */

export type ImportStatus =
  /** Picked, not imported yet. */
  | { kind: 'ready' }
  | { kind: 'uploading' }
  | { kind: 'done' }
  /** The same bytes are on this inspection already (or earlier in this import): skipped. */
  | { kind: 'duplicate' }
  /** Refused or failed, with the error (its stable code gives the sentence); re-runnable. */
  | { kind: 'failed'; error: ApiError };

export interface ImportPhoto {
  /** Local to this page: the same file picked twice is two entries until its bytes say otherwise. */
  id: string;
  file: File;
  /** An object URL of the file for its thumbnail; revoked when the photo leaves the page. */
  url: string;
  /** null: the file carries no capture time and no position (marked in the grid). */
  facts: CaptureFacts | null;
  itemKey: string | null;
  selected: boolean;
  status: ImportStatus;
}

/** Capture time first (oldest first, as the surveyor walked round), photos without one last, by name. */
export function byCaptureTime(a: ImportPhoto, b: ImportPhoto): number {
  const ta = a.facts?.takenAt ?? null;
  const tb = b.facts?.takenAt ?? null;
  if (ta !== null && tb !== null && ta !== tb) return ta < tb ? -1 : 1;
  if (ta === null && tb !== null) return 1;
  if (ta !== null && tb === null) return -1;
  return a.file.name.localeCompare(b.file.name, 'ja', { numeric: true });
}

/** Whether an import run should try this photo: a first run takes every one not done yet, a re-run the failed ones. */
export function toImport(photo: ImportPhoto, onlyFailed: boolean): boolean {
  return onlyFailed
    ? photo.status.kind === 'failed'
    : photo.status.kind === 'ready' || photo.status.kind === 'failed';
}

export interface ImportCounts {
  total: number;
  done: number;
  duplicate: number;
  failed: number;
  pending: number;
  withoutExif: number;
}

export function counts(photos: readonly ImportPhoto[]): ImportCounts {
  const c: ImportCounts = {
    total: photos.length,
    done: 0,
    duplicate: 0,
    failed: 0,
    pending: 0,
    withoutExif: 0,
  };
  for (const p of photos) {
    if (p.status.kind === 'done') c.done += 1;
    else if (p.status.kind === 'duplicate') c.duplicate += 1;
    else if (p.status.kind === 'failed') c.failed += 1;
    else c.pending += 1;
    if (p.facts === null) c.withoutExif += 1;
  }
  return c;
}

/** Photos that may still change (not imported, not skipped): their item can be set and they can be removed. */
export function editable(photo: ImportPhoto): boolean {
  return photo.status.kind === 'ready' || photo.status.kind === 'failed';
}

/** The hex SHA-256 of some bytes: the content hash the core names an attachment's original by. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Image files only: a folder picked whole also holds the camera's index files and the like. */
export function isImageFile(file: File): boolean {
  return file.type.startsWith('image/') || /\.(jpe?g|png|webp|heic|heif)$/i.test(file.name);
}
