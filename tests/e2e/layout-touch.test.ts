import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { type AppUnderTest, launchApp, SCREENSHOT_DIR } from './harness.ts';
import { allPages, coveredElements, smallTargets, visit } from './layout-audit.ts';

/** Switches the interface language as 設定 does (saved, then the page starts again in it). */
async function switchLocale(app: AppUnderTest, locale: 'ja' | 'en'): Promise<void> {
  await call(app.core, 'app.setLocale', { locale });
  await app.page.reload();
  await app.page.locator('nav.shell-nav, main h1').first().waitFor();
}

/** A screenshot per page and size, for a person to look at (test-results/layout/). */
async function shoot(app: AppUnderTest, size: string, path: string): Promise<void> {
  const page =
    path
      .split('/')
      .filter(Boolean)
      .map((p) => (/^[0-9a-f-]{36}$/.test(p) ? 'id' : p))
      .join('-') || 'root';
  mkdirSync(join(SCREENSHOT_DIR, 'layout'), { recursive: true });
  await app.screenshot(`layout/${size}-${page}`);
}

/**
 * Every page at the sizes a coordinator's screens have: a 1280×800 Windows tablet used by touch (every
 * target at least 44×44 px), the same tablet at 125 % scaling (1024×640: nothing covers anything),
 * and screenshots at each size in Japanese and English for a person to look at.
 */

async function openTown(options: Parameters<typeof launchApp>[0]): Promise<AppUnderTest> {
  const app = await launchApp(options);
  await call(app.core, 'profile.setup', {
    municipalityId: 'kagoshima-yoron',
    displayName: '森 さくら',
    displayNameKana: 'もり さくら',
    role: 'coordinator',
  });
  await call(app.core, 'sample.load', { size: 'small' });
  await app.page.reload();
  await app.page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
  return app;
}

describe('touch: 1280×800 with a touch screen', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await openTown({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('has no target under 44 px on any page', async () => {
    expect(await app.page.evaluate(() => document.documentElement.dataset.touch)).toBe('true');
    const report: string[] = [];
    for (const locale of ['ja', 'en'] as const) {
      await switchLocale(app, locale);
      for (const path of allPages(app)) {
        await visit(app.page, path);
        for (const f of await smallTargets(app.page))
          report.push(`${locale} ${path}: ${f.what} ${f.width}×${f.height}`);
        await shoot(app, `touch-1280x800-${locale}`, path);
      }
    }
    await switchLocale(app, 'ja');
    expect(report).toEqual([]);
  });

  it('offers a calendar beside a typed date, and its choice fills the field', async () => {
    const { page } = app;
    await visit(page, '/families/new');
    const birth = page.locator('fieldset.fam-member').first();
    const button = birth.getByRole('button', { name: 'カレンダーから選ぶ' });
    const box = await button.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(44);
    expect(box?.height).toBeGreaterThanOrEqual(44);
    // The system picker is the browser's own window; what it hands back arrives as the native input's value.
    await birth.locator('input.date-picker-native').fill('2022-05-10');
    // A picked date reads like a typed one after leaving the field: 和暦 in it, the Western year beside it.
    expect(await birth.getByLabel('生年月日').inputValue()).toBe('令和4年5月10日');
    await birth.locator('.date-side', { hasText: '2022/5/10' }).waitFor();
  });
});

describe('layout: 1024×640 (a 1280×800 tablet at 125 %)', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await openTown({ viewport: { width: 1024, height: 640 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  // One test per size: each walks every page in both languages, within the e2e time limit.
  it.each([
    { width: 1024, height: 640 },
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ])('covers no interactive element with another on any page at $width×$height, ja and en', async (size) => {
    const report: string[] = [];
    await app.page.setViewportSize(size);
    for (const locale of ['ja', 'en'] as const) {
      await switchLocale(app, locale);
      for (const path of allPages(app)) {
        await visit(app.page, path);
        await shoot(app, `${size.width}x${size.height}-${locale}`, path);
        for (const f of await coveredElements(app.page)) report.push(`${locale} ${path}: ${f.what}`);
      }
    }
    await app.page.setViewportSize({ width: 1024, height: 640 });
    await switchLocale(app, 'ja');
    expect(report).toEqual([]);
  });

  it('reaches 「家族として登録」 on the enquiries page', async () => {
    const { page } = app;
    await visit(page, '/enquiries');
    const convert = page.getByRole('link', { name: /家族として登録/ }).first();
    await convert.scrollIntoViewIfNeeded();
    // A real click (Playwright refuses one that another element would receive).
    await convert.click({ timeout: 5_000 });
    await page.getByRole('heading', { level: 1, name: /家族として登録/ }).waitFor();
    // The new page starts at its top, not where the list was scrolled to.
    await expect.poll(() => page.locator('main').evaluate((m) => m.scrollTop)).toBe(0);
  });

  it('folds the side navigation and gives its width to the page', async () => {
    const { page } = app;
    await visit(page, '/families');
    const before = await page.locator('main').evaluate((m) => m.getBoundingClientRect().width);
    await page.getByRole('button', { name: 'メニューをたたむ' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'メインメニュー' }).isVisible()).toBe(false);
    const after = await page.locator('main').evaluate((m) => m.getBoundingClientRect().width);
    expect(after).toBeGreaterThan(before + 100);
    await page.getByRole('button', { name: 'メニューを開く' }).click();
    await page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
  });
});
