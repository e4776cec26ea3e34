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
