import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../electron/core/search/search-index.ts';
import { call } from '../../electron/core/test-support.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';
import { smallTargets, visit } from './layout-audit.ts';

/**
 * The 空き家台帳 register in Chromium over the sample town plus three houses of our own: search as you
 * type (owner kana), a status count as a filter, the 旧耐震 filter, sorting by a header, the duplicate
 * 整理番号 flag, axe in Japanese and English, and big enough targets at tablet size.
 */

const TOWN = 'kagoshima-yoron';

describe('akiya register', () => {
  let app: AppUnderTest;
  const ours: Record<string, string> = {};

  /** Our houses, written beside the sample the way sync would land them, then indexed for search. */
  function house(key: string, fields: Record<string, unknown>) {
    const sqlite = app.core.database.sqlite;
    const id = randomUUID();
    const now = new Date().toISOString();
    const row: Record<string, unknown> = {
      id,
      municipality_id: TOWN,
      address: '',
      status: 'candidate',
      created_at: now,
      created_by: 'e2e',
      updated_at: now,
      updated_by: 'e2e',
      ...fields,
    };
    const names = Object.keys(row);
    sqlite
      .prepare(`INSERT INTO property (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
      .run(...names.map((n) => row[n] as string | number | null));
    new SearchIndex(sqlite).reindex('property', id);
    ours[key] = id;
  }

  beforeAll(async () => {
    // A touch screen, as on the town's tablets: the shell sizes its targets for fingers.
    app = await launchApp({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    await call(app.core, 'profile.setup', {
      municipalityId: TOWN,
      displayName: '森 さくら',
      role: 'coordinator',
    });
    await call(app.core, 'sample.load', { size: 'small' });
    house('owned', {
      ref_number: 'E2E-1',
      address: '鹿児島県大島郡与論町茶花９９－１',
      lot_number: '茶花字東区999番1',
      district: '茶花',
      status: 'bank_listed',
      structure: 'wood',
      year_built: 1972,
      owner_name: '南 花子',
      owner_name_kana: 'みなみ はなこ',
      price_yen: 2_800_000,
    });
    house('lotOnly', {
      ref_number: 'E2E-2',
      lot_number: '立長字前浜888番2',
      district: '立長',
      year_built: 1995,
    });
    house('twin', { ref_number: 'E2E-2', address: '鹿児島県大島郡与論町那間７７', district: '那間' });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  const rows = () => app.page.locator('.akiya-table tbody tr');
  const countText = () => app.page.getByTestId('akiya-count').innerText();

  it('lists the town, searches as you type, filters by a status count and 旧耐震, sorts by a header', async () => {
    const { page } = app;
    await visit(page, '/akiya');
    await page.getByRole('heading', { level: 1, name: '空き家台帳' }).waitFor();
    await expect.poll(() => rows().count()).toBeGreaterThan(3);
    const all = Number((await countText()).match(/\d+/)?.[0]);
    expect(all).toBeGreaterThan(3);
    await expectAccessible(page, 'akiya register (ja)');
    await app.screenshot('akiya-register-1280x800-ja');

    // The owner's kana finds the house, though the owner is never shown.
    const search = page.getByRole('searchbox', { name: '物件を検索' });
    await search.fill('みなみ');
    await expect.poll(() => rows().count()).toBe(1);
    const found = await rows().first().innerText();
    expect(found).toContain('E2E-1');
    expect(found).toContain('旧耐震');
    expect(found).not.toContain('南');
    await search.fill('前浜888');
    await expect
      .poll(async () => (await rows().first().innerText()).includes('地番 立長字前浜888番2'))
      .toBe(true);
    await search.fill('E2E-2');
    await expect.poll(() => rows().count()).toBe(2);
    expect(await page.locator('.akiya-dup').count()).toBe(2);
    await search.fill('');
    await expect.poll(() => rows().count()).toBeGreaterThan(3);

    // A status count filters the list to that status, and says how many.
    const listed = page.locator('.akiya-count[data-status="bank_listed"]');
    const n = Number((await listed.innerText()).match(/\d+/)?.[0]);
    expect(n).toBeGreaterThan(0);
    await listed.click();
    await expect.poll(() => listed.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(countText).toContain(`${n}件`);
    const statuses = await page.locator('.akiya-table tbody .akiya-status').allInnerTexts();
    expect(new Set(statuses)).toEqual(new Set(['バンク登録']));

    // 旧耐震 narrows it further; the counts follow the other filters.
    await page.getByLabel('耐震基準').selectOption({ label: '旧耐震' });
    await expect
      .poll(async () => new Set(await page.locator('.akiya-table tbody .akiya-seismic').allInnerTexts()))
      .toEqual(new Set(['旧耐震']));
    await page.getByRole('button', { name: /^すべて/ }).click();
    await expect.poll(() => page.locator('.akiya-count').first().getAttribute('aria-pressed')).toBe('true');

    // Sorting by 整理番号 descending, then by 建築年 (keyboard: a header is a button).
    const refHeader = page.getByRole('columnheader', { name: /整理番号/ });
    await expect.poll(() => refHeader.getAttribute('aria-sort')).toBe('ascending');
    await refHeader.getByRole('button').click();
    await expect.poll(() => refHeader.getAttribute('aria-sort')).toBe('descending');
    const yearHeader = page.getByRole('columnheader', { name: /構造・建築年/ });
    await yearHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => yearHeader.getAttribute('aria-sort')).toBe('ascending');
    const years = (await page.locator('.akiya-table tbody .col-building').allInnerTexts())
      .map((s) => Number(s.match(/(\d{4})年/)?.[1] ?? Number.NaN))
      .filter((y) => !Number.isNaN(y));
    expect(years).toEqual([...years].sort((a, b) => a - b));
    await app.screenshot('akiya-register-filtered-ja');

    // A row opens its property page.
    await page.getByLabel('耐震基準').selectOption({ label: 'すべて' });
    await search.fill('みなみ');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().getByRole('link').getAttribute('href')).toBe(`#/akiya/${ours.owned}`);
  });

  it('has big enough targets at tablet size and the same page in English', async () => {
    const { page } = app;
    await visit(page, '/akiya');
    expect(await smallTargets(page)).toEqual([]);
    for (const size of [
      { width: 1024, height: 640 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await app.screenshot(`akiya-register-${size.width}x${size.height}-ja`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await call(app.core, 'app.setLocale', { locale: 'en' });
    await page.reload();
    await visit(page, '/akiya');
    await page.getByRole('heading', { level: 1, name: 'Vacant house register' }).waitFor();
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    await expectAccessible(page, 'akiya register (en)');
    await app.screenshot('akiya-register-1280x800-en');
    await call(app.core, 'app.setLocale', { locale: 'ja' });
    expect(app.pageErrors).toEqual([]);
  });
});
