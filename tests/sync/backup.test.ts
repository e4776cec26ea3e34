import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import type { FamilyDetail } from '../../shared/ipc/views.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/** Local safety copies (docs/sync-principles.md): the database copied before the first sync, only then. */

let server: TestServer;
const laptops: TestLaptop[] = [];

beforeAll(async () => {
  server = await startTestServer({ listen: true });
});
afterAll(async () => {
  for (const l of laptops) await l.dispose();
  await server.close();
});

async function laptop(name: string) {
  const l = await enrolledLaptop(server, 'kagoshima-yoron', name);
  laptops.push(l);
  return l;
}

const backupsOf = (l: TestLaptop) => {
  try {
    return readdirSync(join(l.dir, 'backups')).sort();
  } catch {
    return [];
  }
};

describe('backup before the first sync', () => {
  it('leaves exactly one before-first-sync copy holding what was typed before it; later syncs make none', async () => {
    const l = await laptop('田中 美咲');
    const family = (await call(l.core, 'families.create', {
      familyName: '山田',
      familyNameKana: 'やまだ',
    })) as FamilyDetail;
    expect(backupsOf(l)).toEqual([]);

    await syncOk(l);
    const after = backupsOf(l);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/^futasato-before-first-sync-\d{8}-\d{6}\.db$/);

    // The copy is the laptop before the server's data came in: the family, its op still unsent.
    const copy = new BetterSqlite3(join(l.dir, 'backups', after[0] ?? ''), { readonly: true });
    try {
      expect(copy.prepare('SELECT family_name FROM family WHERE id = ?').pluck().get(family.id)).toBe('山田');
      expect(
        copy.prepare("SELECT count(*) FROM outbox WHERE state = 'pending'").pluck().get(),
      ).toBeGreaterThan(0);
      expect(
        copy.prepare("SELECT value FROM app_setting WHERE key = 'sync.cursor'").pluck().get(),
      ).toBeUndefined();
    } finally {
      copy.close();
    }

    // A second sync, and one after a restart, copy nothing more.
    await call(l.core, 'families.update', {
      id: family.id,
      familyName: '山田',
      familyNameKana: 'やまだ',
      phone: '0997-00-0000',
    });
    await syncOk(l);
    await l.restart();
    await syncOk(l);
    expect(backupsOf(l)).toEqual(after);
  });

  it('does not sync when the copy cannot be made, and says why', async () => {
    const l = await laptop('佐藤 健');
    await call(l.core, 'families.create', { familyName: '鈴木', familyNameKana: 'すずき' });
    // A file where the backups folder should be: the copy cannot be written.
    writeFileSync(join(l.dir, 'backups'), 'not a folder');
    const engine = l.core.sync;
    const failed = await engine?.run('manual');
    expect(failed).toMatchObject({ ok: false, errorCode: 'BACKUP_FAILED', requests: 0 });
    expect(engine?.phase).toBe('error');
    expect(l.core.backups.lastError).toMatchObject({ reason: 'before-first-sync' });
    const pending = l.core.database.sqlite
      .prepare("SELECT count(*) FROM outbox WHERE state = 'pending'")
      .pluck()
      .get();
    expect(pending).toBeGreaterThan(0);

    rmSync(join(l.dir, 'backups'));
    await syncOk(l);
    expect(backupsOf(l)).toEqual([expect.stringMatching(/^futasato-before-first-sync-/)]);
    expect(l.core.backups.lastError).toBeNull();
  });
});
