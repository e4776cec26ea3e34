import type { Dialog } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, japanDate } from '../../shared/domain/dates.ts';
import type {
  FamilyDetail,
  FamilyPage,
  PropertyOption,
  StayView,
  TodayBoard,
} from '../../shared/ipc/views.ts';
import { toWareki } from '../../shared/text/japanese-date.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';

/**
 * Stays and enquiries on the small sample town: a stay in a trial house that another laptop has
 * already booked for overlapping nights (warned, then saved only on a second confirmation), dates the
 * core refuses, the move to 滞在中, and an enquiry logged and turned into a family with a planned stay
 * without typing anything twice. The database is the judge of every save.
 */
describe('stays and enquiries', () => {
  let app: AppUnderTest;
  const today = japanDate(new Date());

  async function invoke<T>(channel: string, input: unknown): Promise<T> {
    const r = await app.core.invoke(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  }
  const count = (table: string) =>
    app.core.database.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const go = (hash: string) =>
    app.page.evaluate((h) => {
      location.hash = h;
    }, hash);
  const toast = (text: string) => app.page.getByRole('status').filter({ hasText: text }).waitFor();
  /** A screenshot of the page from its top (a save button or a focused field may have scrolled it). */
  const shotFromTop = async (name: string) => {
    await app.page.evaluate(() => document.getElementById('main')?.scrollTo(0, 0));
    await app.screenshot(name);
  };

  /** A trial house with no live stay on the nights [arrival, departure). */
  async function freeTrialHouse(arrival: string, departure: string, except: string[] = []) {
    const houses = (await invoke<PropertyOption[]>('properties.lodgings', {})).filter(
      (p) => p.status === 'trial_housing' && !except.includes(p.id),
    );
    for (const house of houses) {
      const taken = await invoke<unknown[]>('stays.lodgingConflicts', {
        propertyId: house.id,
        arrival,
        departure,
      });
      if (taken.length === 0) return house;
    }
    throw new Error('no free trial house in the sample');
  }

  let family: FamilyDetail;
  let neighbour: FamilyDetail;
  let house: PropertyOption;
  const arrival = addDays(today, 200);
  const departure = addDays(today, 207);

  beforeAll(async () => {
    app = await launchApp();
    await app.core.invoke('profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '田中 美咲',
      role: 'coordinator',
    });
    await app.core.invoke('sample.load', { size: 'small' });
    await app.page.reload();
    await app.page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
    const families = (await invoke<FamilyPage>('families.list', { limit: 10 })).items;
    const [first, second] = families.filter((f) => f.memberCount >= 2);
    if (!first || !second) throw new Error('the sample has too few families');
    family = await invoke<FamilyDetail>('families.get', { id: first.id });
    neighbour = await invoke<FamilyDetail>('families.get', { id: second.id });
    house = await freeTrialHouse(arrival, departure);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('warns of a double booking in a trial house and saves it only when confirmed twice', async () => {
    const { page } = app;
    // Another coordinator's laptop already put the neighbours in the house for overlapping nights.
    await invoke('stays.save', {
      familyId: neighbour.id,
      programme: 'trial_living',
      plannedArrival: addDays(arrival, 3),
      plannedDeparture: addDays(departure, 3),
      lodgingPropertyId: house.id,
      memberIds: neighbour.members.map((m) => m.id),
    });

    await go(`#/families/${family.id}/stays/new`);
    await page.getByRole('heading', { name: `${family.familyName}家の滞在を登録` }).waitFor();
    await page.getByLabel(/^プログラム( \*)?$/).selectOption({ label: '保育園留学' });
    // 西暦 with slashes for one date, 和暦 for the other: both are how the office writes them.
    await page.getByLabel('到着予定日').fill(arrival.replaceAll('-', '/'));
    await page.getByLabel('出発予定日').fill(toWareki(departure));
    await page.getByText('7泊').waitFor();
    // Every member comes unless unticked.
    for (const m of family.members)
      expect(await page.getByRole('checkbox', { name: m.givenName }).isChecked()).toBe(true);

    // The house, found by typing part of its address; trial houses are listed first.
    await page.getByLabel('物件を検索').fill(house.address.slice(-6));
    const select = page.getByLabel('物件', { exact: true });
    expect(await select.locator('optgroup').first().getAttribute('label')).toBe('お試し住宅');
    await select.selectOption({ label: house.address });
    await page.getByLabel('通う保育園・学校').fill('町立平野保育園');

    const warning = page.locator('.conflict-warning');
    await warning.getByText('⚠ 二重予約になります').waitFor();
    expect(await warning.innerText()).toContain(`${neighbour.familyName}家`);
    expect(await warning.innerText()).toMatch(/\d{4}\/\d{1,2}\/\d{1,2}\(.\)〜\d{4}\/\d{1,2}\/\d{1,2}\(.\)/);
    await expectAccessible(page, 'new stay with a double booking');
    await app.screenshot('stays-01-double-booking-warning');

    // 保存 asks again; 「キャンセル」 writes nothing.
    const before = count('stay');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: '二重予約のまま保存しますか？' });
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain(`${neighbour.familyName}家`);
    await app.screenshot('stays-02-double-booking-confirm');
    await confirm.getByRole('button', { name: 'キャンセル' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(count('stay')).toBe(before);

    await page.getByRole('button', { name: '保存', exact: true }).click();
    await confirm.getByRole('button', { name: '二重予約のまま保存' }).click();
    await toast(`${family.familyName}家の滞在を保存しました`);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/families/${family.id}`);
    expect(count('stay')).toBe(before + 1);

    const row = app.core.database.sqlite
      .prepare(
        'SELECT id, status, lodging_property_id, planned_arrival, planned_departure, school_name FROM stay WHERE family_id = ? ORDER BY created_at DESC LIMIT 1',
      )
      .get(family.id) as {
      id: string;
      status: string;
      lodging_property_id: string;
      planned_arrival: string;
      planned_departure: string;
      school_name: string;
    };
    expect(row).toMatchObject({
      status: 'planned',
      lodging_property_id: house.id,
      planned_arrival: arrival,
      planned_departure: departure,
      school_name: '町立平野保育園',
    });
    const saved = await invoke<StayView>('stays.get', { id: row.id });
    expect(saved.members.map((m) => m.memberId).sort()).toEqual(family.members.map((m) => m.id).sort());
    // The occupancy is computed from the data: the stay itself now carries the double booking.
    expect(saved.doubleBookings.map((c) => c.familyName)).toEqual([neighbour.familyName]);
  });

  it('refuses a departure before the arrival next to the departure, and guards unsaved changes', async () => {
    const { page } = app;
    await go(`#/families/${family.id}/stays/new`);
    await page.getByRole('heading', { name: `${family.familyName}家の滞在を登録` }).waitFor();
    await page.getByLabel(/^プログラム( \*)?$/).selectOption({ label: '小学生留学' });
    await page.getByLabel('到着予定日').fill(addDays(today, 40));
    await page.getByLabel('出発予定日').fill(addDays(today, 35));
    const before = count('stay');
    await page.getByRole('button', { name: '保存', exact: true }).click();

    const departureField = page.locator('.field').filter({ has: page.getByLabel('出発予定日') });
    await departureField
      .getByRole('alert')
      .filter({ hasText: '出発日が到着日より前になっています' })
      .waitFor();
    expect(await page.getByLabel('出発予定日').getAttribute('aria-invalid')).toBe('true');
    // The focus went to the field to correct.
    expect(
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute('aria-invalid')),
    ).toBe('true');
    expect(count('stay')).toBe(before);
    await expectAccessible(page, 'stay form with an error');
    await app.screenshot('stays-03-departure-before-arrival');

    // The core refuses it too, with the same message for the same field.
    const direct = await app.core.invoke('stays.save', {
      familyId: family.id,
      programme: 'school_stay',
      plannedArrival: addDays(today, 40),
      plannedDeparture: addDays(today, 35),
    });
    expect(direct).toMatchObject({
      ok: false,
      error: { message: 'validation.departureBeforeArrival', field: 'plannedDeparture' },
    });

    // Leaving with unsaved changes asks first: 「いいえ」 keeps the form as it was, 「はい」 leaves.
    const answers = [false, true];
    const asked: string[] = [];
    const answer = (d: Dialog) => {
      asked.push(d.message());
      void (answers.shift() ? d.accept() : d.dismiss());
    };
    page.on('dialog', answer);
    await page.getByRole('link', { name: /今日/ }).click();
    await expect.poll(() => asked.length).toBe(1);
    expect(await page.getByLabel('出発予定日').inputValue()).toBe(toWareki(addDays(today, 35)));
    await page.getByRole('link', { name: /今日/ }).click();
    await page.getByRole('heading', { name: '今日', level: 1 }).waitFor();
    page.off('dialog', answer);
    expect(asked).toEqual([
      '保存していない変更があります。このページを離れますか？',
      '保存していない変更があります。このページを離れますか？',
    ]);
    expect(count('stay')).toBe(before);
  });

  it('moves a stay arriving today to 滞在中, from the board, with today as the actual arrival', async () => {
    const { page } = app;
    // Booked by phone last week: arriving today, staying at relatives'.
    const booked = await invoke<StayView>('stays.save', {
      familyId: neighbour.id,
      programme: 'dual_region',
      plannedArrival: today,
      plannedDeparture: addDays(today, 5),
      lodgingText: '親戚宅',
      memberIds: neighbour.members.map((m) => m.id),
    });
    await go('#/today');
    await page
      .locator('.mini')
      .filter({ hasText: '本日到着' })
      .getByRole('link', { name: `${neighbour.familyName}家の滞在を編集` })
      .first()
      .waitFor();
    await go(`#/stays/${booked.id}/edit`);
    await page.getByRole('heading', { name: `${neighbour.familyName}家の滞在を編集` }).waitFor();
    expect(await page.getByLabel('宿泊先', { exact: true }).inputValue()).toBe('親戚宅');
    // From 予定 the stay can start or be cancelled, not jump to 完了.
    expect(await page.getByRole('radio', { name: '完了' }).isDisabled()).toBe(true);
    await page.getByRole('radio', { name: '滞在中' }).check();
    expect(await page.getByLabel('実際の到着日').inputValue()).toBe(toWareki(today));
    await expectAccessible(page, 'stay edit');
    await shotFromTop('stays-04-in-town');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/families/${neighbour.id}`);

    const row = app.core.database.sqlite
      .prepare('SELECT status, actual_arrival, actual_departure FROM stay WHERE id = ?')
      .get(booked.id);
    expect(row).toEqual({ status: 'in_town', actual_arrival: today, actual_departure: null });
    const board = await invoke<TodayBoard>('today.board', { date: today });
    expect(board.inTown.find((s) => s.stayId === booked.id)?.status).toBe('in_town');

    // Once in town, 完了 is the next step, and it asks for the actual departure.
    await go(`#/stays/${booked.id}/edit`);
    await page.getByRole('radio', { name: '完了' }).check();
    expect(await page.getByLabel('実際の出発日').inputValue()).toBe(toWareki(today));
    await page.getByLabel('実際の出発日').fill('');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: '完了にするには実際の出発日を入力してください' })
      .waitFor();
    expect(
      app.core.database.sqlite.prepare('SELECT status FROM stay WHERE id = ?').pluck().get(booked.id),
    ).toBe('in_town');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('link', { name: /今日/ }).click();
    await page.getByRole('heading', { name: '今日', level: 1 }).waitFor();
  });

  it('logs an enquiry and turns it into a family with a planned stay in a trial house', async () => {
    const { page } = app;
    await page.getByRole('link', { name: /今日/ }).click();
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: /相談・問い合わせ/ })
      .click();
    await page.getByRole('heading', { name: '相談・問い合わせ', level: 1 }).waitFor();

    const form = page.locator('form.enquiry-form');
    await form.getByLabel('お名前').fill('山本 美穂');
    await form.getByLabel('ふりがな').fill('ヤマモト ミホ');
    await form.getByLabel('電話番号').fill('０９０－１２３４－５６７８');
    await form.getByLabel('メールアドレス').fill('miho.yamamoto@example.jp');
    await form.getByLabel('経路').selectOption({ label: 'メール' });
    await form.getByLabel('内容').fill('来年2月に2週間の保育園留学を検討。子ども2人（4歳・1歳）');
    await form.getByLabel('次の対応', { exact: true }).fill('お試し住宅の空き状況を連絡');
    await form.getByLabel('次の対応日').fill(toWareki(addDays(today, 3)));
    const enquiriesBefore = count('enquiry');
    await form.getByRole('button', { name: '保存' }).click();
    await toast('山本 美穂さんの問い合わせを保存しました');
    expect(count('enquiry')).toBe(enquiriesBefore + 1);
    const enquiry = app.core.database.sqlite
      .prepare(
        "SELECT id, phone, contact_name_kana, outcome, next_action_on FROM enquiry WHERE contact_name = '山本 美穂'",
      )
      .get() as {
      id: string;
      phone: string;
      contact_name_kana: string;
      outcome: string;
      next_action_on: string;
    };
    expect(enquiry).toMatchObject({
      phone: '09012345678',
      contact_name_kana: 'やまもと みほ',
      outcome: 'open',
      next_action_on: addDays(today, 3),
    });

    // Listed under 対応中 (the default filter), not under 予約済み.
    const row = page.locator(`tr[data-enquiry-id="${enquiry.id}"]`);
    await row.waitFor();
    await page.getByLabel('結果で絞り込み').selectOption({ label: '予約済み' });
    await row.waitFor({ state: 'detached' });
    await page.getByLabel('結果で絞り込み').selectOption({ label: '対応中' });
    await row.waitFor();
    await expectAccessible(page, 'enquiries');
    await shotFromTop('enquiries-01-list');

    await row.getByRole('link', { name: '家族として登録' }).click();
    await page.getByRole('heading', { name: '山本 美穂さんを家族として登録' }).waitFor();
    // Pre-filled from the enquiry: nothing typed twice. The form is the family form's own.
    expect(await page.getByLabel('家族名（姓）').inputValue()).toBe('山本');
    expect(await page.getByLabel('ふりがな（姓）').inputValue()).toBe('やまもと');
    expect(await page.getByLabel('電話番号', { exact: true }).inputValue()).toBe('090-1234-5678');
    expect(await page.getByLabel('メールアドレス').inputValue()).toBe('miho.yamamoto@example.jp');
    const member = (n: number) =>
      page.locator('fieldset.fam-member').filter({ has: page.locator('legend', { hasText: `${n}人目` }) });
    expect(
      await member(1)
        .getByLabel(/^名前( \*)?$/)
        .inputValue(),
    ).toBe('美穂');
    expect(
      await member(1)
        .getByLabel(/^ふりがな( \*)?$/)
        .inputValue(),
    ).toBe('みほ');

    await page.getByRole('button', { name: '家族構成を追加' }).click();
    await page.getByRole('button', { name: '家族構成を追加' }).click();
    const child = member;
    await child(2)
      .getByLabel(/^名前( \*)?$/)
      .fill('陽菜');
    await child(2)
      .getByLabel(/^ふりがな( \*)?$/)
      .fill('ひな');
    await child(2).getByLabel('生年月日').fill('令和4年5月10日');
    await child(2).getByLabel('学年・クラス').fill('年少');
    await child(3)
      .getByLabel(/^名前( \*)?$/)
      .fill('湊');
    await child(3).getByLabel('生年月日').fill('R7.1.20');

    const stayArrival = addDays(today, 80);
    const stayDeparture = addDays(today, 94);
    const stayHouse = await freeTrialHouse(stayArrival, stayDeparture);
    await page.getByLabel(/^プログラム( \*)?$/).selectOption({ label: '保育園留学' });
    await page.getByLabel('到着予定日').fill(stayArrival);
    await page.getByLabel('出発予定日').fill(stayDeparture);
    await page.getByLabel('物件', { exact: true }).selectOption({ label: stayHouse.address });
    await page.getByLabel('通う保育園・学校').fill('町立平野保育園');

    // The third person has no furigana yet: refused, in Japanese, beside that field, nothing written.
    const familiesBefore = count('family');
    await page.getByRole('button', { name: '家族と滞在を登録' }).click();
    await child(3).getByRole('alert').filter({ hasText: '入力してください' }).waitFor();
    expect(count('family')).toBe(familiesBefore);
    await child(3)
      .getByLabel(/^ふりがな( \*)?$/)
      .fill('みなと');
    await expectAccessible(page, 'enquiry conversion');
    await shotFromTop('enquiries-02-convert');
    await page.getByLabel('物件', { exact: true }).scrollIntoViewIfNeeded();
    await app.screenshot('enquiries-03-convert-stay');

    await page.getByRole('button', { name: '家族と滞在を登録' }).click();
    await toast('山本家を登録しました');
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/families\/[0-9a-f-]{36}$/);
    const familyId = (await page.evaluate(() => location.hash)).split('/')[2] ?? '';

    const created = await invoke<FamilyDetail>('families.get', { id: familyId });
    expect(created).toMatchObject({
      familyName: '山本',
      familyNameKana: 'やまもと',
      phone: '09012345678',
      email: 'miho.yamamoto@example.jp',
    });
    expect(created.members.map((m) => [m.givenName, m.givenNameKana, m.relation, m.birthDate])).toEqual(
      expect.arrayContaining([
        ['美穂', 'みほ', 'parent', null],
        ['陽菜', 'ひな', 'child', '2022-05-10'],
        ['湊', 'みなと', 'child', '2025-01-20'],
      ]),
    );
    expect(created.stays).toHaveLength(1);
    expect(created.stays[0]).toMatchObject({
      programme: 'nursery_stay',
      status: 'planned',
      plannedArrival: stayArrival,
      plannedDeparture: stayDeparture,
      lodgingPropertyId: stayHouse.id,
      schoolName: '町立平野保育園',
    });
    expect(created.stays[0]?.members).toHaveLength(3);
    expect(
      app.core.database.sqlite.prepare('SELECT outcome, family_id FROM enquiry WHERE id = ?').get(enquiry.id),
    ).toEqual({
      outcome: 'booked',
      family_id: familyId,
    });
  });

  it('raised no page errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
