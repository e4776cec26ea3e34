import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { FamilyDetail, StayView } from '../../../shared/ipc/views.ts';
import { openDatabase } from '../db/connection.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../db/migrations-fs.ts';
import { call, openTestCore } from '../test-support.ts';
import { decryptBytes, decryptingStream, encryptBytes, encryptingStream, SEGMENT } from './blob-cipher.ts';
import { blobKeyOf, fileKind } from './keys.ts';

/**
 * The proof of encryption at rest (docs/security.md, "Checks"): a sentinel written through the real
 * core into a family, a check-in note and a photo's bytes appears in clear in no file beside the
 * database — not the database, its WAL, the backups, the attachment store or the practice database.
 */

const SENTINEL = 'SENTINEL暗号化確認';

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Files that hold the needle in clear (UTF-8, and UTF-16LE as SQLite could store text). */
function holding(dir: string, needle: string): string[] {
  const forms = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  return files(dir).filter((p) => {
    const bytes = readFileSync(p);
    return forms.some((f) => bytes.includes(f));
  });
}

/** A real JPEG carrying the sentinel in a comment segment (right after the start-of-image marker). */
async function jpegWithSentinel(): Promise<Uint8Array> {
  const image = await sharp({
    create: { width: 320, height: 240, channels: 3, background: { r: 200, g: 120, b: 90 } },
  })
    .jpeg()
    .toBuffer();
  const text = Buffer.from(SENTINEL, 'utf8');
  const com = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([0, text.length + 2]), text]);
  return new Uint8Array(Buffer.concat([image.subarray(0, 2), com, image.subarray(2)]));
}

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

describe('encryption at rest', () => {
  it('keeps the sentinel out of every file: database, WAL, backups, photos, practice database', async () => {
    const secret = randomBytes(32);
    const opened = await openTestCore({ secret });
    dispose = opened.dispose;
    const { core, dir } = opened;
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '森 さくら',
      role: 'coordinator',
    });
    const family = (await call(core, 'families.create', {
      familyName: SENTINEL,
      familyNameKana: 'あんごうかかくにん',
    })) as FamilyDetail;
    const stay = (await call(core, 'stays.save', {
      familyId: family.id,
      programme: 'nursery_stay',
      plannedArrival: '2026-04-01',
      plannedDeparture: '2026-04-10',
      status: 'in_town',
      actualArrival: '2026-04-01',
    })) as StayView;
    await call(core, 'checkins.record', {
      stayId: stay.id,
      date: '2026-04-02',
      condition: 'good',
      note: `${SENTINEL} のメモ`,
    });
    const photo = await jpegWithSentinel();
    const added = (await call(core, 'attachments.add', {
      ownerTable: 'family',
      ownerId: family.id,
      bytes: photo,
      fileName: 'photo.jpg',
    })) as { id: string; sha256: string };
    // The store names and serves the plain bytes.
    const back = (await call(core, 'attachments.open', { id: added.id, variant: 'original' })) as {
      sha256: string;
      bytes: Uint8Array;
    };
    expect(Buffer.from(back.bytes).equals(Buffer.from(photo))).toBe(true);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(photo).digest('hex')).toBe(back.sha256);
    await core.backups.backup('daily');
    expect(core.backups.list().length).toBeGreaterThan(0);

    // While the core is open (the WAL holds the recent writes) and after it closed.
    expect(fileKind(join(dir, 'futasato.db'))).toBe('encrypted');
    expect(holding(dir, SENTINEL)).toEqual([]);
    // The check must be able to fail: the sentinel is there, in the plain photo bytes.
    expect(Buffer.from(photo).includes(Buffer.from(SENTINEL, 'utf8'))).toBe(true);

    // Practice: the sample town and what is typed there are encrypted too.
    await call(core, 'sample.load', { size: 'small' });
    await call(core, 'families.create', { familyName: `${SENTINEL}練習`, familyNameKana: 'れんしゅう' });
    const sampleName = core.database.sqlite
      .prepare('SELECT family_name FROM family WHERE family_name NOT LIKE ? LIMIT 1')
      .pluck()
      .get(`${SENTINEL}%`) as string;
    expect(sampleName.length).toBeGreaterThan(0);
    expect(fileKind(core.dbPath)).toBe('encrypted');
    expect(holding(dir, SENTINEL)).toEqual([]);
    expect(holding(dir, sampleName)).toEqual([]);
    await call(core, 'practice.end');

    await core.close();
    dispose = undefined;
    expect(holding(dir, SENTINEL)).toEqual([]);
    // A backup restores by copying its one file into place: the same key opens it, with every row.
    const backup = core.backups.list()[0]!.path;
    const restoredDir = opened.dir;
    const restored = join(restoredDir, 'restored.db');
    const { copyFileSync, rmSync } = await import('node:fs');
    copyFileSync(backup, restored);
    const db = openDatabase(restored, loadMigrationsFromDir(REPO_MIGRATIONS_DIR), undefined, secret);
    expect(db.sqlite.prepare('SELECT count(*) FROM family WHERE family_name = ?').pluck().get(SENTINEL)).toBe(
      1,
    );
    await db.close();
    expect(() => openDatabase(backup, loadMigrationsFromDir(REPO_MIGRATIONS_DIR))).toThrow(
      expect.objectContaining({ code: 'DB_KEY_MISSING' }),
    );
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('converts the photos an earlier version stored in clear, at the next start with a key', async () => {
    const first = await openTestCore();
    const { core, dir } = first;
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '森 さくら',
      role: 'coordinator',
    });
    const family = (await call(core, 'families.create', {
      familyName: SENTINEL,
      familyNameKana: 'あ',
    })) as FamilyDetail;
    await call(core, 'attachments.add', {
      ownerTable: 'family',
      ownerId: family.id,
      bytes: await jpegWithSentinel(),
    });
    await core.close();
    expect(holding(dir, SENTINEL).length).toBeGreaterThan(0);
    const secret = randomBytes(32);
    const { AppCore } = await import('../app-core.ts');
    const { testCoreOptions } = await import('../test-support.ts');
    const again = await AppCore.open(testCoreOptions(dir, { secret }));
    dispose = async () => {
      await again.close();
      (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
    };
    expect(holding(dir, SENTINEL)).toEqual([]);
  }, 60_000);
});

describe('the attachment cipher', () => {
  const key = blobKeyOf(randomBytes(32));
  const collect = async (stream: NodeJS.ReadWriteStream, input: Buffer, chunk = 7_001): Promise<Buffer> => {
    const out: Buffer[] = [];
    stream.on('data', (c: Buffer) => out.push(c));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    for (let i = 0; i < input.length; i += chunk) stream.write(input.subarray(i, i + chunk));
    stream.end();
    await done;
    return Buffer.concat(out);
  };

  it('round-trips every size around a segment edge, streamed or whole, and the two forms agree', async () => {
    for (const n of [0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT, 3 * SEGMENT + 5]) {
      const plain = randomBytes(n);
      const streamed = await collect(encryptingStream(key), plain);
      expect(decryptBytes(key, streamed).equals(plain)).toBe(true);
      expect(streamed.length).toBe(encryptBytes(key, plain).length);
      expect((await collect(decryptingStream(key), encryptBytes(key, plain))).equals(plain)).toBe(true);
    }
  });

  it('refuses a flipped bit, a file cut at a segment edge, and another key', () => {
    const plain = randomBytes(2 * SEGMENT + 10);
    const sealed = encryptBytes(key, plain);
    const flipped = Buffer.from(sealed);
    flipped[100] = (flipped[100] ?? 0) ^ 1;
    expect(() => decryptBytes(key, flipped)).toThrow();
    expect(() => decryptBytes(key, sealed.subarray(0, 12 + SEGMENT + 16))).toThrow();
    expect(() => decryptBytes(blobKeyOf(randomBytes(32)), sealed)).toThrow();
  });
});
