import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, japanDate } from '../../shared/domain/dates.ts';
import type { BoardStay, TodayBoard } from '../../shared/ipc/views.ts';
import { dateExamples, toWareki } from '../../shared/text/japanese-date.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';

/**
 * The coordinator's morning on the 今日 board, on the small sample town: the one-click 良好, the
 * keyboard round (j/k/g), the check-in dialog for the other cases, two entries for one family, and
 * input the core must refuse. Every record is checked in the database, not only on screen.
 */
describe('today board', () => {
  let app: AppUnderTest;
  const today = japanDate(new Date());

  const checkinCount = () =>
    app.core.database.sqlite.prepare('SELECT count(*) FROM checkin').pluck().get() as number;
  const checkinsOf = (stayId: string) =>
    app.core.database.sqlite
      .prepare(
        'SELECT condition, kind, note, attendance, follow_up_needed, follow_up_on, created_by FROM checkin WHERE stay_id = ? AND date = ? ORDER BY recorded_at',
      )
      .all(stayId, today) as {
      condition: string;
      kind: string;
      note: string | null;
      attendance: string;
      follow_up_needed: number;
      follow_up_on: string | null;
      created_by: string;
    }[];
  const board = async () => {
    const r = await app.core.invoke('today.board', { date: today });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as TodayBoard;
  };
  const card = (stayId: string) => app.page.locator(`.stay-card[data-stay-id="${stayId}"]`);
  const status = (text: string) => app.page.getByRole('status').filter({ hasText: text }).waitFor();

  /**
   * A family in town with no check-in today: from the sample when one is left, else one made here. The
   * sample is drawn around today's date, and on some dates the tests before this one use up all it has.
   */
  const stayWithoutCheckin = async (): Promise<BoardStay> => {
    const left = (await board()).inTown.find((s) => s.checkins.length === 0);
    if (left) return left;
    const call = async (channel: string, input: unknown) => {
      const r = await app.core.invoke(channel, input);
      if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
      return r.value as { id: string };
    };
    const family = await call('families.create', { familyName: '港', familyNameKana: 'みなと' });
    const stay = await call('stays.save', {
      familyId: family.id,
      programme: 'workation',
      plannedArrival: addDays(today, -1),
      plannedDeparture: addDays(today, 3),
      actualArrival: addDays(today, -1),
      status: 'in_town',
      lodgingText: '茶花の体験住宅',
    });
    const made = (await board()).inTown.find((s) => s.stayId === stay.id);
    if (!made) throw new Error('the stay made for this test is not on the board');
    await card(made.stayId).waitFor();
    return made;
  };

  beforeAll(async () => {
    app = await launchApp();
    await app.core.invoke('profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '田中 美咲',
      role: 'coordinator',
    });
    await app.core.invoke('sample.load', { size: 'small' });
    await app.page.reload();
    await app.page.getByRole('heading', { name: '滞在中の家族' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows who is in town, who is not recorded yet, the shortcuts and the follow-ups', async () => {
    const { page } = app;
    const data = await board();
    expect(data.inTown.length).toBeGreaterThan(3);
    await expect.poll(() => page.locator('.stay-card').count()).toBe(data.inTown.length);
    const missing = data.inTown.filter((s) => s.checkins.length === 0).length;
    expect(await page.locator('.stay-card.missing').count()).toBe(missing);
    await page.getByText(`滞在中 ${data.inTown.length}家族・未記録 ${missing}家族`).waitFor();

    // Which child goes where, and a way to the family's page.
    const withSchool = data.inTown.find((s) => s.children.some((c) => c.schoolName));
    if (!withSchool) throw new Error('the sample has no child with a nursery or school');
    const child = withSchool.children.find((c) => c.schoolName);
    expect(await card(withSchool.stayId).locator('.children').innerText()).toContain(`${child?.givenName}`);
    expect(await card(withSchool.stayId).locator('.children').innerText()).toContain(`${child?.schoolName}`);
    expect(
      await card(withSchool.stayId).getByRole('link', { name: withSchool.familyName }).getAttribute('href'),
    ).toBe(`#/families/${withSchool.familyId}`);

    const legend = page.getByRole('region', { name: 'キーボード操作' });
    for (const text of ['次の家族', '前の家族', '良好で記録して次へ', '詳しく記録', '前日', '翌日']) {
      await legend.getByText(text).first().waitFor();
    }
    const followUps = page.locator('.follow-ups');
    expect(await followUps.locator('h2 .count').innerText()).toBe(String(data.followUpsDueTotal));
    await page.locator('.board-side').getByRole('link', { name: '相談・問い合わせ' }).waitFor();
    await expectAccessible(page, 'today board');
    await app.screenshot('today-01-board');
  });

  it('records the common case with one click', async () => {
    const stay = (await board()).inTown.find((s) => s.checkins.length === 0 && s.children.length > 0);
    if (!stay) throw new Error('no family without a check-in');
    await card(stay.stayId).getByRole('button', { name: '良好で記録' }).click();
    await status(`${stay.familyName}家の記録を保存しました`);

    const [row] = checkinsOf(stay.stayId);
    expect(row).toMatchObject({ condition: 'good', kind: 'daily', note: null, follow_up_needed: 0 });
    expect(JSON.parse(row?.attendance ?? '[]')).toEqual(
      stay.children.map((c) => ({ memberId: c.memberId, attended: true })),
    );
    // The card turns recorded and says by whom.
    await expect.poll(() => card(stay.stayId).getAttribute('class')).toContain('recorded');
    expect(await card(stay.stayId).locator('.checkins').innerText()).toMatch(/良好 \d{2}:\d{2} 田中 美咲/);
  });

  it('goes round the families with j/k and records with g', async () => {
    const { page } = app;
    await page.getByLabel('未記録の家族だけ表示').check();
    const missing = (await board()).inTown.filter((s) => s.checkins.length === 0);
    expect(missing.length).toBeGreaterThanOrEqual(2);
    const [first, second] = missing as [BoardStay, BoardStay];
    await expect.poll(() => page.locator('.stay-card').count()).toBe(missing.length);

    await page.keyboard.press('j');
    await expect
      .poll(() => page.locator('.stay-card.active').getAttribute('data-stay-id'))
      .toBe(first.stayId);
    await page.keyboard.press('j');
    await expect
      .poll(() => page.locator('.stay-card.active').getAttribute('data-stay-id'))
      .toBe(second.stayId);
    await page.keyboard.press('k');
    await expect
      .poll(() => page.locator('.stay-card.active').getAttribute('data-stay-id'))
      .toBe(first.stayId);
    // The focus itself moved onto the card's button: Enter would press it.
    expect(
      await page.evaluate(() => document.activeElement?.closest('.stay-card')?.getAttribute('data-stay-id')),
    ).toBe(first.stayId);
    await app.screenshot('today-02-keyboard-active');

    const before = checkinCount();
    await page.keyboard.press('g');
    await status(`${first.familyName}家の記録を保存しました`);
    expect(checkinCount()).toBe(before + 1);
    expect(checkinsOf(first.stayId)).toMatchObject([{ condition: 'good' }]);
    // Recorded, it leaves the "only missing" list, and the next family is the active one.
    await expect.poll(() => card(first.stayId).count()).toBe(0);
    await expect
      .poll(() => page.locator('.stay-card.active').getAttribute('data-stay-id'))
      .toBe(second.stayId);

    // Enter on the focused button is the same 良好.
    await page.keyboard.press('Enter');
    await status(`${second.familyName}家の記録を保存しました`);
    expect(checkinCount()).toBe(before + 2);
    await page.getByLabel('未記録の家族だけ表示').uncheck();
  });

  it('changes the date with ] [ and t', async () => {
    const { page } = app;
    await page.locator('.page.today h1').click();
    const shown = () => page.locator('.date-current strong').innerText();
    const todayText = await shown();
    await page.keyboard.press(']');
    await expect.poll(shown).not.toBe(todayText);
    await page.getByText(toWareki(addDays(today, 1))).waitFor();
    await page.keyboard.press('[');
    await page.keyboard.press('[');
    await page.getByText(toWareki(addDays(today, -1))).waitFor();
    await page.keyboard.press('t');
    await expect.poll(shown).toBe(todayText);
  });

  it('records 要対応 with a child absent, a note and a follow-up in the dialog', async () => {
    const { page } = app;
    const data = await board();
    const stay =
      data.inTown.find((s) => s.children.length >= 2) ?? data.inTown.find((s) => s.children.length > 0);
    if (!stay) throw new Error('no family with children in town');
    const absent = stay.children[0];
    if (!absent) throw new Error('no child');

    // Opened from the keyboard: focus the card, then d.
    await card(stay.stayId).getByRole('button', { name: '詳しく記録' }).focus();
    await page.keyboard.press('d');
    const dialog = page.getByRole('dialog', { name: `${stay.familyName}家の記録` });
    await dialog.waitFor();
    // Esc closes it without writing anything.
    const before = checkinCount();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(checkinCount()).toBe(before);

    await card(stay.stayId).getByRole('button', { name: '詳しく記録' }).click();
    await dialog.waitFor();
    // The page behind is inert: focus stays inside the dialog however far one tabs.
    for (let i = 0; i < 25; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);

    await dialog.getByRole('radio', { name: '要対応' }).check();
    await dialog.getByLabel('記録の種類').selectOption('visit');
    await dialog.getByRole('checkbox', { name: absent.givenName }).uncheck();
    await dialog.getByLabel('メモ').fill('熱が38度あり保育園を欠席。午後に再訪して様子を確認する');
    await dialog.getByRole('checkbox', { name: 'フォローが必要' }).check();
    // The follow-up date typed in 和暦, as the office writes it.
    await dialog.getByLabel('フォロー日').fill(toWareki(today));
    await expectAccessible(page, 'check-in dialog');
    await app.screenshot('today-03-dialog');
    const dueBefore = data.followUpsDueTotal;
    await dialog.getByRole('button', { name: '記録する' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await status(`${stay.familyName}家の記録を保存しました`);

    const row = checkinsOf(stay.stayId).at(-1);
    expect(row).toMatchObject({
      condition: 'urgent',
      kind: 'visit',
      note: '熱が38度あり保育園を欠席。午後に再訪して様子を確認する',
      follow_up_needed: 1,
      follow_up_on: today,
    });
    expect(JSON.parse(row?.attendance ?? '[]')).toEqual(
      stay.children.map((c) => ({ memberId: c.memberId, attended: c.memberId !== absent.memberId })),
    );
    // The card and the 要フォロー list follow (the core said data.changed; the board reloaded).
    await expect.poll(() => card(stay.stayId).locator('.badge.urgent').count()).toBe(1);
    await expect.poll(() => page.locator('.follow-ups h2 .count').innerText()).toBe(String(dueBefore + 1));
    await page.locator('.follow-ups').getByText('熱が38度あり保育園を欠席').waitFor();
    // Focus is back on the card it came from.
    expect(
      await page.evaluate(() => document.activeElement?.closest('.stay-card')?.getAttribute('data-stay-id')),
    ).toBe(stay.stayId);
    await app.screenshot('today-04-after-dialog');
  });

  it('keeps both entries when two coordinators log the same family', async () => {
    const { core } = app;
    const stay = await stayWithoutCheckin();
    await card(stay.stayId).getByRole('button', { name: '良好で記録' }).click();
    await status(`${stay.familyName}家の記録を保存しました`);

    // A colleague's entry for the same family and day, as it arrives from another laptop.
    const other = await core.invoke('checkins.record', {
      stayId: stay.stayId,
      date: today,
      condition: 'attention',
      note: '母親から電話。子どもが少し咳をしている',
    });
    if (!other.ok) throw new Error(JSON.stringify(other.error));
    core.database.sqlite
      .prepare("UPDATE checkin SET created_by = '0190f5c2-0000-7000-8000-000000000099' WHERE id = ?")
      .run((other.value as { id: string }).id);
    // Another write makes the board reload, as sync will.
    await core.invoke('checkins.record', {
      stayId: stay.stayId,
      date: addDays(today, -1),
      condition: 'good',
    });

    const lines = card(stay.stayId).locator('.checkins li');
    await expect.poll(() => lines.count()).toBe(2);
    expect(await lines.nth(0).innerText()).toMatch(/^良好 \d{2}:\d{2} 田中 美咲$/);
    expect(await lines.nth(1).innerText()).toMatch(
      /^要注意 \d{2}:\d{2} 他の端末 母親から電話。子どもが少し咳をしている$/,
    );
    expect(checkinsOf(stay.stayId)).toHaveLength(2);
    await card(stay.stayId).scrollIntoViewIfNeeded();
    await app.screenshot('today-05-two-entries');
  });

  it('refuses a note over 50,000 characters or a bad follow-up date in Japanese, writing nothing', async () => {
    const { page, core } = app;
    const stay = (await board()).inTown[0];
    if (!stay) throw new Error('no family in town');
    const before = checkinCount();
    await card(stay.stayId).getByRole('button', { name: '詳しく記録' }).click();
    const dialog = page.getByRole('dialog', { name: `${stay.familyName}家の記録` });
    await dialog.getByLabel('メモ').fill('あ'.repeat(50_001));
    await dialog.getByRole('button', { name: '記録する' }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'メモは50,000文字以内で入力してください（現在50,001文字）' })
      .waitFor();
    await app.screenshot('today-06-note-too-long');

    await dialog.getByLabel('メモ').fill('様子を見る');
    await dialog.getByRole('checkbox', { name: 'フォローが必要' }).check();
    await dialog.getByLabel('フォロー日').fill('R8.13.45');
    // The hint's examples are today's date, never a past year's.
    const examples = dateExamples(today);
    await dialog.getByRole('button', { name: '記録する' }).click();
    await dialog
      .getByRole('alert')
      .filter({
        hasText: `日付は ${examples.dateShort}・${examples.dateWestern}・${examples.dateEra}・明日 のように入力してください`,
      })
      .waitFor();
    await dialog.getByLabel('フォロー日').fill(addDays(today, -3));
    await dialog.getByRole('button', { name: '記録する' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'フォロー日が記録日より前になっています' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(checkinCount()).toBe(before);

    // The core refuses the same note on its own, whoever sends it.
    const direct = await core.invoke('checkins.record', {
      stayId: stay.stayId,
      date: today,
      note: 'あ'.repeat(50_001),
    });
    expect(direct).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: 'validation.tooLong', field: 'note' },
    });
    expect(checkinCount()).toBe(before);
  });

  it('reads the same in English', async () => {
    const { page, core } = app;
    await core.invoke('app.setLocale', { locale: 'en' });
    await page.reload();
    await page.getByRole('heading', { name: 'Families in town' }).waitFor();
    await page.getByRole('region', { name: 'Keyboard' }).getByText('All well, then next').waitFor();
    const first = page.locator('.stay-card').first();
    expect(await first.getByRole('button', { name: /^.+ family: All well/ }).count()).toBe(1);
    await expectAccessible(page, 'today board (English)');
    await app.screenshot('today-07-english');
    await core.invoke('app.setLocale', { locale: 'ja' });
    await page.reload();
    await page.getByRole('heading', { name: '滞在中の家族' }).waitFor();
  });

  it('raised no page errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
