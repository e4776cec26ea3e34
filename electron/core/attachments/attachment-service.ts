import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import {
  ATTACHMENT_OWNER_TABLES,
  checkAttachmentBytes,
  MAX_ATTACHMENT_BYTES,
} from '../../../shared/domain/attachments.ts';
import { AppError } from '../../../shared/errors.ts';
import { isUuid } from '../../../shared/ids.ts';
import type { AttachmentDownloadView } from '../../../shared/ipc/views.ts';
import { SHA256_HEX } from '../../../shared/node/blob-files.ts';
import { characterCount, textFault } from '../../../shared/text/valid-text.ts';
import type { Actor, RecordWriter } from '../write/record-writer.ts';
import type { LocalBlobStore, StoredBlob } from './blob-store.ts';
import { PREVIEW_MIME, readImage, renderPreview } from './images.ts';
import type { PartialDownload } from './partial-download.ts';
import { type BearerSource, enqueueBlob } from './upload-queue.ts';

/**
 * Attachments on this laptop (docs/sync-principles.md, P7): photos and files of a family, a
 * property, an inspection, an event or a check-in.
 * - `add` stores the original in the content-addressed store, makes a preview, and writes the
 *   `attachment` row through the write path, so the record syncs like any other; the bytes are
 *   queued for the upload queue in the same transaction.
 * - `open` answers a local path, fetching the bytes from the town's server the first time (a
 *   colleague's photo), resuming a cut download with a Range request, and verifying the hash before
 *   the file enters the store.
 */

export const OWNER_TABLES = ATTACHMENT_OWNER_TABLES;
export type OwnerTable = (typeof OWNER_TABLES)[number];

const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

export interface AddAttachmentInput {
  ownerTable: OwnerTable;
  ownerId: string;
  /** The checklist item a photo documents (an inspection's `item_key`), if any. */
  itemKey?: string | null;
  /** The file to attach (copied; the source is left as it was) … */
  filePath?: string;
  /** … or its bytes. */
  bytes?: Uint8Array;
  mimeType: string;
  /** The file's name as picked or dropped (no folder), if known. */
  fileName?: string | null;
}

export const FILE_NAME_MAX = 255;
export const CAPTION_MAX = 500;

/**
 * Free text of an attachment (its file name, its caption): trimmed, empty meaning none; refused with
 * VALIDATION_FAILED when it is not text the app stores or is too long.
 */
function attachmentText(value: string | null | undefined, max: number, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || textFault(value) !== null) {
    throw new AppError('VALIDATION_FAILED', 'validation.textInvalid', field);
  }
  const trimmed = value.trim();
  if (characterCount(trimmed) > max) throw new AppError('VALIDATION_FAILED', 'validation.tooLong', field);
  return trimmed === '' ? null : trimmed;
}

export interface AttachmentView {
  id: string;
  ownerTable: string;
  ownerId: string;
  itemKey: string | null;
  sha256: string;
  previewSha256: string | null;
  mimeType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  latitude: number | null;
  longitude: number | null;
  fileName: string | null;
  caption: string | null;
  createdAt: string;
}

/** An `attachment` row as this module and the 同期 page's queue read it. */
export interface AttachmentRow {
  id: string;
  owner_table: string;
  owner_id: string;
  item_key: string | null;
  sha256: string;
  preview_sha256: string | null;
  mime_type: string;
  size_bytes: number;
  width: number | null;
  height: number | null;
  taken_at: string | null;
  latitude: number | null;
  longitude: number | null;
  file_name: string | null;
  caption: string | null;
  created_at: string;
  created_by: string;
  deleted_at: string | null;
}

function toView(r: AttachmentRow): AttachmentView {
  return {
    id: r.id,
    ownerTable: r.owner_table,
    ownerId: r.owner_id,
    itemKey: r.item_key,
    sha256: r.sha256,
    previewSha256: r.preview_sha256,
    mimeType: r.mime_type,
    sizeBytes: r.size_bytes,
    width: r.width,
    height: r.height,
    takenAt: r.taken_at,
    latitude: r.latitude,
    longitude: r.longitude,
    fileName: r.file_name,
    caption: r.caption,
    createdAt: r.created_at,
  };
}

export interface AttachmentServiceOptions {
  sqlite: BetterSqlite3.Database;
  writer: RecordWriter;
  actor: Actor;
  store: LocalBlobStore;
  auth: BearerSource;
  /** Called after an attachment row is written (the app nudges the upload queue). */
  onAdded?: (view: AttachmentView) => void;
  /** Bytes of a colleague's photo arriving (the large view's progress bar). */
  onDownload?: (progress: AttachmentDownloadView) => void;
  /** A download that receives nothing for this long is aborted; what arrived is kept for a resume. */
  stallMs?: number;
  fetch?: typeof fetch;
}

export class AttachmentService {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly writer: RecordWriter;
  private readonly actor: Actor;
  readonly store: LocalBlobStore;
  private readonly auth: BearerSource;
  private readonly onAdded: (view: AttachmentView) => void;
  private readonly onDownload: (progress: AttachmentDownloadView) => void;
  private readonly stallMs: number;
  private readonly fetchImpl: typeof fetch;
  /** One download per content at a time: two views opening the same photo share it. */
  private readonly downloads = new Map<string, Promise<string>>();
  private readonly closing = new AbortController();

  constructor(options: AttachmentServiceOptions) {
    this.sqlite = options.sqlite;
    this.writer = options.writer;
    this.actor = options.actor;
    this.store = options.store;
    this.auth = options.auth;
    this.onAdded = options.onAdded ?? (() => {});
    this.onDownload = options.onDownload ?? (() => {});
    this.stallMs = options.stallMs ?? 60_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Aborts downloads in flight (their partial files stay, for a resume). */
  close(): void {
    this.closing.abort();
  }

  get(id: string): AttachmentView {
    const row = this.sqlite.prepare('SELECT * FROM attachment WHERE id = ?').get(id) as
      | AttachmentRow
      | undefined;
    if (!row || row.deleted_at !== null) throw new AppError('NOT_FOUND', 'no such attachment');
    return toView(row);
  }

  async add(input: AddAttachmentInput): Promise<AttachmentView> {
    if (!OWNER_TABLES.includes(input.ownerTable)) {
      throw new AppError('VALIDATION_FAILED', 'validation.choice', 'ownerTable');
    }
    if (!isUuid(input.ownerId)) throw new AppError('VALIDATION_FAILED', 'validation.invalid', 'ownerId');
    if (!MIME_TYPE.test(input.mimeType))
      throw new AppError('VALIDATION_FAILED', 'validation.invalid', 'mimeType');
    if ((input.filePath === undefined) === (input.bytes === undefined)) {
      throw new AppError('VALIDATION_FAILED', 'validation.required', 'filePath');
    }
    const mimeType = input.mimeType.toLowerCase();
    const fileName = attachmentText(input.fileName, FILE_NAME_MAX, 'fileName');
    if (fileName !== null && /[\\/]/.test(fileName)) {
      // A name, never a path: what a picker or a drop hands over has no folder in it.
      throw new AppError('VALIDATION_FAILED', 'validation.invalid', 'fileName');
    }
    // Bytes first, row second: a row then always has its bytes on this laptop, and a crash in between
    // leaves only a stored file no row names (harmless; the same content added again reuses it).
    const original =
      input.filePath !== undefined
        ? await this.store.putFile(input.filePath)
        : await this.store.putBytes(input.bytes!);
    // Read back from the store (decrypted when it is encrypted): the facts are those of what was stored.
    const image = mimeType.startsWith('image/') ? await this.store.readBytes(original.sha256) : null;
    const facts = image ? await readImage(image) : null;
    const preview = facts && image ? await this.previewOf(image) : null;

    const id = this.writer.write(this.actor, (tx) => {
      const attachmentId = tx.insert('attachment', {
        owner_table: input.ownerTable,
        owner_id: input.ownerId,
        item_key: input.itemKey ?? null,
        sha256: original.sha256,
        mime_type: mimeType,
        size_bytes: original.size,
        width: facts?.width ?? null,
        height: facts?.height ?? null,
        taken_at: facts?.takenAt ?? null,
        latitude: facts?.latitude ?? null,
        longitude: facts?.longitude ?? null,
        preview_sha256: preview?.sha256 ?? null,
        file_name: fileName,
        caption: null,
      });
      if (preview) {
        enqueueBlob(tx.sqlite, {
          sha256: preview.sha256,
          kind: 'preview',
          mimeType: PREVIEW_MIME,
          size: preview.size,
          at: tx.at,
        });
      }
      enqueueBlob(tx.sqlite, {
        sha256: original.sha256,
        kind: 'original',
        mimeType,
        size: original.size,
        at: tx.at,
      });
      return attachmentId;
    });
    const view = this.get(id);
    this.onAdded(view);
    return view;
  }

  /**
   * Bytes handed over by the renderer (untrusted): refused with a stable code, before anything is
   * stored, when they are too large or not a type the app accepts (decided from the bytes, never from
   * a name), or when the record they would belong to is not a live record of this town.
   */
  async addBytes(input: {
    ownerTable: OwnerTable;
    ownerId: string;
    bytes: Uint8Array;
    fileName?: string | null;
    /** What the file documents on its record (a consent's scan: `consent:<id>`), if anything. */
    itemKey?: string | null;
  }): Promise<AttachmentView> {
    const verdict = checkAttachmentBytes(input.bytes);
    if (!verdict.ok) {
      throw new AppError(
        verdict.code,
        verdict.code === 'ATTACHMENT_TOO_LARGE'
          ? `${input.bytes.length} bytes; at most ${MAX_ATTACHMENT_BYTES}`
          : 'the bytes are not a JPEG, PNG, WebP, HEIC or PDF file',
      );
    }
    this.requireLiveOwner(input.ownerTable, input.ownerId);
    return this.add({
      ownerTable: input.ownerTable,
      ownerId: input.ownerId,
      bytes: input.bytes,
      mimeType: verdict.type,
      fileName: input.fileName,
      itemKey: input.itemKey ?? null,
    });
  }

  private requireLiveOwner(ownerTable: OwnerTable, ownerId: string): void {
    if (!OWNER_TABLES.includes(ownerTable)) {
      throw new AppError('VALIDATION_FAILED', 'validation.choice', 'ownerTable');
    }
    // The table name comes from the fixed list above, never from the caller's text.
    const owner = this.sqlite
      .prepare(`SELECT * FROM ${ownerTable} WHERE id = ? AND municipality_id = ?`)
      .get(ownerId, this.actor.municipalityId) as
      | { deleted_at: string | null; erased_at?: string | null }
      | undefined;
    if (!owner || owner.deleted_at !== null) throw new AppError('NOT_FOUND', `no such ${ownerTable}`);
    // An erased family keeps only what the KPIs need: no new personal material may be added to it.
    if (owner.erased_at) throw new AppError('FAMILY_ERASED', 'validation.familyErased', 'ownerId');
  }

  /**
   * Takes an attachment off its record: a tombstone that syncs like any delete. Only its author may
   * (attachments are append-only: docs/sync-design.md, "Merge"). Nothing else changes:
   * the bytes stay in this laptop's store and an upload still waiting still goes up, so an original is
   * never lost before the server has confirmed it (docs/sync-principles.md, P7).
   */
  remove(attachmentId: string): void {
    const row = this.sqlite.prepare('SELECT * FROM attachment WHERE id = ?').get(attachmentId) as
      | AttachmentRow
      | undefined;
    if (!row || row.deleted_at !== null) throw new AppError('NOT_FOUND', 'no such attachment');
    if (row.created_by !== this.actor.id) {
      throw new AppError('FORBIDDEN', 'only the person who added an attachment may remove it');
    }
    this.writer.write(this.actor, (tx) => tx.softDelete('attachment', attachmentId));
  }

  /**
   * Sets or clears an attachment's caption (説明): an edit of the row that syncs and is audited like any
   * other, in one transaction with its outbox operation. Only its author may, as for a removal: the
   * caption speaks for the person who took the photo, and a colleague's edit of someone else's record
   * would otherwise need a conflict an append-only record never opens (two edits by the same author on
   * two laptops still merge by last writer).
   */
  setCaption(attachmentId: string, caption: string | null): AttachmentView {
    const text = attachmentText(caption, CAPTION_MAX, 'caption');
    const row = this.sqlite.prepare('SELECT * FROM attachment WHERE id = ?').get(attachmentId) as
      | AttachmentRow
      | undefined;
    if (!row || row.deleted_at !== null) throw new AppError('NOT_FOUND', 'no such attachment');
    if (row.created_by !== this.actor.id) {
      throw new AppError('FORBIDDEN', 'only the person who added an attachment may change its caption');
    }
    this.writer.write(this.actor, (tx) => tx.update('attachment', attachmentId, { caption: text }));
    return this.get(attachmentId);
  }

  /** The bytes of an attachment (see `open`) with the type they are. */
  async readBytes(
    attachmentId: string,
    options: { preview: boolean },
  ): Promise<{ sha256: string; mimeType: string; bytes: Uint8Array }> {
    const view = this.get(attachmentId);
    const preview = options.preview && view.previewSha256 !== null;
    await this.open(attachmentId, options);
    const bytes = await this.store.readBytes(preview ? view.previewSha256! : view.sha256);
    return {
      sha256: preview ? view.previewSha256! : view.sha256,
      mimeType: preview ? PREVIEW_MIME : view.mimeType,
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    };
  }

  /** The stored preview, or null when the image cannot be decoded whole: the original is kept anyway. */
  private async previewOf(path: string | Buffer): Promise<StoredBlob | null> {
    try {
      return await this.store.putBytes((await renderPreview(path)).bytes);
    } catch {
      return null;
    }
  }

  /**
   * A local path to the attachment's bytes, its preview by default (what a list or a gallery shows),
   * fetching them once from the town's server when this laptop does not have them. An attachment with
   * no preview (a PDF) answers its original.
   */
  async open(attachmentId: string, options: { preview: boolean } = { preview: true }): Promise<string> {
    const view = this.get(attachmentId);
    const sha256 = options.preview && view.previewSha256 ? view.previewSha256 : view.sha256;
    if (!SHA256_HEX.test(sha256)) throw new AppError('NOT_FOUND', 'the attachment names no valid content');
    if ((await this.store.sizeOf(sha256)) !== null) return this.store.pathOf(sha256);
    let pending = this.downloads.get(sha256);
    if (!pending) {
      pending = this.download(sha256).finally(() => this.downloads.delete(sha256));
      this.downloads.set(sha256, pending);
    }
    return pending;
  }

  private async download(sha256: string): Promise<string> {
    await mkdir(dirname(this.store.partialPathOf(sha256)), { recursive: true });
    // A partial file whose bytes turn out wrong is dropped and fetched whole, once.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const partial = await this.store.openPartial(sha256);
      let received: { sha256: string; size: number };
      try {
        await this.fetchInto(sha256, partial);
        received = await partial.finish();
      } catch (error) {
        // What arrived stays in the partial file (encrypted, whole segments): the next open asks
        // for the rest only.
        await partial.close();
        throw error;
      }
      if (received.sha256 === sha256) {
        return (await this.store.adoptPartial(partial, sha256, received.size)).path;
      }
      await partial.discard();
    }
    throw new AppError(
      'INTERNAL',
      `the bytes received for ${sha256} do not have that hash; nothing was kept`,
    );
  }

  /** Fills `partial` with the blob, continuing after what it already holds. */
  private async fetchInto(sha256: string, partial: PartialDownload): Promise<void> {
    for (let fresh = false; ; fresh = true) {
      const have = partial.have;
      const { serverUrl, token } = await this.bearer(fresh);
      const stall = new AbortController();
      let timer = setTimeout(() => stall.abort(), this.stallMs);
      const touch = () => {
        clearTimeout(timer);
        timer = setTimeout(() => stall.abort(), this.stallMs);
      };
      try {
        let res: Response;
        try {
          res = await this.fetchImpl(`${serverUrl}/v1/blobs/${sha256}`, {
            headers: {
              authorization: `Bearer ${token}`,
              // If-Range: should the server ever name the content otherwise, the whole body comes back.
              ...(have > 0 ? { range: `bytes=${have}-`, 'if-range': `"${sha256}"` } : {}),
            },
            signal: AbortSignal.any([this.closing.signal, stall.signal]),
          });
        } catch (error) {
          throw new AppError('SYNC_UNREACHABLE', `no answer from the server: ${(error as Error).message}`);
        }
        if (res.status === 401 && !fresh) {
          await res.body?.cancel();
          continue;
        }
        if (res.status === 416) {
          // The partial file holds everything or more than the server has: the hash decides (and a
          // wrong one starts the download over).
          await res.body?.cancel();
          return;
        }
        if (res.status === 404) {
          // Its own code, so the UI can say "not sent by its author yet" rather than "no such record".
          throw new AppError(
            'ATTACHMENT_NOT_UPLOADED',
            'the server does not have these bytes yet (not uploaded by their author)',
          );
        }
        if ((res.status !== 200 && res.status !== 206) || !res.body) {
          await res.body?.cancel();
          throw new AppError('SYNC_UNREACHABLE', `the server answered ${res.status}`);
        }
        const resumed =
          res.status === 206 && res.headers.get('content-range')?.startsWith(`bytes ${have}-`) === true;
        if (!resumed && have > 0) await partial.restart();
        const length = Number(res.headers.get('content-length'));
        const base = resumed ? have : 0;
        const bytesTotal = Number.isFinite(length) && length > 0 ? base + length : null;
        let bytesReceived = base;
        const report = this.onDownload;
        report({ sha256, bytesReceived, bytesTotal });
        const sink = new Writable({
          write(chunk: Buffer, _encoding, done) {
            touch();
            bytesReceived += chunk.length;
            report({ sha256, bytesReceived, bytesTotal });
            partial.write(chunk).then(() => done(), done);
          },
        });
        try {
          await pipeline(
            Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>),
            sink,
          );
        } catch (error) {
          throw new AppError('SYNC_UNREACHABLE', `the download was cut: ${(error as Error).message}`);
        }
        return;
      } finally {
        clearTimeout(timer);
      }
    }
  }

  private async bearer(fresh: boolean): Promise<{ serverUrl: string; token: string }> {
    try {
      return await this.auth.bearer(fresh);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'NOT_ENROLLED') throw new AppError('SYNC_NOT_ENROLLED', 'enrol this laptop first');
      throw new AppError('SYNC_UNREACHABLE', (error as Error).message);
    }
  }
}
