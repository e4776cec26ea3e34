/** Photos and files, their uploads and downloads (plain JSON, camelCase, never raw rows). */

/**
 * Event `attachments.progress` (photos and files): one blob's upload and the whole queue, for the
 * progress bars. `overall*` counts the blobs of the current upload pass, originals held back excluded.
 */
export interface AttachmentProgressView {
  sha256: string;
  kind: 'preview' | 'original';
  state: 'pending' | 'uploading' | 'done' | 'failed';
  bytesSent: number;
  bytesTotal: number;
  overallSent: number;
  overallTotal: number;
  /** Blobs still to send in this pass, this one included while it is not done. */
  blobsLeft: number;
  /** The error code of a failed attempt (it is retried later), else null. */
  error: string | null;
}

/**
 * Where one blob of an attachment stands on its way up, as this laptop knows it: `held` is an original
 * waiting because 従量制回線 (sync.hold_originals) is on. Null on a colleague's attachment (its bytes
 * are theirs to send).
 */
export interface BlobUploadView {
  state: 'pending' | 'uploading' | 'done' | 'failed' | 'held';
  bytesSent: number;
  bytesTotal: number;
  /** The code of the last failed attempt (retried later), else null. */
  errorCode: string | null;
}

/** Event `attachments.download`: a colleague's photo coming down when it is first opened. */
export interface AttachmentDownloadView {
  sha256: string;
  bytesReceived: number;
  /** Null while the server has not said how big it is. */
  bytesTotal: number | null;
}

/** One attachment of a record, for the 写真・添付 panel. */
export interface AttachmentItemView {
  id: string;
  ownerTable: string;
  ownerId: string;
  /** The original's content hash (progress events name blobs by hash). */
  sha256: string;
  mimeType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  /** The checklist item a photo documents (an inspection's item_key; consent:<id> for a scanned 同意書), or null. */
  itemKey: string | null;
  takenAt: string | null;
  latitude: number | null;
  longitude: number | null;
  /** The file's name as picked or dropped (null for one added before names were kept). */
  fileName: string | null;
  /** 説明, editable by its author. */
  caption: string | null;
  createdAt: string;
  /** Added by this laptop's person (only they may remove it). */
  mine: boolean;
  /** The hash of what a tile and the large view show: the preview, or the original when there is none. */
  displaySha256: string;
  /** Whether those bytes are on this laptop already (else the tile says 未取得 until opened). */
  displayHere: boolean;
  /** True for a photo that has a downscaled copy (an image the app could decode). */
  hasPreview: boolean;
  upload: { preview: BlobUploadView | null; original: BlobUploadView | null };
}

/** The bytes to show, read (or fetched once) by the main side. */
export interface AttachmentBytesView {
  sha256: string;
  mimeType: string;
  bytes: Uint8Array;
}

/** One content waiting to go up (the 同期 page's photo queue). */
export interface UploadQueueItemView {
  sha256: string;
  kind: 'preview' | 'original';
  mimeType: string;
  sizeBytes: number;
  bytesSent: number;
  state: 'pending' | 'uploading' | 'failed' | 'held';
  errorCode: string | null;
  nextAttemptAt: string | null;
}

export interface UploadQueueView {
  /** 従量制回線: originals wait until this is switched off. */
  holdOriginals: boolean;
  /** Waiting contents, in the order the queue sends them (previews first, oldest first). */
  items: UploadQueueItemView[];
  previews: { count: number; bytes: number; bytesSent: number };
  originals: { count: number; bytes: number; bytesSent: number };
  /** Originals held back by the setting (part of `originals`). */
  held: { count: number; bytes: number };
}
