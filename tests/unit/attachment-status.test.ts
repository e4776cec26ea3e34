import { describe, expect, it } from 'vitest';
import {
  isImage,
  liveUpload,
  tileStatus,
} from '../../renderer/src/features/attachments/attachment-format.ts';
import type { AttachmentItemView, AttachmentProgressView, BlobUploadView } from '../../shared/ipc/views.ts';

/** What a tile of the 写真・添付 panel says about its bytes, from the listed state and live events. */

const item = (overrides: Partial<AttachmentItemView> = {}): AttachmentItemView => ({
  id: 'a1',
  ownerTable: 'family',
  ownerId: 'f1',
  sha256: 'o'.repeat(64),
  mimeType: 'image/jpeg',
  sizeBytes: 900,
  width: 3000,
  height: 2000,
  itemKey: null,
  takenAt: null,
  latitude: null,
  longitude: null,
  fileName: null,
  caption: null,
  createdAt: '2026-04-05T05:30:00.000Z',
  mine: true,
  displaySha256: 'p'.repeat(64),
  displayHere: true,
  hasPreview: true,
  upload: { preview: null, original: null },
  ...overrides,
});
const blob = (state: BlobUploadView['state'], bytesSent: number, bytesTotal: number): BlobUploadView => ({
  state,
  bytesSent,
  bytesTotal,
  errorCode: null,
});

describe('a tile’s upload state', () => {
  it('says 未取得 for a colleague’s photo not here yet, 取得済み once it is', () => {
    expect(tileStatus(item({ mine: false, displayHere: false }), null, null).status.kind).toBe('notFetched');
    expect(tileStatus(item({ mine: false, displayHere: true }), null, null).status.kind).toBe('here');
  });

  it('goes waiting → preview sending → original sending → sent, the percentage over both uploads', () => {
    const it = item();
    expect(tileStatus(it, blob('pending', 0, 100), blob('pending', 0, 900))).toEqual({
      status: { kind: 'waiting' },
      percent: 0,
    });
    expect(tileStatus(it, blob('uploading', 50, 100), blob('pending', 0, 900))).toEqual({
      status: { kind: 'sendingPreview', percent: 5 },
      percent: 5,
    });
    expect(tileStatus(it, blob('done', 100, 100), blob('uploading', 400, 900))).toEqual({
      status: { kind: 'sendingOriginal', percent: 50 },
      percent: 50,
    });
    expect(tileStatus(it, blob('done', 100, 100), blob('done', 900, 900)).status.kind).toBe('sent');
  });

  it('never shows a held original as complete', () => {
    const held = tileStatus(item(), blob('done', 100, 100), blob('held', 0, 900));
    expect(held).toEqual({ status: { kind: 'held' }, percent: 10 });
    expect(tileStatus(item(), blob('pending', 0, 100), blob('held', 0, 900)).status.kind).toBe('heldWaiting');
  });

  it('says a failed attempt failed (it is retried by the queue)', () => {
    expect(tileStatus(item(), blob('done', 100, 100), blob('failed', 256, 900)).status.kind).toBe('failed');
  });

  it('moves a listed upload on with the latest event for its content, never back from done or held', () => {
    const sha = 'o'.repeat(64);
    const event: AttachmentProgressView = {
      sha256: sha,
      kind: 'original',
      state: 'uploading',
      bytesSent: 512,
      bytesTotal: 900,
      overallSent: 512,
      overallTotal: 1000,
      blobsLeft: 1,
      error: null,
    };
    const live = new Map([[sha, event]]);
    expect(liveUpload(blob('pending', 0, 900), sha, live)).toEqual(blob('uploading', 512, 900));
    expect(liveUpload(blob('pending', 0, 900), sha, new Map([[sha, { ...event, state: 'done' }]]))).toEqual(
      blob('done', 900, 900),
    );
    expect(liveUpload(blob('done', 900, 900), sha, live)).toEqual(blob('done', 900, 900));
    expect(liveUpload(blob('held', 0, 900), sha, live)).toEqual(blob('held', 0, 900));
    expect(liveUpload(null, sha, live)).toBeNull();
  });

  it('shows as a picture what Chromium can draw: a preview, or a PNG without one, never a bare HEIC', () => {
    expect(isImage(item())).toBe(true);
    expect(isImage(item({ hasPreview: false, mimeType: 'image/png' }))).toBe(true);
    expect(isImage(item({ hasPreview: false, mimeType: 'image/heic' }))).toBe(false);
    expect(isImage(item({ hasPreview: false, mimeType: 'application/pdf' }))).toBe(false);
  });
});
