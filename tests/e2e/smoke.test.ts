import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppUnderTest, expectAccessible, japaneseRendersAsGlyphs, launchApp } from './harness.ts';

/**
 * First day with Futasato, as a new coordinator would live it: first-run setup with no server → the
 * Japanese shell → load the sample town → find a family by typing its furigana in hiragana.
 */
describe('smoke: first run to first search', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sets up a local profile without any server', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'ふたさと — はじめに' }).waitFor();
    expect(await japaneseRendersAsGlyphs(page)).toBe(true);
    await expectAccessible(page, 'setup');
    await app.screenshot('01-setup-empty');

    // Submitting with nothing filled in is refused in Japanese and creates nothing.
    await page.getByRole('button', { name: 'はじめる' }).click();
    await page.getByRole('alert').filter({ hasText: '入力してください' }).first().waitFor();
    expect(await app.core.invoke('profile.get', {})).toEqual({ ok: true, value: null });

    await page.getByLabel('自治体', { exact: true }).selectOption({ label: '鹿児島県 与論町' });
    await page.getByLabel('お名前', { exact: true }).fill('田中 美咲');
    await page.getByLabel('ふりがな', { exact: true }).fill('たなか みさき');
    await page.getByRole('radio', { name: 'コーディネーター' }).check();
    await app.screenshot('02-setup-filled');
    await page.getByRole('button', { name: 'はじめる' }).click();

    await page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
    const profile = await app.core.invoke('profile.get', {});
    expect(profile).toMatchObject({
      ok: true,
      value: { displayName: '田中 美咲', municipality: { name: '与論町' } },
    });
  });

  it('shows the shell in Japanese with every section', async () => {
    const { page } = app;
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    for (const label of [
      '今日',
      '家族',
      '空き家',
      '現地調査',
      'イベント',
      '関係人口名簿',
      'レポート',
      '同期',
      '設定',
    ]) {
      await expect(nav.getByRole('link', { name: new RegExp(label) }).count()).resolves.toBe(1);
    }
    await page.getByRole('heading', { name: '今日', level: 1 }).waitFor();
    await page.getByText('この日に滞在中の家族はいません').waitFor();
    expect(await page.locator('.shell-header').innerText()).toContain('鹿児島県与論町');
    await expectAccessible(page, 'today (empty)');
    await app.screenshot('03-shell-today-empty');

    // Every placeholder section says what it is for instead of showing a blank page.
    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { name: '空き家台帳' }).waitFor();
    await page.keyboard.press('Alt+9');
    await page.getByText('この端末はまだサーバーに登録されていません').waitFor();
    await expectAccessible(page, 'sync (empty)');
  });

  it('loads the sample town from Settings', async () => {
    const { page } = app;
    await page.getByRole('link', { name: /設定/ }).click();
    await page.getByRole('heading', { name: '設定', level: 1 }).waitFor();
    await page.getByLabel('規模', { exact: true }).selectOption('medium');
    await page.getByRole('button', { name: 'サンプルデータを読み込む' }).click();
    // It says first that it switches to a separate practice database.
    await page.getByRole('alertdialog', { name: '練習モードを始めますか？' }).waitFor();
    await page.getByRole('button', { name: '練習モードを始める' }).click();
    await expect
      .poll(() => page.getByTestId('sample-status').innerText(), { timeout: 60_000 })
      .toMatch(/1,?000家族.*読み込みました/);
    await expectAccessible(page, 'settings');
    await app.screenshot('04-settings-sample-loaded');
  });

  it('shows the families in town on the today board', async () => {
    const { page } = app;
    await page.getByRole('link', { name: /今日/ }).click();
    await page.getByRole('heading', { name: '滞在中の家族' }).waitFor();
    const cards = page.locator('.stay-card');
    expect(await cards.count()).toBeGreaterThan(5);
    await expectAccessible(page, 'today (sample)');
    await app.screenshot('05-today-board');

    // 良好で記録 on the first family without a check-in records one, through the real write path.
    const missing = page.locator('.stay-card.missing').first();
    const familyName = (await missing.locator('.family-name').innerText()).trim();
    const before = app.core.database.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    await missing.getByRole('button', { name: '良好で記録' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${familyName}家の記録を保存しました` })
      .waitFor();
    expect(app.core.database.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(before + 1);
  });

  it('finds a family by typing its furigana in hiragana', async () => {
    const { page, core } = app;
    // Pick a real family of the sample whose name is written in kanji, and search for its reading.
    const target = core.database.sqlite
      .prepare(
        "SELECT family_name, family_name_kana FROM family WHERE family_name GLOB '*[一-龥]*' ORDER BY id LIMIT 1",
      )
      .get() as { family_name: string; family_name_kana: string };
    const sameReading = core.database.sqlite
      .prepare('SELECT count(*) FROM family WHERE family_name_kana = ?')
      .pluck()
      .get(target.family_name_kana) as number;

    await page.locator('.shell-nav').getByRole('link', { name: /家族/ }).click();
    await page.getByRole('heading', { name: '家族', level: 1 }).waitFor();
    // Empty first: a retried attempt must not start from the first attempt's letters.
    await page.getByRole('searchbox').fill('');
    await expect.poll(() => page.getByTestId('family-count').innerText()).toMatch(/1,?000家族/);
    // A list of 1,000 families keeps only what is on screen in the DOM.
    expect(await page.locator('.family-scroll li.family-row').count()).toBeLessThan(60);

    await page.getByRole('searchbox').pressSequentially(target.family_name_kana, { delay: 30 });
    await expect.poll(() => page.getByTestId('family-count').innerText()).not.toMatch(/1,?000家族/);
    const rows = page.locator('.family-scroll li.family-row');
    await expect.poll(() => rows.first().innerText()).toContain(target.family_name);
    // Each letter typed shows its own results on the way ("あ", "あお"): wait for the whole reading's.
    await expect
      .poll(async () =>
        (await page.locator('.family-scroll li.family-row .kana').allInnerTexts()).filter(
          (n) => !n.includes(target.family_name_kana),
        ),
      )
      .toEqual([]);
    const shownCount = Number((await page.getByTestId('family-count').innerText()).replace(/[^0-9]/g, ''));
    expect(shownCount).toBeGreaterThanOrEqual(sameReading);
    await expectAccessible(page, 'families (search)');
    await app.screenshot('06-families-search-hiragana');
  });

  it('finds the same family when the reading is typed in half-width katakana', async () => {
    const { page } = app;
    const box = page.getByRole('searchbox');
    await box.fill('ﾀﾅｶ');
    await expect
      .poll(() => page.locator('.family-scroll li.family-row .kana').first().innerText())
      .toContain('たなか');
  });

  it('switches the whole interface to English and back, and remembers the choice', async () => {
    const { page, core } = app;
    await page.getByRole('link', { name: /設定/ }).click();
    await page.getByRole('radio', { name: 'English' }).check();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main menu' });
    await nav.getByRole('link', { name: /Families/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await core.invoke('app.info', {})).toMatchObject({ ok: true, value: { locale: 'en' } });
    await expectAccessible(page, 'settings (English)');
    await app.screenshot('07-settings-english');
    await page.getByRole('radio', { name: '日本語' }).check();
    await page.getByRole('heading', { name: '設定', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
  });

  it('raised no page errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
