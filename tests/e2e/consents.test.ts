import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { addDays, japanDate } from '../../shared/domain/dates.ts';
import { newId } from '../../shared/ids.ts';
import { type AppUnderTest, expectAccessible, launchApp, SCREENSHOT_DIR } from './harness.ts';

/**
 * Owner consent and the listing sheet, through the UI in Chromium at 1280×800: a coordinator records
 * a 空き家バンク consent (after a refused one that expires before it starts), attaches the scanned
 * 同意書, prints the 物件登録カード (the PDF is read back with pdftotext: Japanese headings and price),
 * sees it in the disclosure log, withdraws the consent and is refused the next print in Japanese with
 * no new log row. axe in Japanese and English; screenshots and the PDF's page as a PNG go to
 * test-results/ to be looked at.
 */

const PDF_DIR = join(SCREENSHOT_DIR, 'listing-sheet');

describe('consents and the listing sheet', () => {
  let app: AppUnderTest;
  let propertyId: string;
  const today = japanDate(new Date());
  const count = (table: string) =>
    app.core.database.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const go = (hash: string) =>
    app.page.evaluate((h) => {
      location.hash = h;
    }, hash);
  const toast = (text: string | RegExp) => app.page.getByRole('status').filter({ hasText: text }).waitFor();

  beforeAll(async () => {
    app = await launchApp();
    await call(app.core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '田中 美咲',
      role: 'coordinator',
    });
    await app.page.reload();
    await app.page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
    // The property itself is the property page's to register; here it is arranged as rows.
    propertyId = newId();
    const at = new Date().toISOString();
    app.core.database.sqlite
      .prepare(
        `INSERT INTO property (id, municipality_id, address, lot_number, ref_number, deal_type, price_yen,
           floor_area_m2, land_area_m2, layout, year_built, structure, floors, facilities, parking, nearby,
           surroundings, hazard, with_farmland, repairs, furniture_left, owner_name,
           created_at, created_by, updated_at, updated_by)
         VALUES (?, 'kagoshima-yoron', '', '大字茶花字東区1234番1', 'Y-0012', 'sale', 3800000, 82.5, 330, '3DK',
           1979, 'wood', 1, ?, '2台（敷地内）', '茶花小学校 800m、スーパー 1.2km', '海まで徒歩5分の静かな集落',
           '津波浸水想定区域外', 1, 'minor', 1, '茶花 太郎', ?, 'x', ?, 'x')`,
      )
      .run(
        propertyId,
        JSON.stringify({ water: 'public', sewage: 'septic', gas: 'lpg', internet: 'fiber' }),
        at,
        at,
      );
    const photo = await sharp({
      create: { width: 1200, height: 800, channels: 3, background: { r: 90, g: 140, b: 170 } },
    })
      .jpeg({ quality: 85 })
      .toBuffer();
    const added = (await call(app.core, 'attachments.add', {
      ownerTable: 'property',
      ownerId: propertyId,
      bytes: new Uint8Array(photo),
      fileName: '全景.jpg',
    })) as { id: string };
    await call(app.core, 'attachments.setCaption', { id: added.id, caption: '全景（道路から）' });
    mkdirSync(PDF_DIR, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses a consent that expires before it starts, by field, then records one', async () => {
    const { page } = app;
    await go(`#/akiya/${propertyId}/consents`);
    await page.getByRole('heading', { level: 2, name: '所有者の同意' }).waitFor();
    await page.getByText('この物件の同意はまだ記録されていません').waitFor();
    await page.getByText('空き家バンク掲載：なし').waitFor();
    await expectAccessible(page, 'consents (empty)');

    await page.getByRole('button', { name: '同意を記録' }).click();
    await page
      .getByLabel(/^提供先/)
      .first()
      .fill('与論町空き家バンク');
    await page.getByLabel(/^同意日/).fill(addDays(today, -3).replaceAll('-', '/'));
    await page.getByLabel(/^有効期限/).fill(addDays(today, -10).replaceAll('-', '/'));
    await page.getByRole('checkbox', { name: '写真' }).check();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('有効期限が同意日より前になっています').waitFor();
    expect(count('property_consent')).toBe(0);
    await expectAccessible(page, 'consent form (refused)');
    await app.screenshot('consents-01-form-refused');

    await page.getByLabel(/^有効期限/).fill(addDays(today, 365).replaceAll('-', '/'));
    await page.getByRole('button', { name: '保存' }).click();
    await toast('同意を記録しました');
    await page.getByText('空き家バンク掲載：有効').waitFor();
    expect(count('property_consent')).toBe(1);
  });

  it('attaches the scanned 同意書 to the consent', async () => {
    const { page } = app;
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: '同意書を添付' }).click(),
    ]);
    await chooser.setFiles({
      name: '同意書.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await toast('同意書「同意書.pdf」を添付しました');
    await page.getByRole('button', { name: '同意書を開く：同意書.pdf' }).waitFor();
    const keys = app.core.database.sqlite
      .prepare('SELECT item_key FROM attachment WHERE owner_id = ? AND item_key IS NOT NULL')
      .pluck()
      .all(propertyId) as string[];
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^consent:/);
    await app.screenshot('consents-02-recorded');
  });

  it('prints the listing sheet: a PDF with the Japanese headings and the price, logged once', async () => {
    const { page } = app;
    await page.getByLabel(/^問い合わせ先/).fill('企画課 0997-97-0000');
    await page.getByLabel(/^提供先（記録されます）/).fill('全国版空き家バンク');
    await page.getByRole('button', { name: '物件登録カードを印刷（PDF）' }).click();
    await toast('「物件登録カード_Y-0012.pdf」を保存しました（提供の記録に追加しました）');
    expect(app.saved).toHaveLength(1);
    const pdfPath = join(PDF_DIR, 'listing-sheet.pdf');
    writeFileSync(pdfPath, app.saved[0]?.bytes ?? new Uint8Array());

    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    for (const heading of [
      '空き家バンク 物件登録カード',
      '物件番号（整理番号）',
      'Y-0012',
      '所在地',
      '大字茶花字東区1234番1',
      '売買／賃貸',
      '価格・賃料',
      '3,800,000円',
      '土地面積',
      '99.83坪',
      '延床面積',
      '間取り',
      '3DK',
      '築年',
      '昭和54年',
      '構造',
      '木造',
      '設備',
      '浄化槽',
      '駐車場',
      '最寄り施設',
      '周辺環境',
      'ハザード',
      '農地付き',
      '修繕',
      '家財',
      '鹿児島県与論町',
      '企画課 0997-97-0000',
    ]) {
      expect(text, heading).toContain(heading);
    }
    // The owner's scope was not given: the owner's name is not on the sheet.
    expect(text).not.toContain('茶花 太郎');
    // One page, the font embedded (a subset of BIZ UDGothic), the photo on it.
    expect(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' })).toMatch(/Pages:\s+1\b/);
    const fonts = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' });
    expect(fonts).toMatch(/BIZUDGothic.*\byes\b/);
    const images = execFileSync('pdfimages', ['-list', pdfPath], { encoding: 'utf8' });
    expect(images.trim().split('\n').length).toBeGreaterThan(2);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-singlefile', pdfPath, join(PDF_DIR, 'listing-sheet')]);

    const rows = app.core.database.sqlite.prepare('SELECT * FROM disclosure').all() as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      purpose: 'bank_listing',
      what: 'listing_sheet',
      recipient: '全国版空き家バンク',
    });
    const log = page.getByRole('region', { name: '提供の記録' });
    await log.getByRole('cell', { name: '全国版空き家バンク' }).waitFor();
    await log.getByRole('cell', { name: '物件登録カード' }).waitFor();
    await log.getByRole('cell', { name: '田中 美咲' }).waitFor();
    await app.screenshot('consents-03-printed');
  });

  it('withdraws the consent, and the next print is refused in Japanese with nothing logged', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '撤回', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '同意を撤回しますか？' });
    await dialog.waitFor();
    await expectAccessible(page, 'withdraw dialog');
    await app.screenshot('consents-04-withdraw-dialog');
    await dialog.getByRole('button', { name: '撤回する' }).click();
    await toast('同意を撤回しました');
    await page.getByText('空き家バンク掲載：なし').waitFor();
    await page.getByText(`${'撤回済み'}`).first().waitFor();

    await page.getByRole('button', { name: '物件登録カードを印刷（PDF）' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: '空き家バンク掲載の有効な同意がないため、印刷できません' })
      .waitFor();
    expect(count('disclosure')).toBe(1);
    expect(app.saved).toHaveLength(1);
    await expectAccessible(page, 'consents (withdrawn)');
    await app.screenshot('consents-05-refused');
  });

  it('reads in English too', async () => {
    const { page } = app;
    await call(app.core, 'app.setLocale', { locale: 'en' });
    await page.reload();
    await page.getByRole('heading', { level: 2, name: "Owner's consent" }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Disclosure log' }).waitFor();
    await page.getByText('Akiya bank listing: none').waitFor();
    await expectAccessible(page, 'consents (English)');
    await app.screenshot('consents-06-english');
    await call(app.core, 'app.setLocale', { locale: 'ja' });
  });

  it('raised no page errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
