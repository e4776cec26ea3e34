import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { createTown } from '../../server/src/admin/commands.ts';
import { deviceHistory } from '../../server/src/devices/lifecycle.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { verifyUnlockCode } from '../../shared/node/unlock-code.ts';
import { enrol, laptopSuite, openLaptop } from './field-laptops.ts';
import { type AppUnderTest, expectAccessible } from './harness.ts';
import { coveredElements, smallTargets } from './layout-audit.ts';
import { go, switchableNetwork } from './sync-ui.ts';

/**
 * 端末の管理 (docs/security.md): a town administrator's laptop lists the town's laptops from a real
 * server, revokes another as lost through the confirmation dialog (that laptop wipes at its next
 * contact, and the list then says so), and issues an unlock code that a third laptop, locked offline,
 * accepts. Chromium at 1280×800 touch; every server, laptop and name is made inside the test.
 */

const TOWN = 'kagoshima-yoron';

describe('端末の管理 (town administrator)', () => {
  const suite = laptopSuite();
  const { cleanups } = suite;

  /** The same page on a 1366×768 office laptop: nothing covers a control, no target under 44 px. */
  async function atOfficeLaptopSize(page: Page): Promise<void> {
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(await coveredElements(page)).toEqual([]);
    expect(await smallTargets(page, 44)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  async function laptop(
    server: TestServer,
    name: string,
    role: 'coordinator' | 'town_admin',
    serverClient?: { fetch: typeof fetch; timeoutMs: number },
  ): Promise<{ app: AppUnderTest; deviceId: string }> {
    const app = await openLaptop(suite, TOWN, name, serverClient);
    const { deviceId } = await enrol(app, server, { town: TOWN, name, role });
    return { app, deviceId };
  }

  it('lists the town’s laptops, revokes one as lost (it wipes; the list says so), issues an unlock code another laptop accepts', async () => {
    const tag = Math.random().toString(36).slice(2, 7);
    const server = await startTestServer({ listen: true });
    cleanups.push(() => server.close());
    await createTown(server.deps.db, { id: TOWN });

    const net = switchableNetwork();
    const admin = await laptop(server, `管理 ${tag}`, 'town_admin', { fetch: net.fetch, timeoutMs: 10_000 });
    const lost = await laptop(server, `紛失 ${tag}`, 'coordinator');
    const island = await laptop(server, `離島 ${tag}`, 'coordinator');
    await call(lost.app.core, 'families.create', { familyName: `失${tag}`, familyNameKana: 'しつ' });
    const lostDir = dirname(((await call(lost.app.core, 'sync.backups')) as { folder: string }).folder);

    // Only a town administrator may ask; a laptop may not revoke itself.
    const refused = await island.app.core.invoke('devices.list', {});
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    const self = await admin.app.core.invoke('devices.revoke', { deviceId: admin.deviceId, reason: 'lost' });
    expect(self.ok ? null : self.error.code).toBe('DEVICE_SELF_REVOKE');

    // ── 設定 → 端末の管理.
    const { page } = admin.app;
    await page.reload();
    await go(page, '/settings');
    await page.getByRole('link', { name: '端末の管理を開く' }).click();
    await page.getByRole('heading', { name: '端末の管理', level: 1 }).waitFor();
    const table = page.getByTestId('devices-table');
    const row = (name: string) => table.locator('tbody tr').filter({ hasText: name });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 20_000 }).toBe(3);
    expect(await page.getByTestId('devices-fetched').innerText()).toContain('サーバーから取得');
    expect(await row(`管理 ${tag}`).innerText()).toContain('この端末');
    expect(await row(`管理 ${tag}`).innerText()).toContain('自治体管理者');
    // The administrator's own laptop offers no revocation.
    expect(await row(`管理 ${tag}`).getByRole('button', { name: '紛失として無効化' }).count()).toBe(0);
    expect(await row(`紛失 ${tag}`).getByTestId('device-state').innerText()).toBe('使用中');
    await admin.app.screenshot('device-admin-01-list-ja');
    await expectAccessible(page, 'device admin list (ja)');
    expect(await smallTargets(page, 44)).toEqual([]);
    await atOfficeLaptopSize(page);

    // ── Revoke the second laptop as lost: the dialog says what will happen; cancel first changes nothing.
    await row(`紛失 ${tag}`).getByRole('button', { name: '紛失として無効化' }).click();
    const dialog = page.getByRole('dialog', { name: `「紛失 ${tag}」を紛失として無効化しますか？` });
    await dialog.waitFor();
    const said = await dialog.innerText();
    expect(said).toContain('次にサーバーに接続したとき');
    expect(said).toContain('まだ送信されていない記録は失われます');
    await admin.app.screenshot('device-admin-02-confirm-lost-ja');
    await expectAccessible(page, 'revoke dialog (ja)');
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await deviceHistory(server.deps.db, lost.deviceId)).length).toBe(0);

    await row(`紛失 ${tag}`).getByRole('button', { name: '紛失として無効化' }).click();
    await dialog.getByRole('button', { name: '紛失として無効化する' }).click();
    await page.getByRole('status').filter({ hasText: '無効化しました' }).waitFor({ timeout: 20_000 });
    await expect
      .poll(() => row(`紛失 ${tag}`).getByTestId('device-state').innerText(), { timeout: 20_000 })
      .toBe('紛失として無効化（次の接続で消去）');

    // The lost laptop's next contact wipes it.
    await call(lost.app.core, 'sync.now').catch(() => undefined);
    await expect.poll(() => readdirSync(lostDir).sort(), { timeout: 30_000 }).toEqual(['logs', 'wiped.json']);

    // The administrator's list, fetched again, says the wipe was acknowledged; the history shows the steps.
    await page.getByRole('button', { name: '一覧を再読み込み' }).click();
    await expect
      .poll(() => row(`紛失 ${tag}`).getByTestId('device-state').innerText(), { timeout: 20_000 })
      .toBe('紛失：消去を確認済み');
    await row(`紛失 ${tag}`).getByRole('button', { name: '履歴を表示' }).click();
    const history = page.getByTestId('device-history');
    await expect
      .poll(() => history.innerText(), { timeout: 20_000 })
      .toMatch(/無効化[\s\S]*消去を指示[\s\S]*消去を確認/);
    await admin.app.screenshot('device-admin-03-wiped-history-ja');

    // ── An unlock code for the third laptop, shown in five groups of five with its expiry.
    await row(`離島 ${tag}`).getByRole('button', { name: '解除コードを発行' }).click();
    const shown = page.getByTestId('unlock-code');
    await shown.waitFor({ timeout: 20_000 });
    const code = (await shown.getAttribute('data-code')) ?? '';
    const groups = await shown.locator('.device-code-group').allInnerTexts();
    // Short enough to read out by phone: 25 characters, none of I, L, O, U.
    expect(groups).toHaveLength(5);
    expect(groups.every((g) => /^[0-9A-HJKMNP-TV-Z]{5}$/.test(g))).toBe(true);
    expect(groups.join('-')).toBe(code);
    expect(await page.getByTestId('unlock-code-panel').innerText()).toMatch(/有効期限：/);
    const fontFamily = await shown.evaluate((el) => getComputedStyle(el).fontFamily);
    expect(fontFamily).toMatch(/mono|Menlo|Consolas/i);
    await page.getByTestId('unlock-code-panel').scrollIntoViewIfNeeded();
    await admin.app.screenshot('device-admin-04-unlock-code-ja');
    await expectAccessible(page, 'unlock code (ja)');
    expect(await smallTargets(page, 44)).toEqual([]);
    await atOfficeLaptopSize(page);

    // It verifies with the shared verifier and the secret the third laptop received, for it only …
    const secret =
      (
        island.app.core.database.sqlite
          .prepare("SELECT value FROM app_setting WHERE key = 'lock.unlock_secret'")
          .get() as { value: string } | undefined
      )?.value ?? '';
    expect(secret).not.toBe('');
    const facts = verifyUnlockCode({ typed: code, secret, deviceId: island.deviceId, now: new Date() });
    expect(facts.expiresAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(() =>
      verifyUnlockCode({ typed: code, secret, deviceId: lost.deviceId, now: new Date() }),
    ).toThrow();
    // … and the third laptop, locked after forty days offline, opens with it (typed as read out).
    const longAgo = new Date(Date.now() - 40 * 86_400_000).toISOString();
    for (const k of ['sync.last_success_at', 'lock.enrolled_at', 'lock.code_unlocked_at']) {
      island.app.core.database.sqlite
        .prepare('INSERT OR REPLACE INTO app_setting (key, value) VALUES (?, ?)')
        .run(k, longAgo);
    }
    expect(((await call(island.app.core, 'lock.status')) as { state: string }).state).toBe('offline_locked');
    const islandPage = island.app.page;
    await islandPage.reload();
    await islandPage.getByRole('heading', { name: /記録をロックしています/, level: 1 }).waitFor();
    // Typed key by key as heard: lower case, a space between groups.
    await islandPage.getByLabel(/解除コード/).pressSequentially(code.toLowerCase().replaceAll('-', ' '));
    await island.app.screenshot('device-admin-04b-island-code-typed-ja');
    await islandPage.getByRole('button', { name: 'コードで解除' }).click();
    await expect
      .poll(async () => ((await call(island.app.core, 'lock.status')) as { state: string }).state, {
        timeout: 20_000,
      })
      .not.toBe('offline_locked');
    await islandPage
      .getByRole('heading', { name: /記録をロックしています/, level: 1 })
      .waitFor({ state: 'detached' });

    // Each action is in the administrator laptop's own audit log (the code itself is not).
    const audited = admin.app.core.database.sqlite
      .prepare(
        "SELECT action, table_name, row_id, details FROM audit_log WHERE table_name = 'device' ORDER BY id",
      )
      .all() as { action: string; table_name: string; row_id: string; details: string }[];
    expect(audited.map((a) => [a.action, a.table_name, a.row_id])).toEqual([
      ['revoke_device', 'device', lost.deviceId],
      ['view_sensitive', 'device', lost.deviceId],
      ['issue_unlock_code', 'device', island.deviceId],
    ]);
    expect(JSON.parse(audited[0]?.details ?? '{}')).toMatchObject({ reason: 'lost' });
    expect(audited.some((a) => a.details.includes(code.slice(0, 14)))).toBe(false);

    // ── Offline: a clear message, and no list shown from anywhere.
    net.state.online = false;
    await page.getByRole('button', { name: '一覧を再読み込み' }).click();
    await expect
      .poll(() => page.getByTestId('devices-error').innerText(), { timeout: 20_000 })
      .toContain('サーバーに接続できません（オフライン）');
    expect(await page.getByTestId('devices-table').count()).toBe(0);
    await admin.app.screenshot('device-admin-05-offline-ja');
    await expectAccessible(page, 'device admin offline (ja)');

    // ── The same page in English, back online, with the retired dialog.
    net.state.online = true;
    await call(admin.app.core, 'app.setLocale', { locale: 'en' });
    await page.reload();
    await go(page, '/settings/devices');
    await page.getByRole('heading', { name: 'Computers', level: 1 }).waitFor();
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 20_000 }).toBe(3);
    expect(await row(`紛失 ${tag}`).getByTestId('device-state').innerText()).toBe('Lost: erasure confirmed');
    await row(`離島 ${tag}`).getByRole('button', { name: 'Revoke as retired' }).click();
    const retired = page.getByRole('dialog', { name: `Revoke “離島 ${tag}” as retired?` });
    await retired.waitFor();
    expect(await retired.innerText()).toContain('sends the records it has not sent yet');
    await admin.app.screenshot('device-admin-06-confirm-retired-en');
    await expectAccessible(page, 'revoke dialog (en)');
    await retired.getByRole('button', { name: 'Cancel' }).click();
    await expectAccessible(page, 'device admin list (en)');
    expect(await smallTargets(page, 44)).toEqual([]);
    // The unlock code in English: the same five groups, large and copyable.
    await row(`離島 ${tag}`).getByRole('button', { name: 'Issue unlock code' }).click();
    await page.getByTestId('unlock-code').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('unlock-code').locator('.device-code-group').count()).toBe(5);
    await page.getByTestId('unlock-code-panel').scrollIntoViewIfNeeded();
    await admin.app.screenshot('device-admin-07-unlock-code-en');
    await expectAccessible(page, 'unlock code (en)');
    expect(await smallTargets(page, 44)).toEqual([]);
  }, 240_000);
});
