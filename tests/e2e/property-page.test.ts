import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';

/**
 * One vacant house, as a coordinator meets it in Chromium: registered by its 地番 only with a 和暦 build
 * year (旧耐震 shown as it is typed), bad input refused field by field with nothing written, a real
 * JPEG with EXIF GPS attached and its position taken with one click, the status moved along the
 * pipeline (バンク登録 refused without consent), and the owner shown only on request, each view audited.
 */

/** A small real JPEG whose EXIF says where it was taken: 与論町 茶花, 27°02′39″N 128°26′06″E. */
function gpsJpeg(): Promise<Buffer> {
  return sharp({
    create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 140, b: 110 } },
  })
    .jpeg({ quality: 80 })
    .withExif({
      IFD0: { Make: 'Futasato', Model: 'Field camera' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '27/1 2/1 39/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '128/1 26/1 6/1',
      },
    })
    .toBuffer();
}

async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    window.location.hash = p;
  }, path);
}

/** The error shown under the labelled field. */
const fieldError = (page: Page, label: string) =>
  page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.field-error');

describe('a vacant house: form, page, photo position, pipeline and owner', () => {
  let app: AppUnderTest;
  let propertyId = '';
  const count = (sql: string, ...args: unknown[]) =>
    app.core.database.sqlite
      .prepare(sql)
      .pluck()
      .get(...args) as number;
  const ownerViews = () =>
    count("SELECT count(*) FROM audit_log WHERE action = 'view_sensitive' AND table_name = 'property'");

  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 1280, height: 800 } });
    await call(app.core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '森 さくら',
      role: 'coordinator',
    });
    await app.page.reload();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses bad input by field and writes nothing, then registers a house by its 地番 and 和暦 year', async () => {
    const { page } = app;
    await go(page, '/akiya/new');
    await page.getByRole('heading', { level: 1, name: '空き家を登録' }).waitFor();
    await expectAccessible(page, 'property form (ja)');
    const save = page.getByRole('button', { name: '保存', exact: true });

    // Neither 住居表示 nor 地番.
    await save.click();
    await expect
      .poll(() => fieldError(page, '住居表示').innerText())
      .toBe('住居表示か地番のどちらかを入力してください');
    expect(await fieldError(page, '地番').innerText()).toBe('住居表示か地番のどちらかを入力してください');
    await app.screenshot('property-01-form-address-or-lot');

    await page.getByLabel('地番', { exact: true }).fill('大字茶花字東区1234番1');
    // A build year in the future (令和20年 = 2038).
    await page.getByLabel('建築年', { exact: true }).fill('令和20年');
    await save.click();
    await expect.poll(() => fieldError(page, '建築年').innerText()).toBe('建築年が未来の年になっています');
    // Before 明治.
    await page.getByLabel('建築年', { exact: true }).fill('1867');
    await save.click();
    await expect
      .poll(() => fieldError(page, '建築年').innerText())
      .toBe('建築年は明治元年（1868年）以降で入力してください');
    // A latitude outside Japan.
    await page.getByLabel('建築年', { exact: true }).fill('昭和50年');
    await page.getByLabel('緯度', { exact: true }).fill('51.5');
    await save.click();
    await expect.poll(() => fieldError(page, '緯度').innerText()).toContain('緯度は日本国内');
    await app.screenshot('property-02-form-latitude-refused');
    expect(count('SELECT count(*) FROM property')).toBe(0);

    // 昭和50年 is 1975: echoed in 和暦, and 旧耐震 shows as it is typed.
    await page.getByLabel('緯度', { exact: true }).fill('');
    await page.getByText('1975（昭和50年）').waitFor();
    expect(await page.getByTestId('seismic').innerText()).toBe('旧耐震');
    await page.getByLabel('整理番号', { exact: true }).fill('Y-0101');
    await page.getByLabel('延床面積（㎡）', { exact: true }).fill('99.17');
    await page.getByText('約 30 坪').waitFor();
    await page.getByLabel('氏名', { exact: true }).fill('与論 太郎');
    await page.getByLabel('相続', { exact: true }).selectOption('unregistered');
    await app.screenshot('property-03-form-filled');
    await save.click();

    await page.getByTestId('status-badge').waitFor();
    propertyId = page.url().split('/akiya/')[1] ?? '';
    expect(count('SELECT count(*) FROM property')).toBe(1);
    expect(await page.locator('.prop-title').innerText()).toContain('Y-0101');
    expect(await page.getByTestId('status-badge').innerText()).toBe('候補');
    expect(await page.locator('.prop-place').innerText()).toBe('大字茶花字東区1234番1');
    expect(await page.getByTestId('page-seismic').innerText()).toBe('旧耐震');
    // The owner is not on the page until asked for.
    expect(await page.locator('body').innerText()).not.toContain('与論 太郎');
    expect(ownerViews()).toBe(0);
  });

  it('takes the position from an attached photo’s EXIF with one click', async () => {
    const { page } = app;
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: '写真・ファイルを追加' }).click(),
    ]);
    await chooser.setFiles({ name: 'chabana.jpg', mimeType: 'image/jpeg', buffer: await gpsJpeg() });
    await page.getByTestId('attachment-tile').first().waitFor();
    await expect
      .poll(() =>
        count("SELECT count(*) FROM attachment WHERE owner_table = 'property' AND latitude IS NOT NULL"),
      )
      .toBe(1);

    await page.getByRole('link', { name: '編集', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Y-0101 を編集' }).waitFor();
    // Opening the form as a coordinator reads the owner through the audited reveal.
    expect(ownerViews()).toBe(1);
    expect(await page.getByLabel('氏名', { exact: true }).inputValue()).toBe('与論 太郎');
    await page.getByRole('button', { name: /写真の位置を使う/ }).click();
    await expect.poll(() => page.getByLabel('緯度', { exact: true }).inputValue()).toMatch(/^27\.044/);
    expect(await page.getByLabel('経度', { exact: true }).inputValue()).toMatch(/^128\.435/);
    await page.getByText('度分秒：27°2′39.0″').waitFor();
    await app.screenshot('property-04-photo-position');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByTestId('status-badge').waitFor();
    const row = app.core.database.sqlite
      .prepare('SELECT latitude, longitude FROM property WHERE id = ?')
      .get(propertyId) as { latitude: number; longitude: number };
    expect(row.latitude).toBeCloseTo(27.044167, 5);
    expect(row.longitude).toBeCloseTo(128.435, 5);
  });

  it('moves the status along the pipeline with its timeline; バンク登録 without consent is refused', async () => {
    const { page } = app;
    const status = page.getByRole('region', { name: '状態' });
    await status.getByLabel('次の状態').selectOption('surveyed');
    await status.getByLabel('メモ').fill('外観調査済み');
    await status.getByRole('button', { name: '状態を変更' }).click();
    await expect.poll(() => page.getByTestId('status-badge').innerText()).toBe('調査済');
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('候補 → 調査済').waitFor();
    expect(await timeline.innerText()).toContain('記録：森 さくら');
    expect(await timeline.innerText()).toContain('外観調査済み');

    await status.getByLabel('次の状態').selectOption('bank_listed');
    await status.getByRole('button', { name: '状態を変更' }).click();
    await expect
      .poll(() => fieldError(page, '次の状態').innerText())
      .toBe('バンク登録にするには、空き家バンク掲載の有効な同意が必要です');
    expect(await page.getByTestId('status-badge').innerText()).toBe('調査済');
    expect(count('SELECT count(*) FROM property_status_change WHERE property_id = ?', propertyId)).toBe(2);
    await status.scrollIntoViewIfNeeded();
    await app.screenshot('property-05-pipeline-refused');
  });

  it('shows the owner only on request, and records each view', async () => {
    const { page } = app;
    const before = ownerViews();
    const owner = page.getByRole('region', { name: '所有者' });
    await owner.getByRole('button', { name: '所有者情報を表示（閲覧は記録されます）' }).click();
    await owner.getByTestId('owner-details').getByText('与論 太郎').waitFor();
    expect(await owner.innerText()).toContain('相続未登記');
    expect(ownerViews()).toBe(before + 1);
    await owner.scrollIntoViewIfNeeded();
    await app.screenshot('property-06-owner-shown');
    await owner.getByRole('button', { name: '所有者情報を隠す' }).click();
    expect(await owner.innerText()).not.toContain('与論 太郎');
    await page.locator('.prop-header').scrollIntoViewIfNeeded();
    await expectAccessible(page, 'property page (ja)');
    await page.getByRole('heading', { level: 2, name: '現地調査' }).waitFor();
  });

  it('reads right in English and at 1366×768', async () => {
    const { page } = app;
    await call(app.core, 'app.setLocale', { locale: 'en' });
    await page.reload();
    await go(page, `/akiya/${propertyId}`);
    await page.getByRole('heading', { level: 3, name: 'History' }).waitFor();
    expect(await page.getByTestId('status-badge').innerText()).toBe('Surveyed');
    await expectAccessible(page, 'property page (en)');
    await app.screenshot('property-07-page-english');
    await go(page, `/akiya/${propertyId}/edit`);
    await page.getByRole('heading', { level: 1, name: 'Edit Y-0101' }).waitFor();
    await expectAccessible(page, 'property form (en)');
    await app.screenshot('property-08-form-english');
    await call(app.core, 'app.setLocale', { locale: 'ja' });

    await page.setViewportSize({ width: 1366, height: 768 });
    await page.reload();
    await go(page, `/akiya/${propertyId}`);
    await page.getByRole('heading', { level: 3, name: '経過' }).waitFor();
    await app.screenshot('property-09-page-1366');
    await go(page, `/akiya/${propertyId}/edit`);
    await page.getByRole('heading', { level: 1, name: 'Y-0101 を編集' }).waitFor();
    await app.screenshot('property-10-form-1366');
  });

  it('raised no page errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
