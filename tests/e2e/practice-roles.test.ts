import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FileCredentialStore } from '../../electron/core/sync/credentials.ts';
import { call } from '../../electron/core/test-support.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';

/**
 * Practice without a trap, and roles a laptop cannot hand itself: the sample town opens in its own
 * practice database after a warning, a banner says so on every page, ending it brings back the real
 * records untouched, and the laptop can still enrol. The role comes with what it unlocks, the
 * consortium role is not offered, and an enrolled laptop shows the server's role without a way to
 * change it.
 */

async function setUp(app: AppUnderTest, role = 'coordinator') {
  await call(app.core, 'profile.setup', {
    municipalityId: 'kagoshima-yoron',
    displayName: '森 さくら',
    displayNameKana: 'もり さくら',
    role,
  });
  await app.page.reload();
  await app.page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
}

describe('practice mode', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 1366, height: 768 } });
    await setUp(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('warns, practises in a separate database, and comes back to the real records', async () => {
    const { page, core } = app;
    const real = (await call(core, 'families.create', { familyName: '本田', familyNameKana: 'ほんだ' })) as {
      id: string;
    };
    await page.getByRole('link', { name: /設定/ }).click();
    await page.getByLabel('規模', { exact: true }).selectOption('small');
    await page.getByRole('button', { name: 'サンプルデータを読み込む' }).click();
    // Nothing is loaded until the user agrees to the switch.
    const warning = page.getByRole('alertdialog', { name: '練習モードを始めますか？' });
    await warning.waitFor();
    expect(await warning.innerText()).toContain('本番の記録はそのまま保存');
    expect(core.inPractice).toBe(false);
    await page.getByRole('button', { name: '練習モードを始める' }).click();
    await expect
      .poll(() => page.getByTestId('sample-status').innerText(), { timeout: 60_000 })
      .toMatch(/読み込みました/);

    const banner = page.getByRole('region', { name: '練習モード中' });
    await banner.waitFor();
    await app.screenshot('practice-banner-settings');
    for (const section of [/今日/, /家族/, /同期/]) {
      await page
        .getByRole('navigation', { name: 'メインメニュー' })
        .getByRole('link', { name: section })
        .click();
      await banner.waitFor();
    }
    await expectAccessible(page, 'sync in practice');
    // The real database has still only the one real family.
    expect(core.inPractice).toBe(true);

    await banner.getByRole('button', { name: '練習を終える' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    expect(core.inPractice).toBe(false);
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: /家族/ })
      .click();
    await page.getByRole('link', { name: /本田/ }).first().waitFor();
    const families = (await call(core, 'families.list', {})) as { items: { id: string }[] };
    expect(families.items.map((f) => f.id)).toEqual([real.id]);
    expect(
      core.database.sqlite
        .prepare("SELECT count(*) FROM app_setting WHERE key = 'sample.loaded'")
        .pluck()
        .get(),
    ).toBe(0);
  });

  it('can enrol after practising: the enrolment goes to the server instead of being refused', async () => {
    const { page } = app;
    await page.getByRole('link', { name: /設定/ }).click();
    await page.getByLabel('サーバーのアドレス', { exact: true }).fill('http://127.0.0.1:9');
    await page.getByLabel('登録コード', { exact: true }).fill('ABCD-EFGH-JKLM');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    // Refused only because nothing listens on that port, not because the laptop practised.
    await page.getByText('サーバーに接続できません').first().waitFor();
    expect(await page.getByText('サンプルデータが入った端末は登録できません').count()).toBe(0);
  });

  it('shows a larger town loading as a progress bar that the core fills, then takes it away', async () => {
    const { page } = app;
    await page.getByRole('link', { name: /設定/ }).click();
    // Everything the bar shows while the load runs: it may come and go between two polls, so the page
    // itself writes down each state of it.
    await page.evaluate(() => {
      const seen: { value: number; max: number; label: string }[] = [];
      (window as unknown as { __progressSeen: typeof seen }).__progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('[data-testid="sample-progress"]');
        if (bar) seen.push({ value: bar.value, max: bar.max, label: bar.getAttribute('aria-label') ?? '' });
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByLabel('規模', { exact: true }).selectOption('medium');
    await page.getByRole('button', { name: 'サンプルデータを読み込む' }).click();
    await page.getByRole('button', { name: '練習モードを始める' }).click();
    await expect
      .poll(() => page.getByTestId('sample-status').innerText(), { timeout: 120_000 })
      .toMatch(/読み込みました/);
    const seen = await page.evaluate(
      () =>
        (window as unknown as { __progressSeen: { value: number; max: number; label: string }[] })
          .__progressSeen,
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.max > 0 && s.value <= s.max)).toBe(true);
    expect(seen.at(-1)?.label).toMatch(/%/);
    // Done: the bar is gone and the banner says practice.
    expect(await page.getByTestId('sample-progress').count()).toBe(0);
    await page
      .getByRole('region', { name: '練習モード中' })
      .getByRole('button', { name: '練習を終える' })
      .click();
    await expect.poll(() => page.getByRole('region', { name: '練習モード中' }).count()).toBe(0);
  });
});

describe('roles', () => {
  const dirs: string[] = [];
  let app: AppUnderTest | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('at setup offers the laptop roles with what each unlocks, never the consortium role', async () => {
    app = await launchApp();
    const { page } = app;
    await page.getByRole('heading', { name: 'ふたさと — はじめに' }).waitFor();
    expect(await page.getByRole('radio').count()).toBe(3);
    expect(await page.getByRole('radio', { name: /コンソーシアム管理者/ }).count()).toBe(0);
    await page.getByText(/アレルギー・配慮事項も見られます/).waitFor();
    await page.getByText(/アレルギー・配慮事項は見られません/).waitFor();
    await app.screenshot('setup-roles');
  });

  it('before enrolment: a role change in 設定 is saved and audited', async () => {
    app = await launchApp();
    await setUp(app, 'surveyor');
    const { page, core } = app;
    await page.getByRole('link', { name: /設定/ }).click();
    await page.getByRole('radio', { name: /^コーディネーター/ }).check();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('保存しました').waitFor();
    const audit = core.database.sqlite
      .prepare("SELECT details FROM audit_log WHERE table_name = 'local_profile'")
      .pluck()
      .all() as string[];
    expect(audit.map((d) => JSON.parse(d))).toEqual([
      { fields: ['role'], from: 'surveyor', to: 'coordinator', source: 'settings' },
    ]);
  });

  it('once enrolled: the role is the server’s and 設定 offers no way to change it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'futasato-cred-'));
    dirs.push(dir);
    const credentials = new FileCredentialStore(join(dir, 'device-credential.json'));
    credentials.save({
      serverUrl: 'http://127.0.0.1:9',
      deviceId: 'dev-1',
      refreshToken: 'token',
      townId: 'kagoshima-yoron',
      userId: 'user-1',
    });
    app = await launchApp({ credentials });
    await setUp(app, 'surveyor');
    const { page, core } = app;
    await page.getByRole('link', { name: /設定/ }).click();
    const fixed = page.getByTestId('server-role');
    await fixed.waitFor();
    expect(await fixed.innerText()).toContain('空き家調査員');
    expect(await page.getByRole('radio', { name: /^コーディネーター/ }).count()).toBe(0);
    await app.screenshot('settings-server-role');
    // The core refuses as well, whatever a page sends.
    const refused = await core.invoke('profile.update', { displayName: '森 さくら', role: 'coordinator' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ROLE_SET_BY_SERVER' } });
  });
});
