import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import type { EventView, SupporterView } from '../../shared/ipc/views/community-events.ts';
import type { FamilyDetail } from '../../shared/ipc/views.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';
import { coveredElements, smallTargets, visit } from './layout-audit.ts';

/**
 * The supporters' register (関係人口名簿) as a coordinator uses it on a 1280×800 touch tablet: register
 * someone, be warned before saving a likely duplicate typed in another width or kana, merge two records
 * of one person and keep both histories, link a supporter to a family member, erase one on request and
 * see them gone from the search; and a surveyor, who may not open the register at all.
 */

async function setUp(app: AppUnderTest, role: string): Promise<void> {
  await call(app.core, 'profile.setup', {
    municipalityId: 'kagoshima-yoron',
    displayName: role === 'coordinator' ? '森 さくら' : '川口 健',
    displayNameKana: role === 'coordinator' ? 'もり さくら' : 'かわぐち けん',
    role,
  });
  await app.page.reload();
  await app.page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
}

const supporterCount = (app: AppUnderTest) =>
  app.core.database.sqlite.prepare('SELECT count(*) FROM supporter').pluck().get() as number;

async function shownCount(page: Page): Promise<number> {
  return Number((await page.getByTestId('supporter-count').innerText()).replace(/[^0-9]/g, ''));
}

/** Every target at least 44 px: the tablet is used by touch. */
async function expectTouchTargets(page: Page, label: string): Promise<void> {
  expect(
    (await smallTargets(page)).map((f) => `${f.what} ${f.width}×${f.height}`),
    label,
  ).toEqual([]);
}

/** An event with one supporter applied and marked 参加, through the core as the events screens would. */
async function attended(app: AppUnderTest, title: string, day: string, supporterId: string) {
  const ev = (await call(app.core, 'events.save', {
    title,
    kind: 'exchange',
    startsAt: `${day}T13:00:00+09:00`,
    endsAt: `${day}T16:00:00+09:00`,
    placeKind: 'in_town',
    place: '茶花公民館',
  })) as EventView;
  await call(app.core, 'applications.add', { eventId: ev.id, supporterId });
  await call(app.core, 'rollcall.mark', {
    eventId: ev.id,
    people: [{ kind: 'supporter', id: supporterId }],
    attended: true,
  });
  return ev;
}

describe('the supporters register: a coordinator', () => {
  let app: AppUnderTest;
  let keep: SupporterView;
  let other: SupporterView;
  let family: FamilyDetail;
  let hanakoId = '';
  let twinId = '';

  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    await setUp(app, 'coordinator');
    // Two records of one person, each with its own event: the merge must keep both.
    keep = (await call(app.core, 'supporters.save', {
      name: '小林 陽子',
      nameKana: 'こばやし ようこ',
      homePrefecture: '福岡県',
      connections: ['fan_club'],
      notADuplicate: true,
    })) as SupporterView;
    other = (await call(app.core, 'supporters.save', {
      name: '小林陽子',
      email: 'yoko@example.jp',
      connections: ['event'],
      firstConnectedOn: '2025-05-10',
      notADuplicate: true,
    })) as SupporterView;
    await attended(app, '秋の交流会', '2026-10-03', keep.id);
    await attended(app, '移住相談会 in 福岡', '2026-11-07', other.id);
    family = (await call(app.core, 'families.create', {
      familyName: '本田',
      familyNameKana: 'ほんだ',
    })) as FamilyDetail;
    await call(app.core, 'members.save', {
      familyId: family.id,
      givenName: '陽子',
      givenNameKana: 'ようこ',
      relation: 'parent',
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens the register from the menu and searches it in Japanese as you type', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: /関係人口名簿/ })
      .click();
    await page.getByRole('heading', { level: 1, name: '関係人口名簿' }).waitFor();
    await expect.poll(() => shownCount(page)).toBe(2);
    const search = page.getByLabel('名簿を検索');
    // Katakana finds the hiragana furigana; the kanji finds both records.
    await search.fill('コバヤシ');
    await expect.poll(() => shownCount(page)).toBe(1);
    await search.fill('小林');
    await expect.poll(() => shownCount(page)).toBe(2);
    await search.fill('');
    await page.getByLabel('つながり', { exact: true }).selectOption({ label: 'ファンクラブ' });
    await expect.poll(() => shownCount(page)).toBe(1);
    await page
      .getByRole('row', { name: /小林 陽子/ })
      .getByText('参加 1回')
      .waitFor();
    await page.getByRole('button', { name: '条件をクリア' }).click();
    await expect.poll(() => shownCount(page)).toBe(2);
    await expectAccessible(page, 'supporters list');
    await expectTouchTargets(page, 'supporters list');
    await app.screenshot('supporters-01-list-1280');
  });

  it('registers a supporter from the form', async () => {
    const { page } = app;
    await visit(page, '/supporters');
    await page.getByRole('link', { name: '名簿に登録' }).click();
    await page.getByRole('heading', { level: 1, name: '関係人口名簿に登録' }).waitFor();
    await page.getByLabel(/^氏名/).fill('田中 花子');
    await page.getByLabel('ふりがな', { exact: true }).fill('たなか はなこ');
    await page.getByLabel('都道府県', { exact: true }).selectOption('東京都');
    await page.getByLabel('市区町村', { exact: true }).fill('世田谷区');
    await page.getByLabel('電話番号', { exact: true }).fill('090-1234-5678');
    await page.getByLabel('メールアドレス', { exact: true }).fill('hanako@example.jp');
    await page.getByLabel('ふるさと納税', { exact: true }).check();
    // 「その他」 asks what it is, on its own field.
    await page.getByLabel('その他', { exact: true }).check();
    await page.getByLabel('町からの連絡に同意している').check();
    await page.getByLabel('メール', { exact: true }).check();
    await page.getByLabel('初めてつながった日').fill('2024/4/1');
    await expectAccessible(page, 'supporter form');
    await expectTouchTargets(page, 'supporter form');
    await app.screenshot('supporters-02-form-1280');
    const before = supporterCount(app);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const otherText = page.getByLabel(/^「その他」の内容/);
    await expect.poll(() => otherText.getAttribute('aria-invalid')).toBe('true');
    expect(supporterCount(app)).toBe(before);
    await otherText.fill('友人の紹介');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '田中 花子' }).waitFor();
    await page.getByText('その他（友人の紹介）').waitFor();
    expect(supporterCount(app)).toBe(before + 1);
    hanakoId = page.url().split('/supporters/')[1] ?? '';
    const saved = (await call(app.core, 'supporters.get', { id: hanakoId })) as SupporterView;
    expect(saved).toMatchObject({
      nameKana: 'たなか はなこ',
      homePrefecture: '東京都',
      connections: ['furusato_nozei', 'other'],
      connectionOther: '友人の紹介',
      contactConsent: true,
      contactChannels: ['email'],
      firstConnectedOn: '2024-04-01',
    });
    // Contact details only on request, and audited on request: opening the page wrote no row, each
    // 「連絡先を表示」 writes one.
    const contactViews = () =>
      app.core.database.sqlite
        .prepare(
          "SELECT count(*) FROM audit_log WHERE table_name = 'supporter' AND row_id = ? AND action = 'view_sensitive'",
        )
        .pluck()
        .get(hanakoId) as number;
    expect(await page.getByTestId('supporter-contact').count()).toBe(0);
    expect(contactViews()).toBe(0);
    await page.getByRole('button', { name: '連絡先を表示' }).click();
    await page.getByTestId('supporter-contact').getByText('090-1234-5678').waitFor();
    expect(contactViews()).toBe(1);
    await page.getByRole('button', { name: '連絡先を隠す' }).click();
    await page.getByText('表示するたびに監査記録に残ります').waitFor();
    await page.getByRole('button', { name: '連絡先を表示' }).click();
    await page.getByTestId('supporter-contact').getByText('090-1234-5678').waitFor();
    expect(contactViews()).toBe(2);
    // The list shows the 「その他」 text too.
    await visit(page, '/supporters');
    await page.getByLabel('名簿を検索').fill('たなか はなこ');
    await page
      .getByRole('row', { name: /田中 花子/ })
      .getByText('その他（友人の紹介）')
      .waitFor();
  });

  it('warns of a likely duplicate typed in full-width digits, and saves nothing for 「この人と同じ」', async () => {
    const { page } = app;
    await visit(page, '/supporters/new');
    await page.getByLabel(/^氏名/).fill('別人 太郎');
    await page.getByLabel('電話番号', { exact: true }).fill('０９０－１２３４－５６７８');
    const before = supporterCount(app);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const panel = page.getByRole('alert').filter({ hasText: '同じ方がすでに登録されているかもしれません' });
    await panel.waitFor();
    await panel.getByText('一致：電話番号').waitFor();
    expect(supporterCount(app)).toBe(before);
    await expectAccessible(page, 'supporter form with duplicates');
    await expectTouchTargets(page, 'supporter form with duplicates');
    await app.screenshot('supporters-03-duplicate-phone');
    await panel.getByRole('button', { name: 'この人と同じ（田中 花子さん）' }).click();
    await page.getByRole('heading', { level: 1, name: '田中 花子' }).waitFor();
    expect(page.url()).toContain(`/supporters/${hanakoId}`);
    expect(supporterCount(app)).toBe(before);
  });

  it('warns of the same name in katakana, and saves it as a different person when told to', async () => {
    const { page } = app;
    await visit(page, '/supporters/new');
    await page.getByLabel(/^氏名/).fill('田中花子');
    await page.getByLabel('ふりがな', { exact: true }).fill('タナカ ハナコ');
    await page.getByLabel('都道府県', { exact: true }).selectOption('大阪府');
    const before = supporterCount(app);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const panel = page.getByRole('alert').filter({ hasText: '同じ方がすでに登録されているかもしれません' });
    await panel.getByText('一致：氏名・ふりがな').waitFor();
    expect(supporterCount(app)).toBe(before);
    await app.screenshot('supporters-04-duplicate-kana');
    await panel.getByRole('button', { name: '別の人として保存' }).click();
    await page.getByRole('heading', { level: 1, name: '田中花子' }).waitFor();
    expect(supporterCount(app)).toBe(before + 1);
    twinId = page.url().split('/supporters/')[1] ?? '';
    expect(twinId).not.toBe(hanakoId);
  });

  it('merges two records of one person, keeping both histories on the kept one', async () => {
    const { page } = app;
    await visit(page, `/supporters/${keep.id}`);
    const history = page.getByTestId('supporter-history');
    await history.getByText('秋の交流会').waitFor();
    expect(await history.getByText('移住相談会 in 福岡').count()).toBe(0);
    await page.getByRole('button', { name: '別の記録と統合' }).click();
    const dialog = page.getByRole('dialog', { name: '統合する記録を選ぶ' });
    await dialog.getByLabel('統合する記録を検索').fill('小林');
    await dialog.getByRole('button', { name: /小林陽子さんを選ぶ/ }).click();
    const preview = dialog.getByTestId('merge-preview');
    await preview
      .getByText('ファンクラブ・イベント参加')
      .or(preview.getByText('イベント参加・ファンクラブ'))
      .waitFor();
    await preview.getByText('2025/5/10').waitFor();
    await expectAccessible(page, 'merge dialog');
    await expectTouchTargets(page, 'merge dialog');
    await app.screenshot('supporters-05-merge-preview');
    await dialog.getByRole('button', { name: '統合する', exact: true }).click();
    await history.getByText('移住相談会 in 福岡').waitFor();
    await history.getByText('秋の交流会').waitFor();
    expect(await history.getByText('参加', { exact: true }).count()).toBe(2);
    await page.getByText('1件の記録をこの記録に統合しています。').waitFor();
    // The merged-away record opens the kept one.
    await visit(page, `/supporters/${other.id}`);
    await expect.poll(() => page.url()).toContain(`/supporters/${keep.id}`);
    await page.getByRole('heading', { level: 1, name: '小林 陽子' }).waitFor();
    const list = (await call(app.core, 'supporters.list', { query: '小林' })) as { total: number };
    expect(list.total).toBe(1);
  });

  it('links the supporter to a family member who came to stay', async () => {
    const { page } = app;
    await visit(page, `/supporters/${keep.id}`);
    await page.getByRole('button', { name: '家族の方とつなぐ' }).click();
    const dialog = page.getByRole('dialog', { name: '家族の方を選ぶ' });
    await dialog.getByLabel('家族を検索').fill('ほんだ');
    await dialog.getByRole('button', { name: '本田家を選ぶ' }).click();
    await dialog.getByLabel(/陽子/).check();
    await expectAccessible(page, 'link dialog');
    await app.screenshot('supporters-06-link-member');
    await dialog.getByRole('button', { name: 'つなぐ', exact: true }).click();
    await page.getByTestId('supporter-link').getByText('本田家の陽子さんとつながっています').waitFor();
    const linked = (await call(app.core, 'supporters.get', { id: keep.id })) as SupporterView;
    expect(linked.familyId).toBe(family.id);
    await page.getByRole('link', { name: '家族のページを開く' }).waitFor();
  });

  it('erases a supporter on request; the anonymous counts stay and the search no longer finds them', async () => {
    const { page } = app;
    await visit(page, `/supporters/${twinId}`);
    await page.getByRole('button', { name: '個人情報を削除' }).click();
    const dialog = page.getByRole('dialog', { name: '田中花子さんの個人情報を削除' });
    await dialog.getByText(/延べ参加者数・実人数は変わりません/).waitFor();
    const erase = dialog.getByRole('button', { name: '削除する' });
    expect(await erase.isDisabled()).toBe(true);
    await dialog.getByLabel(/氏名「田中花子」を入力/).fill('田中　花子');
    await expectAccessible(page, 'erase dialog');
    await app.screenshot('supporters-07-erase');
    await erase.click();
    await page.getByText(/個人情報は削除されました（匿名化）/).waitFor();
    await visit(page, '/supporters');
    const search = page.getByLabel('名簿を検索');
    await search.fill('たなか');
    await expect.poll(() => shownCount(page)).toBe(1);
    await page.getByRole('link', { name: /田中 花子/ }).waitFor();
    await search.fill('大阪');
    await expect.poll(() => shownCount(page)).toBe(0);
    await search.fill('');
  });

  it('fits 1024×640 with nothing covered, and reads in English', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 1024, height: 640 });
    for (const path of ['/supporters', '/supporters/new', `/supporters/${keep.id}`]) {
      await visit(page, path);
      expect(
        (await coveredElements(page)).map((f) => f.what),
        path,
      ).toEqual([]);
    }
    await visit(page, '/supporters');
    await app.screenshot('supporters-08-list-1024');
    await visit(page, `/supporters/${keep.id}`);
    await app.screenshot('supporters-09-page-1024');
    await page.setViewportSize({ width: 1280, height: 800 });

    await call(app.core, 'app.setLocale', { locale: 'en' });
    await page.reload();
    await visit(page, '/supporters');
    await page.getByRole('heading', { level: 1, name: 'Supporters' }).waitFor();
    await expectAccessible(page, 'supporters list (English)');
    await expectTouchTargets(page, 'supporters list (English)');
    await app.screenshot('supporters-10-list-english');
    await visit(page, `/supporters/${keep.id}`);
    await page.getByRole('heading', { level: 2, name: 'Event history' }).waitFor();
    await expectAccessible(page, 'supporter page (English)');
    await expectTouchTargets(page, 'supporter page (English)');
    await app.screenshot('supporters-11-page-english');
    await visit(page, '/supporters/new');
    await page.getByLabel(/^Name/).fill('Ann Lee');
    await page.getByRole('textbox', { name: 'Phone' }).fill('09012345678');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('This person may already be registered').waitFor();
    await expectAccessible(page, 'supporter form with duplicates (English)');
    await app.screenshot('supporters-12-form-english');
    await call(app.core, 'app.setLocale', { locale: 'ja' });
    await page.reload();
  });

  it('raised no page errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});

describe('the supporters register: a surveyor', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 1280, height: 800 } });
    await setUp(app, 'surveyor');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('has no menu entry and cannot open the register by its address', async () => {
    const { page } = app;
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    await nav.getByRole('link', { name: /イベント/ }).waitFor();
    expect(await nav.getByRole('link', { name: /関係人口名簿/ }).count()).toBe(0);
    await visit(page, '/supporters');
    await page
      .getByText('関係人口名簿は個人情報のため、コーディネーターと町の管理者だけが見られます。')
      .waitFor();
    expect(await page.getByLabel('名簿を検索').count()).toBe(0);
    await expectAccessible(page, 'register refused to a surveyor');
    await app.screenshot('supporters-13-surveyor');
    // The core refuses as well, whatever a page sends.
    expect(await app.core.invoke('supporters.list', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
