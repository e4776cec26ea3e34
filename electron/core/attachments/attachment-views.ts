import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { AttachmentOwnerTable } from '../../../shared/domain/attachments.ts';
import type {
  AttachmentItemView,
  BlobUploadView,
  UploadQueueItemView,
  UploadQueueView,
} from '../../../shared/ipc/views.ts';
import { readSetting, writeSetting } from '../db/settings.ts';
import type { Actor } from '../write/record-writer.ts';
import type { AttachmentRow as StoredAttachmentRow } from './attachment-service.ts';
import type { LocalBlobStore } from './blob-store.ts';
import { type BlobKind, type BlobUploadState, HOLD_ORIGINALS_SETTING } from './upload-queue.ts';

/**
 * What the 写真・添付 panel and the 同期 page show about attachments: each attachment with where its
 * bytes are (here, or still on the server), and the upload queue with what the metered-link setting
 * holds back. Reads only; the queue and the service do the work.
 */

/** Items listed on the 同期 page; the totals always count every waiting content. */
export const QUEUE_ITEMS_SHOWN = 200;

type AttachmentRow = Omit<StoredAttachmentRow, 'deleted_at'>;

interface UploadRow {
  sha256: string;
  kind: BlobKind;
  mime_type: string;
  size_bytes: number;
  state: BlobUploadState;
  upload_offset: number;
  last_error: string | null;
  next_attempt_at: string | null;
}

/** The code a failed attempt stored (`CODE: message`), for a translated sentence. */
function errorCodeOf(lastError: string | null): string | null {
  if (!lastError) return null;
  const code = lastError.split(':', 1)[0]?.trim() ?? '';
  return /^[A-Z_]+$/.test(code) ? code : 'NETWORK';
}

/** An original not yet confirmed while originals are held is `held`, whatever its last attempt did. */
function effectiveState(row: UploadRow, hold: boolean): BlobUploadView['state'] {
  if (row.state !== 'done' && row.kind === 'original' && hold) return 'held';
  return row.state;
}

export class AttachmentViews {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly store: LocalBlobStore;
  private readonly actor: Actor;

  constructor(sqlite: BetterSqlite3.Database, store: LocalBlobStore, actor: Actor) {
    this.sqlite = sqlite;
    this.store = store;
    this.actor = actor;
  }

  holdsOriginals(): boolean {
    return readSetting(this.sqlite, HOLD_ORIGINALS_SETTING) === '1';
  }

  setHoldOriginals(hold: boolean): void {
    writeSetting(this.sqlite, HOLD_ORIGINALS_SETTING, hold ? '1' : '0');
  }

  /** The live attachments of one record of this town, oldest first (the order they were added). */
  async list(ownerTable: AttachmentOwnerTable, ownerId: string): Promise<AttachmentItemView[]> {
    const rows = this.sqlite
      .prepare(
        `SELECT id, owner_table, owner_id, sha256, preview_sha256, mime_type, size_bytes, width, height,
           item_key, taken_at, latitude, longitude, file_name, caption, created_at, created_by
         FROM attachment
         WHERE owner_table = ? AND owner_id = ? AND municipality_id = ? AND deleted_at IS NULL
         ORDER BY created_at, id`,
      )
      .all(ownerTable, ownerId, this.actor.municipalityId) as AttachmentRow[];
    const hold = this.holdsOriginals();
    return Promise.all(rows.map((row) => this.itemOf(row, hold)));
  }

  async item(id: string): Promise<AttachmentItemView> {
    const row = this.sqlite
      .prepare(
        `SELECT id, owner_table, owner_id, sha256, preview_sha256, mime_type, size_bytes, width, height,
           item_key, taken_at, latitude, longitude, file_name, caption, created_at, created_by
         FROM attachment WHERE id = ?`,
      )
      .get(id) as AttachmentRow;
    return this.itemOf(row, this.holdsOriginals());
  }

  private async itemOf(row: AttachmentRow, hold: boolean): Promise<AttachmentItemView> {
    const displaySha256 = row.preview_sha256 ?? row.sha256;
    return {
      id: row.id,
      ownerTable: row.owner_table,
      ownerId: row.owner_id,
      sha256: row.sha256,
      mimeType: row.mime_type,
      sizeBytes: row.size_bytes,
      width: row.width,
      height: row.height,
      itemKey: row.item_key,
      takenAt: row.taken_at,
      latitude: row.latitude,
      longitude: row.longitude,
      fileName: row.file_name,
      caption: row.caption,
      createdAt: row.created_at,
      mine: row.created_by === this.actor.id,
      displaySha256,
      displayHere: (await this.store.sizeOf(displaySha256)) !== null,
      hasPreview: row.preview_sha256 !== null,
      upload: {
        preview: row.preview_sha256 ? this.uploadOf(row.preview_sha256, hold) : null,
        original: this.uploadOf(row.sha256, hold),
      },
    };
  }

  /** Null when this laptop has nothing to send for the content (a colleague's photo). */
  private uploadOf(sha256: string, hold: boolean): BlobUploadView | null {
    const row = this.sqlite
      .prepare(
        `SELECT sha256, kind, mime_type, size_bytes, state, upload_offset, last_error, next_attempt_at
         FROM blob_upload WHERE sha256 = ?`,
      )
      .get(sha256) as UploadRow | undefined;
    if (!row) return null;
    const state = effectiveState(row, hold);
    return {
      state,
      bytesSent: state === 'done' ? row.size_bytes : row.upload_offset,
      bytesTotal: row.size_bytes,
      errorCode: row.state === 'failed' ? errorCodeOf(row.last_error) : null,
    };
  }

  /** The waiting uploads, in the order the queue sends them, with totals for the progress bars. */
  queue(): UploadQueueView {
    const hold = this.holdsOriginals();
    const rows = this.sqlite
      .prepare(
        `SELECT sha256, kind, mime_type, size_bytes, state, upload_offset, last_error, next_attempt_at
         FROM blob_upload WHERE state <> 'done'
         ORDER BY kind = 'preview' DESC, created_at, sha256`,
      )
      .all() as UploadRow[];
    const view: UploadQueueView = {
      holdOriginals: hold,
      items: [],
      previews: { count: 0, bytes: 0, bytesSent: 0 },
      originals: { count: 0, bytes: 0, bytesSent: 0 },
      held: { count: 0, bytes: 0 },
    };
    for (const row of rows) {
      const state = effectiveState(row, hold) as UploadQueueItemView['state'];
      const totals = row.kind === 'preview' ? view.previews : view.originals;
      totals.count += 1;
      totals.bytes += row.size_bytes;
      totals.bytesSent += row.upload_offset;
      if (state === 'held') {
        view.held.count += 1;
        view.held.bytes += row.size_bytes;
      }
      if (view.items.length < QUEUE_ITEMS_SHOWN) {
        view.items.push({
          sha256: row.sha256,
          kind: row.kind,
          mimeType: row.mime_type,
          sizeBytes: row.size_bytes,
          bytesSent: row.upload_offset,
          state,
          errorCode: row.state === 'failed' ? errorCodeOf(row.last_error) : null,
          nextAttemptAt: row.state === 'failed' ? row.next_attempt_at : null,
        });
      }
    }
    return view;
  }
}
