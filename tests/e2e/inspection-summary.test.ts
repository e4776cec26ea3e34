import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import type { InspectionView, PropertyView } from '../../shared/ipc/views.ts';
import { type AppUnderTest, expectAccessible, launchApp, SCREENSHOT_DIR } from './harness.ts';
import { smallTargets } from './layout-audit.ts';

/**
 * The inspection summary in Chromium at 1280×800: a property inspected twice with the 不良度 checklist
 * and the sample town's rules (×1.5 on a 通学路). The second inspection reaches 100 (基礎・土台 崩壊の危険),
 * its roof could not be checked and one item is left unanswered; it has photos with EXIF time and
 * position per item. The surveyor opens the summary (score with the town's effect beside it, the
 * provisional worst case, the unanswered items linking back), finishes it, compares it with the first
 * inspection (worse / better, photos then beside now) and sees the town's 判定 read-only; as a town
 * administrator the 判定 is recorded with who and when. The report is printed and its PDF text checked
 * with pdftotext. axe in Japanese and English; screenshots in test-results/inspection-summary-*.
 */

const PDF_DIR = join(SCREENSHOT_DIR, 'inspection-report');

async function exifJpeg(shade: number, time: string): Promise<Uint8Array> {
  const bytes = await sharp({
    create: { width: 1600, height: 1200, channels: 3, background: { r: shade, g: 110, b: 90 } },
  })
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'Futasato', Model: 'Field camera' },
      IFD2: { DateTimeOriginal: time },
      // 与論町 茶花: 27°02′39″N 128°26′06″E.
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '27/1 2/1 39/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '128/1 26/1 6/1',
      },
    })
    .toBuffer();
  return new Uint8Array(bytes);
}

describe('inspection summary, 判定 and report', () => {
  let app: AppUnderTest;
  let propertyId: string;
  let previousId: string;
  let inspectionId: string;
  const go = (hash: string) =>
    app.page.evaluate((h) => {
      location.hash = h;
    }, hash);
  const toast = (text: string | RegExp) => app.page.getByRole('status').filter({ hasText: text }).waitFor();

  async function inspect(inspectedOn: string, answers: Record<string, string>): Promise<string> {
    const started = (await call(app.core, 'inspections.start', {
      propertyId,
      templateId: 'furyodo_wooden',
      townRulesId: 'sample_school_route',
      inspectedOn,
      weather: '晴れ',
    })) as InspectionView;
    for (const [itemKey, choice] of Object.entries(answers)) {
      await call(app.core, 'inspections.answer', { inspectionId: started.id, itemKey, choice });
    }
    return started.id;
  }

  async function photo(ownerId: string, itemKey: string | null, shade: number, time: string) {
    await call(app.core, 'attachments.add', {
      ownerTable: 'inspection',
      ownerId,
      bytes: await exifJpeg(shade, time),
      fileName: `${itemKey ?? 'whole'}.jpg`,
      itemKey,
    });
  }

  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    await call(app.core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '調査 一郎',
      role: 'surveyor',
    });
    await app.page.reload();
    await app.page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
    // The property register and the answering screens are other pages; here they are core calls.
    const property = (await call(app.core, 'properties.save', {
      refNumber: 'Y-0301',
      address: '与論町茶花301番地',
      lotNumber: '茶花字西区301-2',
      latitude: 27.04417,
      longitude: 128.435,
    })) as PropertyView;
    propertyId = property.id;
    // A surveyor may not write the owner; the owner is known to the town (and must stay out of the report).
    app.core.database.sqlite
      .prepare("UPDATE property SET owner_name = '所有 花子' WHERE id = ?")
      .run(propertyId);

    previousId = await inspect('2025-05-10', {
      frame: 'minor',
      roof: 'partial',
      walls: 'severe',
      foundation_type: 'none',
      school_route: 'yes',
    });
    await photo(previousId, 'walls', 200, '2025:05:10 10:00:00');
    await call(app.core, 'inspections.finish', { inspectionId: previousId, recommendedAction: '経過観察' });

    const answers: Record<string, string> = {
      foundation_type: 'stones',
      column_size: 'ok',
      wall_construction: 'none',
      floor_height: 'ok',
      ceiling_height: 'ok',
      daylight_opening: 'ok',
      floor_joists: 'none',
      frame: 'collapse',
      walls: 'exposed',
      roof: 'could_not_check',
      fire_walls: 'none',
      fire_roof: 'none',
      road_danger: 'present',
      townscape: 'none',
      school_route: 'yes',
      // rainwater: left unanswered.
    };
    inspectionId = await inspect('2026-11-20', answers);
    await photo(inspectionId, 'frame', 60, '2026:11:20 09:15:00');
    await photo(inspectionId, 'frame', 90, '2026:11:20 09:16:00');
    await photo(inspectionId, 'walls', 120, '2026:11:20 09:20:00');
    await photo(inspectionId, null, 150, '2026:11:20 09:00:00');
    mkdirSync(PDF_DIR, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the score with the town’s effect, the provisional judgement and what is missing', async () => {
    const { page } = app;
    await go(`#/inspections/${inspectionId}/summary`);
    await page.getByRole('heading', { level: 1, name: /調査のまとめ/ }).waitFor();
    await expect.poll(() => page.getByTestId('inspection-status').textContent()).toBe('調査中');
    await page.getByTestId('inspection-place').getByText('Y-0301').waitFor();

    const furyodo = page.getByTestId('measure-furyodo');
    // Base 110 → capped: general 10, decay min(100+15, 100) = 100 → 110; town +50; ×1.5 = 240.
    await expect.poll(() => furyodo.getByTestId('measure-base').textContent()).toBe('110');
    expect(await furyodo.getByTestId('measure-town').textContent()).toBe('50');
    expect(await furyodo.getByTestId('measure-multipliers').textContent()).toBe('通学路に面する ×1.5');
    expect(await furyodo.getByTestId('measure-total').textContent()).toBe('240');
    await furyodo.getByText('町の基準で老朽危険（100点以上）').waitFor();
    // The roof (確認できず) and rainwater (未回答) are listed, but the decay category is at its cap of
    // 100 already: whatever they are, the house stays 不良住宅, so nothing is provisional.
    expect(await furyodo.getByTestId('measure-provisional').count()).toBe(0);
    expect(await page.getByTestId('judgement-provisional').count()).toBe(0);
    expect(await page.getByTestId('judgement').textContent()).toBe('不良住宅');
    expect(await page.getByTestId('judgement-reasons').textContent()).toBe(
      '不良度（町の加算前） 110点 ≧ 100点',
    );

    const frame = page.getByTestId('item-frame');
    expect(await frame.getByTestId('item-points').textContent()).toBe('100');
    await frame.getByText('崩壊の危険', { exact: false }).waitFor();
    await expect.poll(() => frame.getByTestId('item-photo').count()).toBe(2);
    await frame.getByText(/^撮影 2026年11月20日.金. 09:15$/).waitFor();
    await frame.getByText('北緯27.0442° 東経128.4350°').first().waitFor();
    const roof = page.getByTestId('item-roof');
    expect(await roof.getAttribute('data-state')).toBe('could_not_check');
    expect(await roof.getByTestId('item-points').textContent()).toBe('最大 50 点');

    const couldNotCheck = page.getByTestId('could-not-check');
    await couldNotCheck.getByRole('link', { name: '回答する：屋根' }).first().waitFor();
    const unanswered = page.getByTestId('finish-unanswered');
    const back = unanswered.getByRole('link', { name: '回答する：雨水' });
    expect(await back.getAttribute('href')).toBe(`#/inspections/${inspectionId}?item=rainwater`);
    expect(await smallTargets(page)).toEqual([]);
    await expectAccessible(page, 'inspection summary (in progress)');
    await app.screenshot('inspection-summary-01-in-progress');
    await page.getByTestId('measure-table').scrollIntoViewIfNeeded();
    await app.screenshot('inspection-summary-02-score');
  });

  it('finishes with the recommended action and follow-up date; the 判定 is read-only for a surveyor', async () => {
    const { page } = app;
    const form = page.getByTestId('finish-form');
    await form.getByLabel(/^推奨する対応/).fill('所有者へ除却の助言、町へ報告');
    await form.getByLabel(/^次回確認日/).fill('2027/03/01');
    await form.getByRole('button', { name: '調査を完了する' }).click();
    await toast('調査を完了しました');
    await expect.poll(() => page.getByTestId('inspection-status').textContent()).toBe('調査完了');
    const facts = page.getByTestId('finish-facts');
    await facts.getByText('所有者へ除却の助言、町へ報告').waitFor();
    await facts.getByText('2027年3月1日', { exact: false }).waitFor();
    const stored = app.core.database.sqlite
      .prepare(
        'SELECT status, score_total, score_band, judgement, score_provisional, follow_up_on FROM inspection WHERE id = ?',
      )
      .get(inspectionId);
    expect(stored).toEqual({
      status: 'finished',
      score_total: 240,
      score_band: 'town_dangerous',
      judgement: 'furyo_jutaku',
      score_provisional: 0,
      follow_up_on: '2027-03-01',
    });
    await page.getByTestId('determination').getByText('まだ判定していません').waitFor();
    await page.getByText('判定は町の管理者が行います').waitFor();
    expect(await page.getByTestId('determine-form').count()).toBe(0);
  });

  it('compares with the previous inspection: worse, better, photos then beside now', async () => {
    const { page } = app;
    await page.getByTestId('compare-previous').getByText('2025年5月10日', { exact: false }).waitFor();
    const worse = page.getByTestId('compare-worse');
    const frame = worse.getByTestId('compare-item-frame');
    expect(await frame.getByTestId('compare-before').textContent()).toContain('（25）');
    expect(await frame.getByTestId('compare-now').textContent()).toContain('（100）');
    const walls = page.getByTestId('compare-better').getByTestId('compare-item-walls');
    expect(await walls.getByTestId('compare-before').textContent()).toContain('（25）');
    expect(await walls.getByTestId('compare-now').textContent()).toContain('（15）');
    // The walls' photo then beside the walls' photo now.
    const sides = walls.getByTestId('item-photos');
    await expect.poll(() => sides.count()).toBe(2);
    await expect.poll(() => sides.nth(0).getByTestId('item-photo').count()).toBe(1);
    await expect.poll(() => sides.nth(1).getByTestId('item-photo').count()).toBe(1);
    await page.getByTestId('compare-not_assessed').getByTestId('compare-item-roof').waitFor();
    await page.getByTestId('compare-new').getByTestId('compare-item-road_danger').waitFor();
    await walls.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'inspection summary (finished, compared)');
    await app.screenshot('inspection-summary-03-compare');
  });

  it('records the town’s 判定 as a town administrator, with who and when', async () => {
    const { page } = app;
    await call(app.core, 'profile.update', { displayName: '町 管理子', role: 'town_admin' });
    await page.reload();
    const form = page.getByTestId('determine-form');
    await form.waitFor();
    await form.getByRole('radio', { name: '特定空家等' }).check();
    await form.getByLabel(/^判定日/).fill('2026/12/02');
    await form.getByLabel(/^判定の理由・メモ/).fill('通学路に面し倒壊のおそれ');
    await form.getByRole('button', { name: '判定を記録' }).click();
    await toast('判定を記録しました');
    await expect
      .poll(() => page.getByTestId('determination').textContent())
      .toContain('特定空家等（2026年12月2日(水)、町 管理子）');
    const row = app.core.database.sqlite
      .prepare(
        'SELECT determination, determined_on, determined_by, determination_note FROM inspection WHERE id = ?',
      )
      .get(inspectionId) as Record<string, string>;
    const profileId = ((await call(app.core, 'profile.get')) as { id: string }).id;
    expect(row).toEqual({
      determination: 'tokutei',
      determined_on: '2026-12-02',
      determined_by: profileId,
      determination_note: '通学路に面し倒壊のおそれ',
    });
    await page.getByTestId('determine-form').scrollIntoViewIfNeeded();
    await expectAccessible(page, 'inspection summary (判定)');
    await app.screenshot('inspection-summary-04-determined');
  });

  it('prints the 現地調査報告書: Japanese text, the font embedded, photos with item, time and position, no owner', async () => {
    const { page } = app;
    const before = app.saved.length;
    const disclosures = () =>
      app.core.database.sqlite.prepare('SELECT count(*) FROM disclosure').pluck().get() as number;
    // Asking for the owner without a consent that covers the owner: refused, nothing printed or logged.
    const report = page.getByTestId('report-form');
    await report.getByRole('checkbox', { name: '所有者情報を載せる（同意が必要）' }).check();
    await report.getByLabel(/^同意の目的/).selectOption('management_support_corp');
    await report.getByRole('button', { name: '報告書を印刷（PDF）' }).click();
    await report
      .getByRole('alert')
      .filter({ hasText: '所有者情報を含む同意（この目的で有効なもの）がないため' })
      .waitFor();
    expect(app.saved).toHaveLength(before);
    expect(disclosures()).toBe(0);
    await expectAccessible(page, 'report form (owner refused)');
    await app.screenshot('inspection-summary-07-owner-refused');
    await report.getByRole('checkbox', { name: '所有者情報を載せる（同意が必要）' }).uncheck();

    await page.getByRole('button', { name: '報告書を印刷（PDF）' }).click();
    await expect.poll(() => app.saved.length).toBe(before + 1);
    await toast('「現地調査報告書_Y-0301_2026-11-20.pdf」を保存しました');
    const pdfPath = join(PDF_DIR, 'inspection-report.pdf');
    writeFileSync(pdfPath, app.saved.at(-1)?.bytes ?? new Uint8Array());
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    for (const expected of [
      '現地調査報告書',
      '鹿児島県与論町',
      'Y-0301',
      '与論町茶花301番地',
      '茶花字西区301-2',
      '27.04417, 128.43500',
      '2026年11月20日',
      '調査 一郎',
      '晴れ',
      '不良度判定（木造等の住宅）',
      '通学路に面する ×1.5',
      '240',
      '不良住宅',
      '不良度（町の加算前） 110点 ≧ 100点',
      '確認できず（1）：屋根',
      '未回答（1）：雨水',
      '特定空家等',
      '所有者へ除却の助言、町へ報告',
      '2027年3月1日',
      '基礎、土台、柱又ははり',
      '崩壊の危険',
      '写真（4枚）',
      '撮影 2026-11-20 09:15',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).toMatch(/位置 27\.04417,\s+128\.43500/);
    expect(text).not.toContain('所有 花子');
    // The frame item's row with its points, as one line of the table.
    expect(text).toMatch(/基礎、土台、柱又ははり\s+.*崩壊の危険.*\s100\b/);
    const fonts = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' });
    expect(fonts).toMatch(/BIZUDGothic.*\byes\b/);
    const images = execFileSync('pdfimages', ['-list', pdfPath], { encoding: 'utf8' });
    expect(images.trim().split('\n').length - 2).toBeGreaterThanOrEqual(4);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '3', pdfPath, join(PDF_DIR, 'page')]);
  });

  it('marks the earlier, incomplete inspection provisional, with its worst case', async () => {
    const { page } = app;
    await go(`#/inspections/${previousId}/summary`);
    await page.getByTestId('compare-none').waitFor();
    const furyodo = page.getByTestId('measure-furyodo');
    // Base 65 (decay 25 + 25 + 15), ×1.5 = 97.5; every missing item at its worst: general 50 (cap),
    // decay 80, fire 30, drainage 10 = 170, town 50 + 15, ×1.5 = 352.5.
    await expect.poll(() => furyodo.getByTestId('measure-total').textContent()).toBe('97.5');
    expect(await furyodo.getByTestId('measure-provisional').textContent()).toBe(
      '暫定：未確認の項目次第で最大 352.5 点',
    );
    expect(await page.getByTestId('judgement').textContent()).toBe('不良住宅に該当しない');
    expect(await page.getByTestId('judgement-provisional').textContent()).toBe(
      '暫定：未確認の項目次第で「不良住宅」になりうる',
    );
    // Finished: the missing items are listed, without links back to answer them.
    expect(await page.getByTestId('not-assessed').getByRole('link').count()).toBe(0);
    await expectAccessible(page, 'inspection summary (provisional)');
    await app.screenshot('inspection-summary-05-provisional');
  });

  it('reads in English', async () => {
    const { page } = app;
    await call(app.core, 'app.setLocale', { locale: 'en' });
    await page.reload();
    await go(`#/inspections/${inspectionId}/summary`);
    await page.getByRole('heading', { level: 1, name: /Inspection summary/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Compared with the previous inspection' }).waitFor();
    await page.getByTestId('judgement').getByText('Unfit dwelling').waitFor();
    await expectAccessible(page, 'inspection summary (English)');
    await app.screenshot('inspection-summary-06-english');
    await call(app.core, 'app.setLocale', { locale: 'ja' });
  });

  it('raised no page errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
