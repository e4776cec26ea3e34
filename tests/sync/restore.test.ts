import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppCore } from '../../electron/core/app-core.ts';
import { call, testCoreOptions } from '../../electron/core/test-support.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import type { FamilyDetail, FamilyPage } from '../../shared/ipc/views.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * A laptop restored from a local backup still holds its enrolment, but its outbox numbers operations
 * from where the backup left off — numbers the server already applied to operations made after the
 * backup. Answered "duplicate", they would vanish. The server compares operation ids (SEQ_REUSED),
 * the laptop renumbers, and nothing is lost either way.
 */

let server: TestServer;
let laptop: TestLaptop;

beforeAll(async () => {
  server = await startTestServer({ listen: true });
  laptop = await enrolledLaptop(server);
});
afterAll(async () => {
  await laptop.dispose();
  await server.close();
});

async function familyNames(core: AppCore): Promise<string[]> {
  const page = (await call(core, 'families.list', {})) as FamilyPage;
  return page.items.map((f) => f.familyName).sort();
}

describe('restoring a laptop from a backup', () => {
  it('renumbers operations whose numbers the server already used, and loses nothing', async () => {
    await call(laptop.core, 'families.create', { familyName: '一番', familyNameKana: 'いちばん' });
    await syncOk(laptop);
    const backup = join(laptop.dir, 'restore-me.db');
    await laptop.core.database.sqlite.backup(backup);

    // After the backup: more work, synced.
    await call(laptop.core, 'families.create', { familyName: '二番', familyNameKana: 'にばん' });
    await syncOk(laptop);

    // The disk fails; the backup comes back (the enrolment file stays, as it would).
    await laptop.core.close();
    const dbPath = join(laptop.dir, 'futasato.db');
    for (const suffix of ['-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
    copyFileSync(backup, dbPath);
    laptop.core = await AppCore.open(testCoreOptions(laptop.dir));

    const third = (await call(laptop.core, 'families.create', {
      familyName: '三番',
      familyNameKana: 'さんばん',
    })) as FamilyDetail;
    await syncOk(laptop);
    expect(
      laptop.core.database.sqlite.prepare("SELECT count(*) FROM outbox WHERE state <> 'sent'").pluck().get(),
    ).toBe(0);
    const onServer = await server.deps.db
      .selectFrom('record')
      .select('id')
      .where('table_name', '=', 'family')
      .where('municipality_id', '=', 'kagoshima-yoron')
      .execute();
    expect(onServer.map((r) => r.id)).toContain(third.id);
    expect(onServer).toHaveLength(3);
    // The family made after the backup comes back from the server.
    expect(await familyNames(laptop.core)).toEqual(['一番', '三番', '二番'].sort());
  });
});
