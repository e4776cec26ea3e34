import { describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { createTown } from '../../server/src/admin/commands.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { enrol, laptopSuite, openLaptop } from './field-laptops.ts';
import { type AppUnderTest, expectAccessible } from './harness.ts';
import { smallTargets } from './layout-audit.ts';
import { go } from './sync-ui.ts';

/**
 * The town's lock policy (docs/security.md): a town administrator sets the idle minutes on one laptop
 * through 設定, both laptops sync through a real server, and a coordinator's laptop shows the town's
 * new policy (read-only, who set it when) and locks after that many idle minutes (Playwright's fake
 * clock). Chromium at 1280×800 touch; every server, laptop and name is made inside the test.
 */

const TOWN = 'kagoshima-yoron';

describe("the town's lock policy", () => {
  const suite = laptopSuite();
  const { cleanups } = suite;

  async function laptop(
    server: TestServer,
    name: string,
    role: 'coordinator' | 'town_admin',
  ): Promise<{ app: AppUnderTest; userId: string }> {
    const app = await openLaptop(suite, TOWN, name);
    const { userId } = await enrol(app, server, { town: TOWN, name, role });
    return { app, userId };
  }

  async function openSettings(app: AppUnderTest): Promise<void> {
    await go(app.page, '/settings');
    await app.page.getByTestId('town-lock-policy').waitFor();
    await app.page.getByTestId('town-lock-policy').scrollIntoViewIfNeeded();
  }

  it('an administrator sets 3 idle minutes on laptop A; laptop B shows it after sync and locks after 3 idle minutes', async () => {
    const tag = Math.random().toString(36).slice(2, 7);
    const server = await startTestServer({ listen: true });
    cleanups.push(() => server.close());
    await createTown(server.deps.db, { id: TOWN });
    const a = await laptop(server, `管理 ${tag}`, 'town_admin');
    const b = await laptop(server, `職員 ${tag}`, 'coordinator');
    const surname = `鍵町${tag}`;
    await call(b.app.core, 'families.create', { familyName: surname, familyNameKana: 'かぎまち' });
    await call(b.app.core, 'lock.setPasscode', { passcode: 'yoron-2026' });
    const policies = (app: AppUnderTest) =>
      app.core.database.sqlite.prepare('SELECT count(*) FROM town_policy').pluck().get() as number;

    // ── Laptop A, the administrator: the defaults, and a form.
    const pa = a.app.page;
    await pa.reload();
    await openSettings(a.app);
    const card = pa.getByTestId('town-lock-policy');
    expect(await card.getByTestId('town-lock-set').innerText()).toContain('町の設定はまだありません');
    expect(await card.getByTestId('town-lock-values').innerText()).toContain('10分');

    // Out of range: a Japanese message, nothing written.
    const idle = card.getByLabel('操作がないときに画面をロックするまでの時間（分・1〜240）');
    await idle.fill('0');
    await card.getByRole('button', { name: '町の設定として保存' }).click();
    await card.getByRole('alert').filter({ hasText: '1〜240分の整数で入力してください' }).waitFor();
    expect(policies(a.app)).toBe(0);
    await a.app.screenshot('town-lock-policy-01-admin-invalid-ja');

    await idle.fill('3');
    await card.getByLabel('メモ（任意・変更の理由など）').fill('会議で決定');
    await card.getByRole('button', { name: '町の設定として保存' }).click();
    await card.getByRole('status').filter({ hasText: '町のすべての端末に反映されます' }).waitFor();
    await expect.poll(() => card.getByTestId('town-lock-set').innerText()).toContain('あなたが設定しました');
    expect(await card.getByTestId('town-lock-values').innerText()).toContain('3分');
    expect(policies(a.app)).toBe(1);
    await a.app.screenshot('town-lock-policy-02-admin-saved-ja');
    await expectAccessible(pa, 'town lock policy, administrator (ja)');
    expect(await smallTargets(pa, 44)).toEqual([]);

    // ── Laptop B, a coordinator, on a fake clock: still the defaults until it syncs.
    const pb = b.app.page;
    await pb.clock.install();
    await pb.reload();
    await openSettings(b.app);
    const seen = pb.getByTestId('town-lock-policy');
    expect(await seen.getByTestId('town-lock-values').innerText()).toContain('10分');

    // Both laptops sync through the server; B receives the version while its window is open.
    expect(await call(a.app.core, 'sync.now')).toMatchObject({ phase: 'idle' });
    expect(await call(b.app.core, 'sync.now')).toMatchObject({ phase: 'idle' });
    expect(policies(b.app)).toBe(1);
    await expect.poll(() => seen.getByTestId('town-lock-values').innerText()).toContain('3分');
    const said = await seen.getByTestId('town-lock-set').innerText();
    expect(said).toContain('町の管理者');
    expect(said).toContain(a.userId.slice(-8));
    expect(await seen.innerText()).toContain('メモ：会議で決定');
    expect(await seen.getByTestId('town-lock-readonly').innerText()).toContain('町の管理者だけ');
    expect(await seen.locator('input, button').count()).toBe(0);
    await b.app.screenshot('town-lock-policy-03-coordinator-ja');
    await expectAccessible(pb, 'town lock policy, coordinator (ja)');
    expect(await smallTargets(pb, 44)).toEqual([]);

    // ── Three idle minutes, the town's, not the ten of before.
    await go(pb, '/families');
    await pb.getByText(surname).first().waitFor();
    // A touch now: the three minutes count from here, whatever the checks above took in real time.
    await pb.mouse.move(200, 200);
    await pb.clock.runFor('02:50');
    expect(await pb.getByText(surname).count()).toBeGreaterThan(0);
    await pb.clock.runFor('00:15');
    await pb.getByRole('heading', { name: /ロック中/, level: 1 }).waitFor();
    expect(await pb.content()).not.toContain(surname);
    await b.app.screenshot('town-lock-policy-04-coordinator-locked-ja');
    await pb.getByLabel('パスコード').fill('yoron-2026');
    await pb.getByRole('button', { name: 'ロックを解除' }).click();
    await pb.getByText(surname).first().waitFor();

    // ── The same in English, on both laptops.
    await call(b.app.core, 'app.setLocale', { locale: 'en' });
    await pb.reload();
    await openSettings(b.app);
    expect(await seen.getByTestId('town-lock-values').innerText()).toContain('after 3 minutes');
    expect(await seen.getByTestId('town-lock-set').innerText()).toContain('A town administrator');
    await b.app.screenshot('town-lock-policy-05-coordinator-en');
    await expectAccessible(pb, 'town lock policy, coordinator (en)');

    await call(a.app.core, 'app.setLocale', { locale: 'en' });
    await pa.reload();
    await openSettings(a.app);
    expect(await card.getByTestId('town-lock-set').innerText()).toContain('You set them');
    await card.getByLabel('Days without reaching the server before the records lock (1–365)').fill('400');
    await card.getByRole('button', { name: "Save as the town's settings" }).click();
    await card.getByRole('alert').filter({ hasText: 'whole number from 1 to 365' }).waitFor();
    expect(policies(a.app)).toBe(1);
    await a.app.screenshot('town-lock-policy-06-admin-en');
    await expectAccessible(pa, 'town lock policy, administrator (en)');
    expect(await smallTargets(pa, 44)).toEqual([]);
  }, 240_000);
});
