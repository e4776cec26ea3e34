import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/domain/attachments.ts';
import type { AttachmentItemView, FamilyDetail, UploadQueueView } from '../../../shared/ipc/views.ts';
import type { AppCore } from '../app-core.ts';
import { call, openTestCore } from '../test-support.ts';

/**
 * The attachments channels through the real dispatch (zod, error mapping) and core, on a real SQLite
 * file and blob store: what the renderer may hand over, what the panel and the 同期 page are shown,
 * and that a removal only ever writes a tombstone.
 */

async function photoBytes(): Promise<Uint8Array> {
  const buffer = await sharp({
    create: {
      width: 2400,
      height: 1600,
      channels: 3,
      background: { r: 0, g: 0, b: 0 },
      noise: { type: 'gaussian', mean: 110, sigma: 30 },
    },
  })
    .jpeg({ quality: 80 })
    .withExif({
      IFD2: { DateTimeOriginal: '2026:04:05 14:30:00' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '27/1 2/1 3/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '128/1 25/1 30/1',
      },
    })
    .toBuffer();
  return new Uint8Array(buffer);
}

/** Everything a refused add must leave as it was. */
function footprint(core: AppCore, dir: string) {
  const sqlite = core.database.sqlite;
  const count = (table: string) => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  const files = (sub: string) => {
    try {
      return readdirSync(join(dir, 'blobs', sub), { recursive: true }).length;
    } catch {
      return 0;
    }
  };
  return {
    attachments: count('attachment'),
    uploads: count('blob_upload'),
    outbox: count('outbox'),
    stored: files('sha256'),
    temp: files('tmp'),
  };
}

describe('attachments through the IPC contract', () => {
  let core: AppCore;
  let dir: string;
  let dispose: () => Promise<void>;
  let family: FamilyDetail;

  beforeEach(async () => {
    ({ core, dir, dispose } = await openTestCore());
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '森 さくら',
      role: 'coordinator',
    });
    family = (await call(core, 'families.create', {
      familyName: '朝日',
      familyNameKana: 'あさひ',
      consentPhoto: true,
    })) as FamilyDetail;
  });
  afterEach(() => dispose());

  it('adds a photo from its bytes and lists it with its EXIF facts and both uploads waiting', async () => {
    const bytes = await photoBytes();
    const added = (await call(core, 'attachments.add', {
      ownerTable: 'family',
      ownerId: family.id,
      bytes,
    })) as AttachmentItemView;
    expect(added).toMatchObject({
      mimeType: 'image/jpeg',
      sizeBytes: bytes.length,
      width: 2400,
      height: 1600,
      takenAt: '2026-04-05T05:30:00.000Z',
      mine: true,
      hasPreview: true,
      displayHere: true,
      upload: {
        preview: { state: 'pending', bytesSent: 0 },
        original: { state: 'pending', bytesSent: 0, bytesTotal: bytes.length },
      },
    });
    expect(added.latitude).toBeCloseTo(27 + 2 / 60 + 3 / 3600, 6);
    expect(added.longitude).toBeCloseTo(128 + 25 / 60 + 30 / 3600, 6);
    const list = (await call(core, 'attachments.list', {
      ownerTable: 'family',
      ownerId: family.id,
    })) as AttachmentItemView[];
    expect(list.map((a) => a.id)).toEqual([added.id]);

    // The tile shows the preview: a JPEG of at most 1600 px, not the original.
    const shown = (await call(core, 'attachments.open', { id: added.id })) as {
      mimeType: string;
      bytes: Uint8Array;
    };
    expect(shown.mimeType).toBe('image/jpeg');
    expect(shown.bytes).toBeInstanceOf(Uint8Array);
    const meta = await sharp(shown.bytes).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(1600);
  });

  it('refuses bytes that are too large or of another type with their own codes, changing nothing', async () => {
    const before = footprint(core, dir);
    const text = new TextEncoder().encode('これは写真ではありません');
    expect(
      await core.invoke('attachments.add', { ownerTable: 'family', ownerId: family.id, bytes: text }),
    ).toMatchObject({
      ok: false,
      error: { code: 'ATTACHMENT_UNSUPPORTED_TYPE' },
    });
    const huge = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    huge.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(
      await core.invoke('attachments.add', { ownerTable: 'family', ownerId: family.id, bytes: huge }),
    ).toMatchObject({
      ok: false,
      error: { code: 'ATTACHMENT_TOO_LARGE' },
    });
    // Not bytes at all (a string, as a tampered renderer could send): the contract refuses it.
    expect(
      await core.invoke('attachments.add', { ownerTable: 'family', ownerId: family.id, bytes: 'AAAA' }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'bytes' } });
    // A record that does not exist, and a table that takes no attachments.
    expect(
      await core.invoke('attachments.add', {
        ownerTable: 'family',
        ownerId: '01900000-0000-7000-8000-000000000000',
        bytes: await photoBytes(),
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(
      await core.invoke('attachments.add', {
        ownerTable: 'member',
        ownerId: family.id,
        bytes: await photoBytes(),
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'ownerTable' } });
    expect(footprint(core, dir)).toEqual(before);
  });

  it('shows originals as held on a metered link, previews still going first', async () => {
    await call(core, 'attachments.add', {
      ownerTable: 'family',
      ownerId: family.id,
      bytes: await photoBytes(),
    });
    let queue = (await call(core, 'attachments.holdOriginals', { hold: true })) as UploadQueueView;
    expect(queue.holdOriginals).toBe(true);
    expect(queue.items.map((i) => [i.kind, i.state])).toEqual([
      ['preview', 'pending'],
      ['original', 'held'],
    ]);
    expect(queue.held.count).toBe(1);
    expect(queue.held.bytes).toBe(queue.originals.bytes);
    const [item] = (await call(core, 'attachments.list', {
      ownerTable: 'family',
      ownerId: family.id,
    })) as AttachmentItemView[];
    expect(item?.upload.original?.state).toBe('held');
    queue = (await call(core, 'attachments.holdOriginals', { hold: false })) as UploadQueueView;
    expect(queue.held).toEqual({ count: 0, bytes: 0 });
    expect(queue.items.map((i) => i.state)).toEqual(['pending', 'pending']);
  });

  it('removes only by a tombstone, only its author, and keeps the bytes and their upload', async () => {
    const added = (await call(core, 'attachments.add', {
      ownerTable: 'family',
      ownerId: family.id,
      bytes: await photoBytes(),
    })) as AttachmentItemView;
    const sqlite = core.database.sqlite;
    const stored = footprint(core, dir).stored;

    // Someone else's photo (as a synced row would be): refused.
    sqlite.prepare("UPDATE attachment SET created_by = 'someone-else' WHERE id = ?").run(added.id);
    expect(await core.invoke('attachments.remove', { id: added.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    sqlite
      .prepare('UPDATE attachment SET created_by = (SELECT id FROM local_profile) WHERE id = ?')
      .run(added.id);

    await call(core, 'attachments.remove', { id: added.id });
    expect(await call(core, 'attachments.list', { ownerTable: 'family', ownerId: family.id })).toEqual([]);
    expect(
      sqlite.prepare('SELECT deleted_at IS NOT NULL FROM attachment WHERE id = ?').pluck().get(added.id),
    ).toBe(1);
    expect(
      sqlite
        .prepare("SELECT count(*) FROM outbox WHERE table_name = 'attachment' AND op = 'delete'")
        .pluck()
        .get(),
    ).toBe(1);
    // Nothing on disk or in the upload queue went away: the original still goes up to be kept.
    expect(footprint(core, dir).stored).toBe(stored);
    expect(sqlite.prepare("SELECT count(*) FROM blob_upload WHERE state <> 'done'").pluck().get()).toBe(2);
    expect(await core.invoke('attachments.remove', { id: added.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('keeps the file name given with the bytes, and lets its author set a caption that syncs and is audited', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const added = (await call(core, 'attachments.add', {
      ownerTable: 'family',
      ownerId: family.id,
      bytes: pdf,
      fileName: ' 朝日さん 移住計画書.pdf ',
    })) as AttachmentItemView;
    expect(added).toMatchObject({ fileName: '朝日さん 移住計画書.pdf', caption: null });
    const sqlite = core.database.sqlite;
    const insert = sqlite
      .prepare("SELECT changes FROM outbox WHERE table_name = 'attachment' AND op = 'insert' AND row_id = ?")
      .pluck()
      .get(added.id) as string;
    expect(JSON.parse(insert).file_name.value).toBe('朝日さん 移住計画書.pdf');

    const captioned = (await call(core, 'attachments.setCaption', {
      id: added.id,
      caption: '空き家の改修見積もり（2026年4月）',
    })) as AttachmentItemView;
    expect(captioned.caption).toBe('空き家の改修見積もり（2026年4月）');
    const [listed] = (await call(core, 'attachments.list', {
      ownerTable: 'family',
      ownerId: family.id,
    })) as AttachmentItemView[];
    expect(listed).toMatchObject({
      fileName: '朝日さん 移住計画書.pdf',
      caption: '空き家の改修見積もり（2026年4月）',
    });
    const update = sqlite
      .prepare("SELECT changes FROM outbox WHERE table_name = 'attachment' AND op = 'update' AND row_id = ?")
      .pluck()
      .get(added.id) as string;
    expect(Object.keys(JSON.parse(update))).toEqual(['caption']);
    expect(JSON.parse(update).caption.value).toBe('空き家の改修見積もり（2026年4月）');
    expect(
      sqlite
        .prepare(
          "SELECT details FROM audit_log WHERE action = 'update' AND table_name = 'attachment' AND row_id = ?",
        )
        .pluck()
        .get(added.id),
    ).toBe(JSON.stringify({ fields: ['caption'] }));

    // Bad text, a path for a name, or someone else's attachment: refused, nothing changes.
    const before = sqlite.prepare('SELECT count(*) FROM outbox').pluck().get();
    expect(
      await core.invoke('attachments.setCaption', { id: added.id, caption: 'x'.repeat(501) }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await core.invoke('attachments.setCaption', { id: added.id, caption: 'a\u0000b' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(
      await core.invoke('attachments.add', {
        ownerTable: 'family',
        ownerId: family.id,
        bytes: pdf,
        fileName: '../etc/x.pdf',
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    sqlite.prepare("UPDATE attachment SET created_by = 'someone-else' WHERE id = ?").run(added.id);
    expect(await core.invoke('attachments.setCaption', { id: added.id, caption: '別の説明' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(sqlite.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(before);
    expect(sqlite.prepare('SELECT caption FROM attachment WHERE id = ?').pluck().get(added.id)).toBe(
      '空き家の改修見積もり（2026年4月）',
    );
  });
});
