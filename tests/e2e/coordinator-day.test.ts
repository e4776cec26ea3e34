import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { japanDate } from '../../shared/domain/dates.ts';
import type { TodayBoard } from '../../shared/ipc/views.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';

/**
 * The coordinator's day: a coordinator does a whole day on the medium sample town, in Japanese, with
 * no server — checks in every family, adds a new family from an enquiry with a stay in a trial house,
 * sees a double-booking warning, erases a family. Only the UI is used to do the work; the database is
 * read afterwards to prove it happened. Dates are typed key by key, the way people type them.
 */
describe('a coordinator’s whole day on the medium sample', () => {
  let app: AppUnderTest;
  let freeHouse: { id: string; address: string };
  const today = japanDate(new Date());

  beforeAll(async () => {
    app = await launchApp();
    await app.core.invoke('profile.setup', {
      municipalityId: 'kagoshima-kinko',
      displayName: '松本 さやか',
      role: 'coordinator',
    });
    const loaded = await app.core.invoke('sample.load', { size: 'medium' });
    expect(loaded.ok).toBe(true);
    // A trial house with nothing booked from April next year.
    freeHouse = app.core.database.sqlite
      .prepare(
        `SELECT id, address FROM property p WHERE status = 'trial_housing' AND deleted_at IS NULL AND NOT EXISTS (
           SELECT 1 FROM stay s WHERE s.lodging_property_id = p.id AND s.status <> 'cancelled' AND s.departure > '2027-04-01')
         ORDER BY address LIMIT 1`,
      )
      .get() as { id: string; address: string };
    expect(freeHouse).toBeTruthy();
    await app.page.reload();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('checks in every family in town', async () => {
    const { page, core } = app;
    await page.getByRole('heading', { name: '滞在中の家族' }).waitFor();
    const board = (await core.invoke('today.board', { date: today })) as { ok: true; value: TodayBoard };
    expect(board.value.inTown.length).toBeGreaterThan(20);
    const missing = page.locator('.stay-card.missing');
    let left = await missing.count();
    expect(left).toBeGreaterThan(0);
    await app.screenshot('day-01-morning-board');
    while (left > 0) {
      // The common case is one click from the board: 良好, every child attended.
      await missing.first().getByRole('button', { name: '良好で記録' }).click();
      await expect.poll(() => missing.count()).toBe(left - 1);
      left -= 1;
    }
    await page.getByText(`滞在中 ${board.value.inTown.length}家族・未記録 0家族`).waitFor();
    const unrecorded = core.database.sqlite
      .prepare(
        `SELECT count(*) FROM stay s WHERE s.status <> 'cancelled' AND s.deleted_at IS NULL AND s.arrival <= ? AND s.departure >= ?
           AND NOT EXISTS (SELECT 1 FROM checkin c WHERE c.stay_id = s.id AND c.date = ?)`,
      )
      .pluck()
      .get(today, today, today);
    expect(unrecorded).toBe(0);
    await expectAccessible(page, 'board, all recorded');
    await app.screenshot('day-02-all-recorded');
  });

  it('takes back a mis-click with 元に戻す', async () => {
    const { page, core } = app;
    const card = page.locator('.stay-card').first();
    const entries = card.locator('.checkins li');
    const before = await entries.count();
    await card.getByRole('button', { name: '良好で記録' }).click();
    await expect.poll(() => entries.count()).toBe(before + 1);
    await page.locator('.toast').getByRole('button', { name: '元に戻す' }).click();
    await expect.poll(() => entries.count()).toBe(before);
    await page.getByRole('status').filter({ hasText: '元に戻しました' }).waitFor();
    expect(
      core.database.sqlite
        .prepare("SELECT count(*) FROM outbox WHERE table_name = 'checkin' AND op = 'delete'")
        .pluck()
        .get(),
    ).toBe(1);
  });

  it('adds a new family from an enquiry, with a stay in a trial house, without retyping', async () => {
    const { page, core } = app;
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: /相談・問い合わせ/ })
      .click();
    await page.getByRole('heading', { name: '相談・問い合わせ', level: 1 }).waitFor();
    const form = page.locator('form.enquiry-form');
    await form.getByLabel('お名前').fill('百目鬼 彩');
    await form.getByLabel('ふりがな').fill('どうめき あや');
    await form.getByLabel('電話番号').pressSequentially('０８０－２２２２－３３３３');
    await form.getByLabel('内容').fill('4月に2週間、4歳の娘と保育園留学を希望');
    await form.getByRole('button', { name: '保存' }).click();
    const row = page.locator('tr', { hasText: '百目鬼 彩' });
    await row.getByRole('link', { name: '家族として登録' }).click();
    await page.getByRole('heading', { name: '百目鬼 彩さんを家族として登録' }).waitFor();
    expect(await page.getByLabel('家族名（姓）').inputValue()).toBe('百目鬼');
    expect(await page.getByLabel('電話番号', { exact: true }).inputValue()).toBe('080-2222-3333');

    // The family form's own member rows: the second one added is a child.
    await page.getByRole('button', { name: '家族構成を追加' }).click();
    const child = page
      .locator('fieldset.fam-member')
      .filter({ has: page.locator('legend', { hasText: '2人目' }) });
    await child.getByLabel(/^名前( \*)?$/).fill('結菜');
    await child.getByLabel(/^ふりがな( \*)?$/).fill('ゆいな');
    await child.getByLabel('生年月日').pressSequentially('令和4年5月10日');
    await page.getByLabel(/^プログラム( \*)?$/).selectOption({ label: '保育園留学' });
    const arrival = page.getByLabel('到着予定日');
    await arrival.fill('');
    await arrival.pressSequentially('2027/4/10');
    // Typed key by key, nothing is eaten half-way (2027/4/1 already parses as a date).
    expect(await arrival.inputValue()).toBe('2027/4/10');
    const departure = page.getByLabel('出発予定日');
    await departure.fill('');
    await departure.pressSequentially('R9.4.24');
    expect(await departure.inputValue()).toBe('R9.4.24');
    await page.getByLabel('物件', { exact: true }).selectOption({ label: freeHouse.address });
    await page.getByLabel('通う保育園・学校').fill('町立城元保育園');
    await expectAccessible(page, 'convert enquiry');
    await app.screenshot('day-03-enquiry-to-family');
    await page.getByRole('button', { name: '家族と滞在を登録' }).click();
    // The convert page's own heading names the family too: wait for the saved rows themselves (the
    // core answers from another process, so the page may still be on its way).
    const stay = () =>
      core.database.sqlite
        .prepare(
          `SELECT s.planned_arrival, s.planned_departure, s.lodging_property_id, s.status,
                (SELECT count(*) FROM stay_member sm WHERE sm.stay_id = s.id) AS people
         FROM stay s JOIN family f ON f.id = s.family_id WHERE f.family_name_kana = 'どうめき'`,
        )
        .get();
    await expect.poll(stay).toEqual({
      planned_arrival: '2027-04-10',
      planned_departure: '2027-04-24',
      lodging_property_id: freeHouse.id,
      status: 'planned',
      people: 2,
    });
    // …and the page has gone on to the new family (the next step leaves from there).
    await expect.poll(() => page.url()).toMatch(/#\/families\/[^/]+$/);
    expect(
      core.database.sqlite
        .prepare(
          "SELECT m.birth_date FROM family_member m JOIN family f ON f.id = m.family_id WHERE f.family_name_kana = 'どうめき' AND m.given_name = '結菜'",
        )
        .pluck()
        .get(),
    ).toBe('2022-05-10');
  });

  it('undoes a just-saved stay edit', async () => {
    const { page, core } = app;
    const stayId = core.database.sqlite
      .prepare(
        "SELECT s.id FROM stay s JOIN family f ON f.id = s.family_id WHERE f.family_name_kana = 'どうめき'",
      )
      .pluck()
      .get() as string;
    const school = () =>
      core.database.sqlite.prepare('SELECT school_name FROM stay WHERE id = ?').pluck().get(stayId);
    await page.evaluate((id) => {
      window.location.hash = `#/stays/${id}/edit`;
    }, stayId);
    await page.getByRole('heading', { name: '百目鬼家の滞在を編集' }).waitFor();
    await page.getByLabel('通う保育園・学校').fill('町立神川保育園');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    // The edit page's heading names the family too: wait for the saved value and the toast.
    await expect.poll(school).toBe('町立神川保育園');
    await page.locator('.toast').getByRole('button', { name: '元に戻す' }).click();
    await expect.poll(school).toBe('町立城元保育園');
  });

  it('is warned of a double booking when another family is put in the same house', async () => {
    const { page, core } = app;
    const other = core.database.sqlite
      .prepare(
        "SELECT id, family_name FROM family WHERE erased_at IS NULL AND family_name_kana <> 'どうめき' ORDER BY id LIMIT 1",
      )
      .get() as { id: string; family_name: string };
    await page.evaluate((id) => {
      window.location.hash = `#/families/${id}/stays/new`;
    }, other.id);
    await page.getByRole('heading', { name: `${other.family_name}家の滞在を登録` }).waitFor();
    await page.getByLabel('プログラム').selectOption({ label: 'お試し居住' });
    await page.getByLabel('到着予定日').pressSequentially('2027/4/20');
    await page.getByLabel('出発予定日').pressSequentially('2027/4/27');
    await page.getByLabel('物件を検索').fill(freeHouse.address.slice(-6));
    await page.getByLabel('物件', { exact: true }).selectOption({ label: freeHouse.address });
    const warning = page.locator('.conflict-warning');
    await warning.getByText('⚠ 二重予約になります').waitFor();
    expect(await warning.innerText()).toContain('百目鬼家');
    await expectAccessible(page, 'stay with double booking');
    await app.screenshot('day-04-double-booking');
    // Leaving with unsaved changes asks first; the coordinator decides not to book it.
    page.once('dialog', (d) => d.accept());
    await page.getByRole('link', { name: /今日/ }).click();
    await page.getByRole('heading', { name: '今日', level: 1 }).waitFor();
    expect(
      core.database.sqlite
        .prepare(
          "SELECT count(*) FROM stay WHERE lodging_property_id = ? AND planned_arrival >= '2027-04-01'",
        )
        .pluck()
        .get(freeHouse.id),
    ).toBe(1);
  });

  it('erases a family on request, typing its name back', async () => {
    const { page, core } = app;
    const id = core.database.sqlite
      .prepare("SELECT id FROM family WHERE family_name_kana = 'どうめき'")
      .pluck()
      .get() as string;
    await page.evaluate((familyId) => {
      window.location.hash = `#/families/${familyId}`;
    }, id);
    await page.getByRole('button', { name: '個人情報を削除' }).click();
    const dialog = page.getByRole('dialog', { name: '百目鬼家の個人情報を削除' });
    await dialog.getByLabel('確認のため、家族名「百目鬼」を入力してください').fill('百目鬼');
    await app.screenshot('day-05-erase');
    await dialog.getByRole('button', { name: '個人情報を削除する' }).click();
    await page.getByRole('heading', { level: 1, name: '削除済み（匿名化）' }).waitFor();
    expect(
      core.database.sqlite.prepare('SELECT family_name, phone FROM family WHERE id = ?').get(id),
    ).toEqual({ family_name: '', phone: null });
    // The nights stay for the KPIs.
    expect(
      core.database.sqlite.prepare('SELECT count(*) FROM stay WHERE family_id = ?').pluck().get(id),
    ).toBe(1);
    const found = await core.invoke('families.list', { query: 'どうめき' });
    expect(found).toMatchObject({ ok: true, value: { total: 0 } });
    await app.screenshot('day-06-erased');
  });

  it('raised no page errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
