import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import type { FamilyDetail, FamilyPage } from '../../shared/ipc/views.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

let server: TestServer;
const laptops: TestLaptop[] = [];

beforeAll(async () => {
  server = await startTestServer({ listen: true });
});
afterAll(async () => {
  for (const l of laptops) await l.dispose();
  await server.close();
});

async function laptop(town?: string, name?: string) {
  const l = await enrolledLaptop(server, town, name);
  laptops.push(l);
  return l;
}

describe('the sync engine against the real server', () => {
  it('takes what one coordinator typed to a colleague, and only once', async () => {
    const a = await laptop();
    const b = await laptop('kagoshima-yoron', '佐藤 健');
    const created = (await call(a.core, 'families.create', {
      familyName: '山田',
      familyNameKana: 'やまだ',
      phone: '090-1111-2222',
    })) as FamilyDetail;
    await syncOk(a);
    expect(
      a.core.database.sqlite.prepare("SELECT count(*) FROM outbox WHERE state = 'pending'").pluck().get(),
    ).toBe(0);
    await syncOk(b);
    const page = (await call(b.core, 'families.list', { query: 'やまだ' })) as FamilyPage;
    expect(page.items.map((f) => f.id)).toContain(created.id);
    // Searching by the name works on the colleague's laptop too: the pulled row was indexed.
    const byName = (await call(b.core, 'families.list', { query: '山田' })) as FamilyPage;
    expect(byName.items.map((f) => f.id)).toContain(created.id);
    // A second sync moves nothing.
    const again = await b.core.sync?.run('manual');
    expect(again).toMatchObject({ ok: true, pulled: 0, pushed: 0, requests: 1 });
  });

  it('refuses to enrol a laptop holding sample data, and a code of another town', async () => {
    const a = await laptop('tokyo-ome', '青梅 太郎');
    await expect(a.core.enroll(server.url ?? '', 'XXXX-XXXX-XXXX')).rejects.toMatchObject({
      code: 'SYNC_ALREADY_ENROLLED',
    });
  });
});

describe('conflict review', () => {
  it('turns two offline edits of one phone number into a conflict that a person resolves by editing', async () => {
    const a = await laptop('kagoshima-yoron', '甲');
    const b = await laptop('kagoshima-yoron', '乙');
    const f = (await call(a.core, 'families.create', {
      familyName: '森',
      familyNameKana: 'もり',
    })) as FamilyDetail;
    await syncOk(a);
    await syncOk(b);
    const edit = async (l: TestLaptop, phone: string) => {
      const d = (await call(l.core, 'families.get', { id: f.id })) as FamilyDetail;
      await call(l.core, 'families.update', {
        id: d.id,
        familyName: d.familyName,
        familyNameKana: d.familyNameKana,
        phone,
      });
    };
    await edit(a, '0997-11-1111');
    await edit(b, '0997-22-2222');
    await syncOk(a);
    await syncOk(b);
    await syncOk(a);
    const loser = [a, b].find(
      (l) => l.core.database.sqlite.prepare('SELECT count(*) FROM sync_conflict').pluck().get() === 1,
    );
    expect(loser).toBeDefined();
    const [conflict] = (await call(b.core, 'sync.conflicts', {})) as { id: string; columns: string[] }[];
    expect(conflict?.columns).toEqual(['phone']);
    const bad = await b.core.invoke('sync.resolve', {
      id: conflict?.id,
      choice: 'edit',
      values: { phone: '電話して' },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'values.phone' } });
    // Typed full-width, as office staff do: stored in its one canonical form.
    await call(b.core, 'sync.resolve', {
      id: conflict?.id,
      choice: 'edit',
      values: { phone: '０９９７－３３－３３３３' },
    });
    await syncOk(b);
    await syncOk(a);
    for (const l of [a, b]) {
      const d = (await call(l.core, 'families.get', { id: f.id })) as FamilyDetail;
      expect(d.phone).toBe('0997333333');
      expect(await call(l.core, 'sync.conflicts', {})).toEqual([]);
    }
  });
});
