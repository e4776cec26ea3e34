import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import type { AttachmentItemView } from '../../shared/ipc/views/attachments.ts';
import type { InspectionItemsView, InspectionView } from '../../shared/ipc/views/inspections.ts';
import { cameraJpeg } from './exif-photos.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';
import { smallTargets, visit } from './layout-audit.ts';

/**
 * The folder import of an inspection's photos, as a surveyor back from a house meets it on a tablet
 * (1280×800, touch): the camera's SD card folder (ten real EXIF JPEGs, made here with a capture time
 * and a GPS position each, named out of time order, beside a file that is no photo) picked as a folder,
 * plus a photo without EXIF and a broken file picked as files. The grid is in capture order with time
 * and position, the link's item is every photo's default, groups of photos are moved to other items
 * with "apply to selected". The import goes past the broken file (its Japanese error shown), the rest
 * are attached with their item, time and position; a re-run tries only the failed one; bytes already on
 * the inspection are skipped and said so, and the page returns to the inspection at the first item's
 * section. axe in Japanese and English; screenshots in test-results/.
 */

const SHOTS = 10;
/** The first photo's capture time (JST, as the camera writes it: no zone), then one every 3 minutes. */
const FIRST_SHOT = Date.UTC(2026, 11, 4, 9, 0, 0); // 2026-12-04 09:00 on the camera's clock
/** 与論町 茶花 and a few metres more for each photo. */
const LAT = 27.0442;
const LON = 128.4017;

interface Shot {
  name: string;
  takenAt: string;
  latitude: number;
  longitude: number;
}

/** A real camera-like JPEG with capture time and GPS in its EXIF, the i-th of the day's. */
async function shotJpeg(i: number): Promise<{ bytes: Buffer; shot: Omit<Shot, 'name'> }> {
  const { bytes, ...shot } = await cameraJpeg({
    cameraClock: FIRST_SHOT + i * 3 * 60_000,
    latitude: LAT + i * 0.0003,
    longitude: LON + i * 0.0002,
    shade: i,
  });
  return { bytes, shot };
}

async function choose(page: Page, button: string, files: string | string[]): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  await chooser.setFiles(files);
}

const cards = (page: Page) => page.getByTestId('import-photo');
const card = (page: Page, name: string) => page.locator(`[data-testid="import-photo"][data-name="${name}"]`);
const namesInGrid = (page: Page) =>
  cards(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? ''));

describe('folder import of an inspection’s photos', () => {
  let app: AppUnderTest;
  let dir: string;
  let inspection: InspectionView;
  let items: InspectionItemsView;
  /** The ten camera photos, in the order the camera took them. */
  const shots: Shot[] = [];
  let noExif = '';
  let broken = '';
  let extra = '';

  const listed = async () =>
    (await call(app.core, 'attachments.list', {
      ownerTable: 'inspection',
      ownerId: inspection.id,
    })) as AttachmentItemView[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'futasato-import-'));
    const dcim = join(dir, 'DCIM', '100FUTA');
    mkdirSync(dcim, { recursive: true });
    // Named against time order (the camera's counter wrapped), so sorting by name would be wrong.
    for (let i = 0; i < SHOTS; i += 1) {
      const { bytes, shot } = await shotJpeg(i);
      const name = `IMG_${String(((i + 4) % SHOTS) + 1).padStart(4, '0')}.JPG`;
      writeFileSync(join(dcim, name), bytes);
      shots.push({ name, ...shot });
    }
    // What else an SD card holds: not a photo, left out of the import.
    writeFileSync(join(dcim, 'INDEX.DAT'), 'camera index');
    noExif = join(dir, 'scan-no-exif.jpg');
    writeFileSync(
      noExif,
      await sharp({
        create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 190, b: 170 } },
      })
        .jpeg()
        .toBuffer(),
    );
    // A "photo" that is not one: the import must name it and go on.
    broken = join(dir, 'broken.jpg');
    writeFileSync(broken, 'this is not a JPEG, only text with a .jpg name');
    const { bytes: extraBytes } = await shotJpeg(SHOTS);
    extra = join(dir, 'IMG_0099.JPG');
    writeFileSync(extra, extraBytes);

    app = await launchApp({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    await call(app.core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '調査 員子',
      role: 'surveyor',
    });
    const property = (await call(app.core, 'properties.save', {
      address: '鹿児島県大島郡与論町茶花２２',
    })) as { id: string };
    inspection = (await call(app.core, 'inspections.start', {
      propertyId: property.id,
      templateId: 'furyodo_wooden',
      inspectedOn: '2026-12-04',
    })) as InspectionView;
    items = (await call(app.core, 'inspections.items', {
      inspectionId: inspection.id,
    })) as InspectionItemsView;
    await app.page.reload();
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows a folder’s photos by capture time with time, position and the link’s item, and marks those without EXIF', async () => {
    const { page } = app;
    await visit(page, `/inspections/${inspection.id}/import?item=roof`);
    await page.getByRole('heading', { level: 1, name: '写真の取り込み' }).waitFor();
    await page.getByText('鹿児島県大島郡与論町茶花２２').waitFor();
    expect(await page.getByTestId('import-default-item').inputValue()).toBe('roof');
    await expectAccessible(page, 'import, empty (ja)');

    const started = Date.now();
    await choose(page, 'フォルダーを選ぶ', join(dir, 'DCIM'));
    await expect.poll(() => cards(page).count()).toBe(SHOTS);
    const gridMs = Date.now() - started;
    await choose(page, '写真を選ぶ', [broken, noExif]);
    await expect.poll(() => cards(page).count()).toBe(SHOTS + 2);

    // Capture order (not name order), then the two without a capture time by name.
    expect(await namesInGrid(page)).toEqual([...shots.map((s) => s.name), 'broken.jpg', 'scan-no-exif.jpg']);
    expect(await page.getByTestId('import-noexif').count()).toBe(2);
    for (const name of ['broken.jpg', 'scan-no-exif.jpg']) {
      expect(await card(page, name).getByTestId('import-noexif').innerText()).toBe('撮影情報なし');
      expect(await card(page, name).getByTestId('import-taken-at').innerText()).toBe('撮影日時なし');
    }
    const first = card(page, shots[0]?.name as string);
    expect(await first.getByTestId('import-taken-at').innerText()).toContain('2026年12月4日');
    expect(await first.getByTestId('import-taken-at').innerText()).toMatch(/\b0?9:00\b/);
    expect(await first.getByTestId('import-position').innerText()).toBe(
      `北緯${shots[0]?.latitude.toFixed(4)}° 東経${shots[0]?.longitude.toFixed(4)}°`,
    );
    // Every photo starts on the item the link named.
    expect(
      await page
        .getByTestId('import-item')
        .evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value)),
    ).toEqual(Array(SHOTS + 2).fill('roof'));
    // Thumbnails are object URLs of the files, never data URLs.
    const sources = await cards(page)
      .locator('img')
      .evaluateAll((els) => els.map((e) => (e as HTMLImageElement).src));
    expect(sources.every((s) => s.startsWith('blob:'))).toBe(true);
    console.log(`import grid: ${SHOTS} photos of a folder shown with their EXIF in ${gridMs} ms`);
    await app.screenshot('inspection-import-01-grid');
  });

  it('moves groups of photos to other items with "apply to selected", and one photo on its own', async () => {
    const { page } = app;
    const select = async (names: string[]) => {
      for (const name of names) await card(page, name).getByRole('checkbox').check();
    };
    await select(shots.slice(3, 7).map((s) => s.name));
    expect(await page.getByText('4枚を選択中').count()).toBe(1);
    await page.getByTestId('import-bulk-item').selectOption('walls');
    await page.getByRole('button', { name: '選択した写真に適用' }).click();
    await page.getByTestId('import-live').getByText('4枚の項目を').waitFor();
    await select(shots.slice(7, 9).map((s) => s.name));
    await page.getByTestId('import-bulk-item').selectOption('frame');
    await page.getByRole('button', { name: '選択した写真に適用' }).click();
    await card(page, shots[9]?.name as string)
      .getByTestId('import-item')
      .selectOption('foundation_type');
    await card(page, 'scan-no-exif.jpg').getByTestId('import-item').selectOption('');
    expect(await smallTargets(page)).toEqual([]);
    await app.screenshot('inspection-import-02-assigned');
  });

  it('imports past a broken file with its Japanese error, each photo with its item, time and position', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '取り込む（12枚）' }).click();
    await page.getByTestId('import-failure').getByText('1枚を取り込めませんでした').waitFor();
    // ATTACHMENT_UNSUPPORTED_TYPE, decided by the core from the bytes, in Japanese.
    expect(await card(page, 'broken.jpg').getByTestId('import-status').innerText()).toMatch(
      /^取り込めませんでした：添付できない種類のファイルです/,
    );
    const statuses = await page
      .getByTestId('import-status')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText));
    expect(statuses.filter((s) => s === '取り込み済み')).toHaveLength(SHOTS + 1);
    expect(await page.getByTestId('import-failure').locator('li').allInnerTexts()).toEqual([
      expect.stringMatching(/^「broken\.jpg」：添付できない種類のファイルです/),
    ]);
    await app.screenshot('inspection-import-03-one-failed');
    await card(page, 'broken.jpg').scrollIntoViewIfNeeded();
    await app.screenshot('inspection-import-03b-failed-card');

    const expectedItem = (i: number) =>
      i >= 3 && i < 7 ? 'walls' : i === 7 || i === 8 ? 'frame' : i === 9 ? 'foundation_type' : 'roof';
    const attached = await listed();
    expect(attached).toHaveLength(SHOTS + 1);
    for (const [i, shot] of shots.entries()) {
      const a = attached.find((x) => x.fileName === shot.name);
      expect(a, shot.name).toBeDefined();
      expect(a?.itemKey, shot.name).toBe(expectedItem(i));
      expect(a?.takenAt, shot.name).toBe(shot.takenAt);
      expect(a?.latitude, shot.name).toBeCloseTo(shot.latitude, 6);
      expect(a?.longitude, shot.name).toBeCloseTo(shot.longitude, 6);
    }
    const scan = attached.find((x) => x.fileName === 'scan-no-exif.jpg');
    expect(scan).toMatchObject({ itemKey: null, takenAt: null, latitude: null, longitude: null });
    expect(attached.some((x) => x.fileName === 'broken.jpg')).toBe(false);

    // A re-run tries the failed one only: it fails again, nothing else is sent twice.
    await page.getByRole('button', { name: '失敗した写真だけもう一度取り込む（1枚）' }).click();
    await page.getByTestId('import-failure').getByText('1枚を取り込めませんでした').waitFor();
    expect(await listed()).toHaveLength(SHOTS + 1);
    // Taken out of the import, the broken file leaves nothing to retry.
    await card(page, 'broken.jpg').getByRole('button', { name: '「broken.jpg」を取り込みから外す' }).click();
    await expect.poll(() => cards(page).count()).toBe(SHOTS + 1);
    expect(await page.getByRole('button', { name: /^取り込む/ }).isDisabled()).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });

  it('skips bytes already on the inspection, says so, and returns to the inspection at the first item’s section', async () => {
    const { page } = app;
    // Leaving the page gives the thumbnails' object URLs back: one that loaded before no longer does.
    const thumb = (await cards(page).first().locator('img').getAttribute('src')) as string;
    const loads = (url: string) =>
      page.evaluate(
        (u) =>
          new Promise<boolean>((resolve) => {
            const img = new Image();
            img.onload = () => resolve(true);
            img.onerror = () => resolve(false);
            img.src = u;
          }),
        url,
      );
    expect(await loads(thumb)).toBe(true);
    await visit(page, '/today');
    expect(await loads(thumb)).toBe(false);
    // That refused load is Chromium's console error, asked for here: it is not the page's.
    const probe = 'console: Failed to load resource: net::ERR_FILE_NOT_FOUND';
    await expect.poll(() => app.pageErrors.includes(probe)).toBe(true);
    app.pageErrors.splice(app.pageErrors.indexOf(probe), 1);
    await visit(page, `/inspections/${inspection.id}/import`);
    await page.getByText('まだ写真を選んでいません').waitFor();
    expect(await page.getByTestId('import-default-item').inputValue()).toBe('');
    await page.getByTestId('import-default-item').selectOption('walls');
    const again = shots.slice(0, 3).map((s) => join(dir, 'DCIM', '100FUTA', s.name));
    // A new photo of its own for each attempt (a retry must not meet the first attempt's as a duplicate).
    const fresh = join(dir, `IMG_${Date.now()}.JPG`);
    writeFileSync(fresh, (await shotJpeg(SHOTS + 1)).bytes);
    await choose(page, '写真を選ぶ', [...again, fresh]);
    await expect.poll(() => cards(page).count()).toBe(4);
    // The router moves with history.pushState (no hashchange event): every URL it goes to is noted.
    await page.evaluate(() => {
      const w = window as unknown as { __hashes: string[] };
      w.__hashes = [];
      for (const method of ['pushState', 'replaceState'] as const) {
        const original = history[method].bind(history);
        history[method] = (...args: Parameters<History['pushState']>) => {
          original(...args);
          w.__hashes.push(window.location.hash);
        };
      }
    });
    const before = (await listed()).length;
    await page.getByRole('button', { name: '取り込む（4枚）' }).click();
    await page.getByText('1枚を取り込みました。3枚はこの調査に取り込み済みのため省きました').waitFor();
    const section = items.sections.find((s) => s.items.some((i) => i.key === 'walls'))?.key;
    expect(section).toBeTruthy();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __hashes: string[] }).__hashes[0]))
      .toBe(`#/inspections/${inspection.id}?section=${section}`);
    const attached = await listed();
    expect(attached).toHaveLength(before + 1);
    expect(attached.find((a) => a.fileName === basename(fresh))?.itemKey).toBe('walls');
    // The duplicates kept their first item: nothing was re-filed.
    expect(attached.filter((a) => a.fileName === shots[0]?.name)).toHaveLength(1);
  });

  it('keeps up with 36 photos: the grid, an item for all of them, the import', async () => {
    const { page } = app;
    // An inspection of its own per attempt, and photos of their own (new bytes: none is a duplicate).
    const fresh = (await call(app.core, 'inspections.start', {
      propertyId: inspection.propertyId,
      templateId: 'furyodo_wooden',
      inspectedOn: '2026-12-05',
    })) as InspectionView;
    const many = mkdtempSync(join(dir, 'many-'));
    for (let i = 0; i < 36; i += 1)
      writeFileSync(join(many, `P${String(i).padStart(3, '0')}.JPG`), (await shotJpeg(20 + i)).bytes);
    await visit(page, `/inspections/${fresh.id}/import?item=roof`);
    let started = Date.now();
    await choose(page, 'フォルダーを選ぶ', many);
    await expect.poll(() => cards(page).count()).toBe(36);
    const gridMs = Date.now() - started;

    started = Date.now();
    await page.getByRole('checkbox', { name: 'すべて選択' }).check();
    await page.getByTestId('import-bulk-item').selectOption('walls');
    await page.getByRole('button', { name: '選択した写真に適用' }).click();
    await page.getByTestId('import-live').getByText('36枚の項目を').waitFor();
    const applyMs = Date.now() - started;

    started = Date.now();
    await page.getByRole('button', { name: '取り込む（36枚）' }).click();
    await page.getByText('36枚を取り込みました').waitFor({ timeout: 90_000 });
    const importMs = Date.now() - started;
    const attached = (await call(app.core, 'attachments.list', {
      ownerTable: 'inspection',
      ownerId: fresh.id,
    })) as AttachmentItemView[];
    expect(new Set(attached.map((a) => a.itemKey))).toEqual(new Set(['walls']));
    expect(attached.every((a) => a.takenAt !== null && a.latitude !== null)).toBe(true);
    console.log(
      `import of 36 photos: grid ${gridMs} ms, apply to all ${applyMs} ms, import ${importMs} ms (${Math.round(importMs / 36)} ms a photo)`,
    );
    // Generous bounds for a busy 2-core machine; the figures are printed above.
    expect(gridMs).toBeLessThan(10_000);
    expect(applyMs).toBeLessThan(5_000);
  });

  it('reads in English too, and refuses an unknown item in the link quietly (no default)', async () => {
    const { page } = app;
    await call(app.core, 'app.setLocale', { locale: 'en' });
    await page.reload();
    await visit(page, `/inspections/${inspection.id}/import?item=no_such_item`);
    await page.getByRole('heading', { level: 1, name: 'Import photos' }).waitFor();
    expect(await page.getByTestId('import-default-item').inputValue()).toBe('');
    await choose(page, 'Choose photos', [extra, noExif]);
    await expect.poll(() => cards(page).count()).toBe(2);
    await page.getByText('No capture data').waitFor();
    await expectAccessible(page, 'import with photos (en)');
    await app.screenshot('inspection-import-04-en');
    await call(app.core, 'app.setLocale', { locale: 'ja' });
    await page.reload();
    await visit(page, `/inspections/${inspection.id}/import`);
    await choose(page, '写真を選ぶ', [extra, noExif]);
    await expect.poll(() => cards(page).count()).toBe(2);
    await expectAccessible(page, 'import with photos (ja)');
    for (const size of [
      { width: 1024, height: 640 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await app.screenshot(`inspection-import-05-${size.width}x${size.height}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(app.pageErrors).toEqual([]);
  });
});
