import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { createEnrollmentCode, createTown, createUser } from '../../server/src/admin/commands.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import type { FamilyDetail } from '../../shared/ipc/views.ts';
import {
  type AppUnderTest,
  expectAccessible,
  japaneseRendersAsGlyphs,
  launchApp,
  launchBrowser,
} from './harness.ts';

/**
 * Photos and files, as a coordinator meets them, in Chromium: two laptops of 与論町 and one real server
 * (PGlite). A attaches a real JPEG (EXIF capture time and GPS) to a family whose photo-use consent is
 * missing, after two refused files; holds originals back as on a metered link and watches the
 * preview go, then lets the original go and watches its progress bar reach 送信済み. B sees the tile
 * as 未取得, opens it, and the photo comes down and shows.
 */

/** A 3000×2000 photo with camera noise (several MB: the original takes many 256 KiB PATCHes). */
async function cameraJpeg(): Promise<Buffer> {
  return sharp({
    create: {
      width: 3000,
      height: 2000,
      channels: 3,
      background: { r: 0, g: 0, b: 0 },
      noise: { type: 'gaussian', mean: 120, sigma: 45 },
    },
  })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'Futasato', Model: 'Field camera' },
      IFD2: { DateTimeOriginal: '2026:04:05 14:30:00' },
      // 与論町 茶花: 27°02′39″N 128°26′06″E.
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

/**
 * Chooses files through the panel's button, as a person does (the OS file dialog is Playwright's). A
 * path is handed to the local Chromium as a path; bytes would cross the DevTools protocol as base64,
 * which for a 31 MB file takes most of a timeout on a busy machine.
 */
async function choose(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[] | string) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: '写真・ファイルを追加' }).click(),
  ]);
  await chooser.setFiles(files);
}

/** Records every text the tile's upload status shows, from now on (React may skip none we assert). */
async function recordStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __statuses: string[] };
    w.__statuses = [];
    const panel = document.querySelector('[data-testid="attachments-panel"]');
    if (!panel) throw new Error('no panel');
    const note = () => {
      const text = panel.querySelector('[data-testid="attachment-status"]')?.textContent ?? '';
      if (w.__statuses.at(-1) !== text) w.__statuses.push(text);
    };
    note();
    new MutationObserver(note).observe(panel, { subtree: true, childList: true, characterData: true });
  });
}

const statusesSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);

describe('photos of a family, from one laptop to a colleague', () => {
  let server: TestServer;
  let browser: Browser;
  let a: AppUnderTest;
  let b: AppUnderTest;
  let family: FamilyDetail;
  let photo: Buffer;

  const count = (app: AppUnderTest, sql: string) =>
    app.core.database.sqlite.prepare(sql).pluck().get() as number;
  const tile = (app: AppUnderTest) => app.page.getByTestId('attachment-tile');

  beforeAll(async () => {
    photo = await cameraJpeg();
    server = await startTestServer({ listen: true });
    await createTown(server.deps.db, { id: 'kagoshima-yoron' });
    browser = await launchBrowser();
    a = await launchApp({ browser, deviceName: 'laptop A' });
    b = await launchApp({ browser, deviceName: 'laptop B' });
    for (const [app, name] of [
      [a, '森 さくら'],
      [b, '川口 健'],
    ] as const) {
      await call(app.core, 'profile.setup', {
        municipalityId: 'kagoshima-yoron',
        displayName: name,
        role: 'coordinator',
      });
      const user = await createUser(server.deps.db, {
        townId: 'kagoshima-yoron',
        displayName: name,
        role: 'coordinator',
      });
      const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });
      await app.core.enroll(server.url ?? '', code);
    }
    family = (await call(a.core, 'families.create', {
      familyName: '朝日',
      familyNameKana: 'あさひ',
      homePrefecture: '東京都',
      homeCity: '世田谷区',
      consentPhoto: false,
    })) as FamilyDetail;
    await call(a.core, 'sync.now');
    await call(b.core, 'sync.now');
    await a.page.reload();
    await b.page.reload();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await browser?.close();
    await server?.close();
  });

  it('refuses a file of the wrong type and one too large, in Japanese, changing nothing', async () => {
    const { page } = a;
    await go(page, `/families/${family.id}`);
    await page.getByRole('heading', { level: 2, name: '写真・添付' }).waitFor();
    expect(await japaneseRendersAsGlyphs(page)).toBe(true);
    // The family has not agreed to photo use: the section says so before anything is added.
    expect(await page.getByTestId('photo-consent').innerText()).toContain('写真の利用に同意していません');
    await page.getByText('まだ写真や添付はありません').waitFor();
    const before = {
      attachments: count(a, 'SELECT count(*) FROM attachment'),
      uploads: count(a, 'SELECT count(*) FROM blob_upload'),
      outbox: count(a, 'SELECT count(*) FROM outbox'),
    };

    // A text file renamed .jpg: the bytes decide, not the name.
    await choose(page, [
      { name: 'memo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('これは写真ではありません') },
    ]);
    const refused = page.getByTestId('attachments-refused');
    await expect
      .poll(() => refused.innerText())
      .toContain('「memo.jpg」を追加できませんでした：添付できない種類のファイルです');
    // 31 MB: refused before it is read or sent.
    const big = Buffer.alloc(31 * 1024 * 1024);
    photo.copy(big, 0, 0, 64);
    const bigFile = join(mkdtempSync(join(tmpdir(), 'futasato-photos-')), 'video.jpg');
    writeFileSync(bigFile, big);
    try {
      await choose(page, bigFile);
      await expect
        .poll(() => refused.innerText())
        .toContain('「video.jpg」を追加できませんでした：ファイルが大きすぎます（30MBまで）');
    } finally {
      rmSync(dirname(bigFile), { recursive: true, force: true });
    }
    await a.screenshot('photos-01-refused');
    await expectAccessible(page, 'family photos, refused file (ja)');
    expect(await tile(a).count()).toBe(0);
    expect({
      attachments: count(a, 'SELECT count(*) FROM attachment'),
      uploads: count(a, 'SELECT count(*) FROM blob_upload'),
      outbox: count(a, 'SELECT count(*) FROM outbox'),
    }).toEqual(before);
  });

  it('adds a real JPEG: a tile waiting to send, and the large view with its EXIF time and place', async () => {
    const { page } = a;
    await choose(page, [{ name: 'IMG_0001.JPG', mimeType: 'image/jpeg', buffer: photo }]);
    // Reading and downscaling a 6 MP photo takes seconds on a busy machine (the panel says so meanwhile):
    // wait for the result, not the default second.
    await expect
      .poll(() => page.getByTestId('attachments-added').innerText(), { timeout: 30_000 })
      .toContain('1件を追加しました');
    expect(await page.getByTestId('attachments-refused').count()).toBe(0);
    await expect.poll(() => tile(a).getAttribute('data-status')).toBe('waiting');
    expect(await tile(a).getByTestId('attachment-status').innerText()).toBe('送信待ち');
    expect(await tile(a).getByTestId('attachment-progress').getAttribute('value')).toBe('0');
    // The thumbnail is the local preview, shown through a blob: URL the page made.
    const thumb = tile(a).locator('img');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1600);
    expect(await thumb.getAttribute('src')).toMatch(/^blob:/);
    expect(await tile(a).innerText()).toContain('2026年4月5日(日) 14:30撮影');
    await a.screenshot('photos-02-added-waiting');

    await tile(a)
      .getByRole('button', { name: /写真（2026年4月5日\(日\) 14:30撮影）を開く/ })
      .click();
    const viewer = page.getByRole('dialog', { name: '写真・添付' });
    await viewer.waitFor();
    const large = viewer.getByRole('img', { name: '写真（2026年4月5日(日) 14:30）' });
    await expect.poll(() => large.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1600);
    expect(await viewer.getByTestId('attachment-taken-at').innerText()).toBe('2026年4月5日(日) 14:30');
    expect(await viewer.getByTestId('attachment-location').innerText()).toBe('北緯27.0442° 東経128.4350°');
    expect(await viewer.innerText()).toContain('3000 × 2000');
    await expectAccessible(page, 'photo viewer (ja)');
    await a.screenshot('photos-03-viewer');
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    // Focus is back on the tile that opened it.
    expect(
      await page.evaluate(() => document.activeElement?.closest('[data-testid="attachment-tile"]') !== null),
    ).toBe(true);
  });

  it('on 同期: holds the original on a metered link and sends the preview first', async () => {
    const { page } = a;
    await go(page, '/sync');
    const queue = page.getByTestId('upload-queue');
    await queue.waitFor();
    expect(await queue.getByTestId('upload-queue-previews').innerText()).toMatch(
      /縮小版\s*1件・0 B \/ [\d.]+ KB/,
    );
    expect(await queue.getByTestId('upload-queue-originals').innerText()).toMatch(
      /元画像\s*1件・0 B \/ [\d.]+ MB/,
    );
    await queue.getByLabel('従量制回線では元画像を送らない（縮小版だけ送る）').check();
    await expect
      .poll(() => queue.getByTestId('upload-queue-held').innerText())
      .toMatch(/^元画像 1件（[\d.]+ MB）は従量制回線の設定で保留しています$/);
    await expectAccessible(page, '同期 page, photo queue (ja)');
    await a.screenshot('photos-04-sync-queue-held');

    await page.getByRole('button', { name: '今すぐ同期' }).click();
    // The preview went up and the server confirmed it; the original waits, held.
    await expect.poll(() => queue.getByTestId('upload-queue-previews').count(), { timeout: 30_000 }).toBe(0);
    expect(count(a, "SELECT count(*) FROM blob_upload WHERE kind = 'preview' AND state = 'done'")).toBe(1);
    expect(count(a, "SELECT count(*) FROM blob_upload WHERE kind = 'original' AND state = 'pending'")).toBe(
      1,
    );
    expect(await queue.getByTestId('upload-queue-held').innerText()).toContain('元画像 1件');
    await a.screenshot('photos-05-sync-preview-sent');

    await go(page, `/families/${family.id}`);
    await expect.poll(() => tile(a).getAttribute('data-status')).toBe('held');
    expect(await tile(a).getByTestId('attachment-status').innerText()).toBe(
      '縮小版は送信済み・元画像は保留中（従量制回線）',
    );
    await tile(a).scrollIntoViewIfNeeded();
    await a.screenshot('photos-06-tile-original-held');
  });

  it("B sees the colleague's photo as 未取得, opens it, and it comes down and shows", async () => {
    const { page } = b;
    await call(b.core, 'sync.now');
    await go(page, `/families/${family.id}`);
    await page.getByRole('heading', { level: 2, name: '写真・添付' }).waitFor();
    await expect.poll(() => tile(b).getAttribute('data-status')).toBe('notFetched');
    expect(await tile(b).getByTestId('attachment-status').innerText()).toBe('未取得');
    expect(await tile(b).locator('img').count()).toBe(0);
    const preview = a.core.database.sqlite
      .prepare('SELECT preview_sha256 FROM attachment')
      .pluck()
      .get() as string;
    // Nothing was fetched by listing it.
    expect(await b.core.attachments!.store.sizeOf(preview)).toBeNull();
    await expectAccessible(page, 'family photos, colleague not fetched (ja)');
    await tile(b).scrollIntoViewIfNeeded();
    await b.screenshot('photos-07-colleague-not-fetched');

    // Progress events of the download, as the page received them.
    await page.evaluate(() => {
      const w = window as unknown as {
        __downloads: unknown[];
        api: { subscribe: (event: string, callback: (payload: unknown) => void) => () => void };
      };
      w.__downloads = [];
      w.api.subscribe('attachments.download', (p) => w.__downloads.push(p));
    });
    await tile(b).getByRole('button').click();
    const viewer = page.getByRole('dialog', { name: '写真・添付' });
    const large = viewer.getByRole('img', { name: '写真（2026年4月5日(日) 14:30）' });
    await expect
      .poll(() => large.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 30_000 })
      .toBe(1600);
    const downloads = (await page.evaluate(
      () =>
        (window as unknown as { __downloads: { bytesReceived: number; bytesTotal: number | null }[] })
          .__downloads,
    )) as { bytesReceived: number; bytesTotal: number | null }[];
    const size = (await b.core.attachments!.store.sizeOf(preview)) as number;
    expect(size).toBeGreaterThan(0);
    expect(downloads.at(-1)).toMatchObject({ bytesReceived: size, bytesTotal: size });
    // The preview only: the original stays on the server until someone needs it.
    const original = a.core.database.sqlite.prepare('SELECT sha256 FROM attachment').pluck().get() as string;
    expect(await b.core.attachments!.store.sizeOf(original)).toBeNull();
    expect(await viewer.getByTestId('attachment-location').innerText()).toBe('北緯27.0442° 東経128.4350°');
    // Not B's photo: B may not remove it.
    expect(await viewer.getByRole('button', { name: 'この添付を削除' }).count()).toBe(0);
    await b.screenshot('photos-08-colleague-opened');
    await viewer.getByRole('button', { name: '閉じる' }).click();
    await viewer.waitFor({ state: 'detached' });
    await expect.poll(() => tile(b).getAttribute('data-status')).toBe('here');
    await expect
      .poll(() =>
        tile(b)
          .locator('img')
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBe(1600);
    await tile(b).scrollIntoViewIfNeeded();
    await b.screenshot('photos-09-colleague-fetched');
  });

  it('releases the original: its progress bar moves to 送信済み once the server confirms the hash', async () => {
    const { page } = a;
    await go(page, '/sync');
    const queue = page.getByTestId('upload-queue');
    await queue.getByLabel('従量制回線では元画像を送らない（縮小版だけ送る）').uncheck();
    await expect.poll(() => queue.getByTestId('upload-queue-held').count()).toBe(0);
    await go(page, `/families/${family.id}`);
    await expect.poll(() => tile(a).getAttribute('data-status')).toBe('waiting');
    await recordStatuses(page);
    // 今すぐ同期 (its channel; the family page stays open to watch the tile).
    await call(a.core, 'sync.now');
    await expect.poll(() => tile(a).getAttribute('data-status'), { timeout: 60_000 }).toBe('sent');
    expect(await tile(a).getByTestId('attachment-status').innerText()).toBe('送信済み');
    expect(await tile(a).getByTestId('attachment-progress').count()).toBe(0);
    const seen = await statusesSeen(page);
    const percents = seen
      .map((s) => /^元画像を送信中 (\d+)%$/.exec(s)?.[1])
      .filter((p): p is string => p !== undefined)
      .map(Number);
    // The bar moved through the upload, forwards only, and ended at 送信済み.
    expect(percents.length).toBeGreaterThan(1);
    expect(percents.some((p) => p > 0 && p < 100)).toBe(true);
    expect(percents).toEqual([...percents].sort((x, y) => x - y));
    expect(seen.at(-1)).toBe('送信済み');
    expect(count(a, "SELECT count(*) FROM blob_upload WHERE state = 'done'")).toBe(2);
    // The local original is still here: nothing deletes it.
    const original = a.core.database.sqlite.prepare('SELECT sha256 FROM attachment').pluck().get() as string;
    expect(await a.core.attachments!.store.sizeOf(original)).toBe(photo.length);
    await tile(a).scrollIntoViewIfNeeded();
    await a.screenshot('photos-10-sent');
    await go(page, '/sync');
    await page.getByTestId('upload-queue-empty').waitFor();
    expect(await page.getByTestId('sync-waiting').innerText()).toContain('送信待ちの記録はありません');
  });

  it('takes a PDF dropped on the panel; its author removes it (a tombstone, the bytes stay)', async () => {
    const { page } = a;
    await go(page, `/families/${family.id}`);
    const panel = page.getByTestId('attachments-panel');
    await expect.poll(() => tile(a).count()).toBe(1);
    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      const pdf = '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n';
      dt.items.add(new File([pdf], '同意書.pdf', { type: 'application/pdf' }));
      return dt;
    });
    await panel.dispatchEvent('dragover', { dataTransfer });
    await panel.getByText('ここにドロップして追加').waitFor();
    await panel.scrollIntoViewIfNeeded();
    await a.screenshot('photos-12-drop-target');
    await panel.dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => tile(a).count()).toBe(2);
    const pdfTile = tile(a).nth(1);
    expect(await pdfTile.getByRole('button').innerText()).toContain('PDF');
    // The tile names the file as it was dropped.
    expect(await pdfTile.getByTestId('attachment-file-name').innerText()).toBe('同意書.pdf');
    expect(await pdfTile.getByTestId('attachment-status').innerText()).toBe('送信待ち');
    const sha256 = a.core.database.sqlite
      .prepare("SELECT sha256 FROM attachment WHERE mime_type = 'application/pdf'")
      .pluck()
      .get() as string;

    await pdfTile.getByRole('button').click();
    const viewer = page.getByRole('dialog', { name: '写真・添付' });
    await viewer.getByText('この種類のファイル（PDF）はこの画面では表示できません。').waitFor();
    expect(await viewer.getByTestId('attachment-viewer-file-name').innerText()).toBe('同意書.pdf');
    // Its author captions it; the caption is saved as a synced edit and shows on the tile.
    await viewer.getByLabel('説明').fill('  入居時の同意書（署名済み）  ');
    await viewer.getByRole('button', { name: '保存', exact: true }).click();
    await viewer.getByText('説明を保存しました').waitFor();
    await expect
      .poll(() => pdfTile.getByTestId('attachment-caption').textContent())
      .toBe('入居時の同意書（署名済み）');
    expect(count(a, "SELECT count(*) FROM outbox WHERE table_name = 'attachment' AND op = 'update'")).toBe(1);
    expect(await viewer.getByLabel('説明').inputValue()).toBe('入居時の同意書（署名済み）');
    await a.screenshot('photos-12b-caption');
    // Text the app cannot store is refused with a Japanese message, and nothing changes.
    await viewer.getByLabel('説明').fill('a\u0007b');
    await viewer.getByRole('button', { name: '保存', exact: true }).click();
    await viewer.getByText('説明を保存できませんでした', { exact: false }).waitFor();
    expect(count(a, "SELECT count(*) FROM outbox WHERE table_name = 'attachment' AND op = 'update'")).toBe(1);
    // Saved as a file through the browser's download, byte for byte.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      viewer.getByRole('button', { name: 'ファイルを保存' }).click(),
    ]);
    // Saved under the name it was added with.
    expect(download.suggestedFilename()).toBe('同意書.pdf');
    expect(readFileSync(await download.path(), 'utf8')).toBe(
      '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n',
    );
    await viewer.getByRole('button', { name: 'この添付を削除' }).click();
    await viewer.getByText('この添付を記録から削除しますか？', { exact: false }).waitFor();
    await a.screenshot('photos-13-remove-confirm');
    await viewer.getByRole('button', { name: '削除する' }).click();
    await viewer.waitFor({ state: 'detached' });
    await expect.poll(() => tile(a).count()).toBe(1);
    expect(count(a, 'SELECT count(*) FROM attachment WHERE deleted_at IS NOT NULL')).toBe(1);
    // Only the record went: the file stays on this laptop and still waits to go up.
    expect(await a.core.attachments!.store.sizeOf(sha256)).not.toBeNull();
    expect(count(a, "SELECT count(*) FROM blob_upload WHERE state <> 'done'")).toBe(1);
  });

  it('shows the panel, the viewer and the queue in English', async () => {
    const { page } = b;
    await call(b.core, 'app.setLocale', { locale: 'en' });
    await page.reload();
    await go(page, `/families/${family.id}`);
    await page.getByRole('heading', { level: 2, name: 'Photos and files' }).waitFor();
    expect(await page.getByTestId('photo-consent').innerText()).toContain('has not consented to photo use');
    await expect.poll(() => tile(b).getAttribute('data-status')).toBe('here');
    await expectAccessible(page, 'family photos (en)');
    await tile(b).getByRole('button').click();
    const viewer = page.getByRole('dialog', { name: 'Photos and files' });
    await expect
      .poll(() => viewer.getByTestId('attachment-location').innerText())
      .toBe('27.0442° N 128.4350° E');
    await expect
      .poll(() =>
        viewer.getByTestId('attachment-large').evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBe(1600);
    await expectAccessible(page, 'photo viewer (en)');
    await b.screenshot('photos-11-viewer-english');
    await page.keyboard.press('Escape');
    await go(page, '/sync');
    await page.getByTestId('upload-queue').waitFor();
    await expectAccessible(page, '同期 page, photo queue (en)');
    await call(b.core, 'app.setLocale', { locale: 'ja' });
  });

  it('raised no page errors', () => {
    expect(a.pageErrors).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });
});
