import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { japanDate } from '../../shared/domain/dates.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';
import { coveredElements, smallTargets } from './layout-audit.ts';

/**
 * The surveyor's day on a 1280×800 touch tablet, in Chromium: a house that is not in the register yet
 * is registered on the spot and its inspection starts from there; items are answered across sections
 * with one tap each (saved at once, no Save button), one item gets a photo in three actions, a note is
 * kept, the keyboard answers too; the power goes mid-inspection (the core killed, reopened) and every
 * answer is there, resumable from 調査中 and from the property; an inspection started from a property
 * page refuses a tap once finished (the reason shown, the choice not shown as given) and opens
 * read-only; axe in Japanese and English, screenshots at 1280×800 and 1024×640.
 */

function photoJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 120, g: 96, b: 80 } } })
    .jpeg({ quality: 80 })
    .withExif({ IFD0: { Make: 'Futasato', Model: 'Tablet camera' } })
    .toBuffer();
}

async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    window.location.hash = p;
  }, path);
}

const card = (page: Page, itemKey: string) =>
  page.locator(`[data-testid="inspection-item"][data-item="${itemKey}"]`);
const choice = (page: Page, itemKey: string, choiceKey: string) =>
  card(page, itemKey).locator(`button[data-choice="${choiceKey}"]`);
const pressed = (l: Locator) => l.getAttribute('aria-pressed');
const sectionProgress = (page: Page, section: string) =>
  page
    .locator(`[data-testid="section-tab"][data-section="${section}"] [data-testid="section-progress"]`)
    .innerText();

describe('the surveyor’s answering flow', () => {
  let app: AppUnderTest;
  let inspectionId = '';
  let propertyId = '';
  const today = japanDate(new Date());
  const storedAnswers = (id: string) =>
    Object.fromEntries(
      (
        app.core.database.sqlite
          .prepare(
            'SELECT item_key, choice FROM inspection_answer WHERE inspection_id = ? AND deleted_at IS NULL',
          )
          .all(id) as { item_key: string; choice: string | null }[]
      ).map((r) => [r.item_key, r.choice]),
    );

  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    await call(app.core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '調査 太郎',
      role: 'surveyor',
    });
    await app.page.reload();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('registers a house on the spot and starts its inspection with the day and surveyor filled in', async () => {
    const { page } = app;
    await go(page, '/inspections');
    await page.getByRole('heading', { level: 1, name: '現地調査' }).waitFor();
    await page.getByTestId('in-progress-empty').waitFor();
    await expectAccessible(page, 'inspections list, empty (ja)');
    await page.getByRole('link', { name: 'この場所で新しい物件' }).click();
    await page.getByRole('heading', { level: 1, name: '空き家を登録' }).waitFor();
    await page.getByLabel('住居表示', { exact: true }).fill('与論町茶花２２２');
    await page.getByRole('button', { name: '保存', exact: true }).click();

    // Saved: straight to the start form of that property, not to its page.
    await page.getByRole('heading', { level: 1, name: '調査を始める' }).waitFor();
    propertyId = /#\/akiya\/([^/]+)\/inspections\/new/.exec(page.url())?.[1] ?? '';
    expect(propertyId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('start-property').innerText()).toContain('与論町茶花２２２');
    expect(await page.getByLabel('調査員', { exact: true }).inputValue()).toBe('調査 太郎');
    expect(await page.getByLabel('調査日', { exact: true }).inputValue()).toBe(today);
    await page.getByRole('radio', { name: /不良度判定/ }).check();
    await page.getByLabel('天気', { exact: true }).fill('晴れ');
    await expectAccessible(page, 'start form (ja)');
    await app.screenshot('inspection-01-start-form');
    await page.getByRole('button', { name: '調査を始める' }).click();

    await page.getByTestId('overall-progress').waitFor();
    inspectionId = /#\/inspections\/([^/?]+)/.exec(page.url())?.[1] ?? '';
    const row = app.core.database.sqlite
      .prepare(
        'SELECT template_id, surveyor_name, weather, inspected_on, status FROM inspection WHERE id = ?',
      )
      .get(inspectionId);
    expect(row).toEqual({
      template_id: 'furyodo_wooden',
      surveyor_name: '調査 太郎',
      weather: '晴れ',
      inspected_on: today,
      status: 'in_progress',
    });
    expect(await page.getByTestId('overall-progress').innerText()).toBe('全体 0 / 13');
    expect(await sectionProgress(page, 'general')).toBe('0 / 6');
  });

  it('saves every tap at once, across sections, and an item with a photo takes three actions', async () => {
    const { page } = app;
    // A retry must not see its first attempt's answers and photos: they are cleared, and the page reopened.
    if (Object.keys(storedAnswers(inspectionId)).length > 0) {
      const db = app.core.database.sqlite;
      db.prepare('DELETE FROM inspection_answer WHERE inspection_id = ?').run(inspectionId);
      db.prepare("DELETE FROM attachment WHERE owner_table = 'inspection' AND owner_id = ?").run(
        inspectionId,
      );
      await go(page, '/inspections');
      await page.getByRole('heading', { level: 1, name: '現地調査' }).waitFor();
      await go(page, `/inspections/${inspectionId}?section=general`);
    }
    await card(page, 'foundation_type').waitFor();
    // One tap: stored, shown as given, progress moves; no Save button anywhere.
    await choice(page, 'foundation_type', 'stones').click();
    await expect.poll(() => pressed(choice(page, 'foundation_type', 'stones'))).toBe('true');
    await expect
      .poll(() => card(page, 'foundation_type').getByTestId('item-save').innerText())
      .toBe('保存しました');
    await expect.poll(() => sectionProgress(page, 'general')).toBe('1 / 6');
    expect(storedAnswers(inspectionId)).toEqual({ foundation_type: 'stones' });
    expect(await page.getByRole('button', { name: /^保存$/ }).count()).toBe(0);
    // Changing one's mind is one more tap.
    await choice(page, 'foundation_type', 'absent').click();
    await expect.poll(() => pressed(choice(page, 'foundation_type', 'absent'))).toBe('true');
    expect(await pressed(choice(page, 'foundation_type', 'stones'))).toBe('false');
    await choice(page, 'column_size', 'could_not_check').click();
    await expect.poll(() => pressed(choice(page, 'column_size', 'could_not_check'))).toBe('true');

    // Another section.
    await page.locator('[data-testid="section-tab"][data-section="decay"]').click();
    await page.getByRole('heading', { level: 2, name: '2 構造の腐朽又は破損の程度' }).waitFor();
    await choice(page, 'frame', 'major').click();
    await expect.poll(() => pressed(choice(page, 'frame', 'major'))).toBe('true');

    // An item with a photo: the grade, the photo button, the file. Counted, at most three.
    const bytes = await photoJpeg();
    let actions = 0;
    await choice(page, 'roof', 'severe').click();
    actions += 1;
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      card(page, 'roof').getByRole('button', { name: '屋根の写真を追加' }).click(),
    ]);
    actions += 1;
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles({ name: 'roof.jpg', mimeType: 'image/jpeg', buffer: bytes });
    actions += 1;
    expect(actions).toBeLessThanOrEqual(3);
    await card(page, 'roof').getByTestId('item-photo').first().waitFor();
    await expect.poll(() => card(page, 'roof').locator('img').count()).toBe(1);
    expect(await pressed(choice(page, 'roof', 'severe'))).toBe('true');
    const photos = app.core.database.sqlite
      .prepare(
        "SELECT item_key FROM attachment WHERE owner_table = 'inspection' AND owner_id = ? AND deleted_at IS NULL",
      )
      .pluck()
      .all(inspectionId);
    expect(photos).toEqual(['roof']);

    // A note, kept when the field is left, and kept when the grade changes after.
    const note = card(page, 'walls').getByLabel('外壁又は界壁のメモ');
    await note.fill('北面の下地が露出');
    await note.blur();
    await expect
      .poll(() =>
        app.core.database.sqlite
          .prepare('SELECT note FROM inspection_answer WHERE inspection_id = ? AND item_key = ?')
          .pluck()
          .get(inspectionId, 'walls'),
      )
      .toBe('北面の下地が露出');
    await choice(page, 'walls', 'exposed').click();
    await expect.poll(() => storedAnswers(inspectionId).walls).toBe('exposed');
    expect(
      app.core.database.sqlite
        .prepare('SELECT note FROM inspection_answer WHERE inspection_id = ? AND item_key = ?')
        .pluck()
        .get(inspectionId, 'walls'),
    ).toBe('北面の下地が露出');
    await expect.poll(() => sectionProgress(page, 'decay')).toBe('3 / 4');
    await expectAccessible(page, 'inspection page (ja)');
    await app.screenshot('inspection-02-page-1280x800');
  });

  it('answers from the keyboard and finds the next unanswered item', async () => {
    const { page } = app;
    const focusedItem = () =>
      page.evaluate(
        () => (document.activeElement?.closest('[data-item]') as HTMLElement | null)?.dataset.item,
      );
    // 「未回答へ」 looks on from the item last worked on (walls): the next open one is in section 3.
    await page.getByTestId('next-unanswered').click();
    await expect.poll(focusedItem).toBe('fire_walls');
    await page.getByRole('heading', { level: 2, name: '3 防火上又は避難上の構造の程度' }).waitFor();
    // A digit key on the focused item answers it.
    await page.keyboard.press('2');
    await expect.poll(() => pressed(choice(page, 'fire_walls', 'some'))).toBe('true');
    await page.getByTestId('next-unanswered').click();
    await expect.poll(focusedItem).toBe('fire_roof');
    // 0 is 確認できず.
    await page.keyboard.press('0');
    await expect.poll(() => pressed(choice(page, 'fire_roof', 'could_not_check'))).toBe('true');
    await expect.poll(() => sectionProgress(page, 'fire')).toBe('2 / 2');
    // Tab to the second choice, Space chooses it.
    await page.getByTestId('next-unanswered').click();
    await expect.poll(focusedItem).toBe('rainwater');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect.poll(() => pressed(choice(page, 'rainwater', 'absent'))).toBe('true');
    // The end of the checklist: round to the first section's open items.
    await page.getByTestId('next-unanswered').click();
    await expect.poll(focusedItem).toBe('wall_construction');
    await expect
      .poll(() => storedAnswers(inspectionId))
      .toEqual({
        foundation_type: 'absent',
        column_size: 'could_not_check',
        frame: 'major',
        roof: 'severe',
        walls: 'exposed',
        fire_walls: 'some',
        fire_roof: 'could_not_check',
        rainwater: 'absent',
      });
  });

  it('loses nothing in a power cut and resumes from 調査中 and from the property', async () => {
    const { page } = app;
    const before = storedAnswers(inspectionId);
    await app.powerCut();
    await page.reload();
    expect(storedAnswers(inspectionId)).toEqual(before);

    await go(page, '/inspections');
    const row = page.getByTestId('in-progress-row');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('与論町茶花２２２');
    expect(await row.innerText()).toContain('8 / 13 項目');
    await expectAccessible(page, 'inspections list (ja)');
    await app.screenshot('inspection-03-in-progress-list');
    await page.getByRole('link', { name: '与論町茶花２２２の調査を続ける' }).click();
    await page.getByTestId('overall-progress').waitFor();
    expect(await page.getByTestId('overall-progress').innerText()).toBe('全体 8 / 13');
    // It opens on the first section with something left; every given answer shows as given.
    expect(await pressed(choice(page, 'foundation_type', 'absent'))).toBe('true');
    expect(await pressed(choice(page, 'column_size', 'could_not_check'))).toBe('true');
    await page.locator('[data-testid="section-tab"][data-section="decay"]').click();
    await expect.poll(() => pressed(choice(page, 'roof', 'severe'))).toBe('true');
    expect(await card(page, 'walls').getByLabel('外壁又は界壁のメモ').inputValue()).toBe('北面の下地が露出');
    // Thumbnails load as they come near the screen (lazy): none is read before.
    expect(await card(page, 'roof').locator('img').count()).toBe(0);
    await card(page, 'roof').scrollIntoViewIfNeeded();
    await expect.poll(() => card(page, 'roof').locator('img').count()).toBe(1);
    // And it goes on where it stopped.
    await choice(page, 'floor_joists', 'severe').click();
    await expect.poll(() => page.getByTestId('overall-progress').innerText()).toBe('全体 9 / 13');

    // From the property page too.
    await go(page, `/akiya/${propertyId}`);
    const mine = page.getByTestId('property-inspection');
    await mine.first().waitFor();
    expect(await mine.getAttribute('data-status')).toBe('in_progress');
    expect(await mine.innerText()).toContain('9 / 13');
    await mine.getByRole('link', { name: '続ける' }).click();
    await page.getByTestId('overall-progress').waitFor();
    expect(page.url()).toContain(`/inspections/${inspectionId}`);
  });

  it('starts from a property page; a refused tap shows why and is not shown as given; finished is read-only', async () => {
    const { page } = app;
    await go(page, `/akiya/${propertyId}`);
    await page.getByTestId('property-inspections').waitFor();
    await page.getByRole('link', { name: '新しい調査を始める' }).click();
    await page.getByRole('heading', { level: 1, name: '調査を始める' }).waitFor();
    await page.getByRole('radio', { name: /外観目視調査/ }).check();
    await page.getByRole('button', { name: '調査を始める' }).click();
    await page.getByTestId('overall-progress').waitFor();
    const second = /#\/inspections\/([^/?]+)/.exec(page.url())?.[1] ?? '';
    expect(second).not.toBe(inspectionId);
    await choice(page, 'nameplate', 'absent').click();
    await expect.poll(() => pressed(choice(page, 'nameplate', 'absent'))).toBe('true');

    // Finished elsewhere (another window): the next tap is refused by the core.
    await call(app.core, 'inspections.finish', { inspectionId: second });
    await choice(page, 'mailbox', 'piling').click();
    await expect
      .poll(() => card(page, 'mailbox').getByTestId('item-save').innerText())
      .toBe('保存できませんでした：この調査は完了しています。回答は変更できません');
    expect(await pressed(choice(page, 'mailbox', 'piling'))).toBe('false');
    expect(storedAnswers(second)).toEqual({ nameplate: 'absent' });
    await app.screenshot('inspection-04-refused');

    // Opened again: read-only, its answer shown, no photo buttons.
    await page.reload();
    await page.getByTestId('inspection-readonly').waitFor();
    expect(await pressed(choice(page, 'nameplate', 'absent'))).toBe('true');
    expect(await choice(page, 'mailbox', 'piling').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /の写真を追加$/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: '結果を見る' }).getAttribute('href')).toBe(
      `#/inspections/${second}/summary`,
    );
    // The result is the summary page's (another screen): the link opens it.
    await page.getByRole('link', { name: '結果を見る' }).click();
    await expect.poll(() => page.url()).toContain(`#/inspections/${second}/summary`);
    await page.locator('main h1').first().waitFor();

    // The property lists both, newest first; the finished one with its stored result.
    await go(page, `/akiya/${propertyId}`);
    await expect.poll(() => page.getByTestId('property-inspection').count()).toBe(2);
    const finished = page.locator('[data-testid="property-inspection"][data-status="finished"]');
    await expect
      .poll(() => finished.getByTestId('inspection-result').innerText())
      .toMatch(/老朽度|空家可能性/);
    await expectAccessible(page, 'property page with inspections (ja)');
  });

  it('fits a finger and reads right in English and at 1024×640', async () => {
    const { page } = app;
    await go(page, `/inspections/${inspectionId}`);
    await page.getByTestId('overall-progress').waitFor();
    expect(await smallTargets(page)).toEqual([]);
    expect(await coveredElements(page)).toEqual([]);

    await call(app.core, 'app.setLocale', { locale: 'en' });
    await page.reload();
    await page.getByRole('button', { name: 'Next unanswered' }).waitFor();
    await expect
      .poll(() => card(page, 'foundation_type').getByRole('button', { name: 'Could not check' }).count())
      .toBe(1);
    await expectAccessible(page, 'inspection page (en)');
    await app.screenshot('inspection-05-page-english');
    await go(page, '/inspections');
    await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
    await page.getByTestId('in-progress-row').first().waitFor();
    await expectAccessible(page, 'inspections list (en)');
    await go(page, `/akiya/${propertyId}/inspections/new`);
    await page.getByRole('heading', { level: 1, name: 'Start a survey' }).waitFor();
    await page.getByRole('radio', { name: /Unfitness/ }).waitFor();
    await expectAccessible(page, 'start form (en)');
    await call(app.core, 'app.setLocale', { locale: 'ja' });

    await page.setViewportSize({ width: 1024, height: 640 });
    await page.reload();
    await go(page, `/inspections/${inspectionId}`);
    await page.getByTestId('overall-progress').waitFor();
    expect(await smallTargets(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await app.screenshot('inspection-06-page-1024x640');
    await go(page, '/inspections');
    await page.getByTestId('in-progress-row').first().waitFor();
    await app.screenshot('inspection-07-list-1024x640');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(app.pageErrors).toEqual([]);
  });
});
