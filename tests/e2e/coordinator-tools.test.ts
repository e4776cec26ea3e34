import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, japanDate } from '../../shared/domain/dates.ts';
import type { BoardStay, TodayBoard } from '../../shared/ipc/views.ts';
import { dateExamples, toWareki } from '../../shared/text/japanese-date.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';

/**
 * What a new coordinator missed on a real day, on the medium sample at 1366×768: closing follow-ups
 * (board, family page, full list, with undo), dates typed as people type them, the board's list view,
 * search, toasts that keep out of the way, a warning for a later day, arrival check-ins that move the
 * stay, and enquiries due today. Work is done through the UI; the database is read to prove it.
 */
describe('the coordinator’s tools on the medium sample', () => {
  let app: AppUnderTest;
  let attempt = 0;
  const today = japanDate(new Date());
  const sql = <T>(query: string, ...params: unknown[]) =>
    app.core.database.sqlite.prepare(query).all(...params) as T[];
  const one = <T>(query: string, ...params: unknown[]) =>
    app.core.database.sqlite
      .prepare(query)
      .pluck()
      .get(...params) as T;
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await app.core.invoke(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  const board = (date = today) => call<TodayBoard>('today.board', { date });
  const doneAt = (checkinId: string) =>
    one<string | null>('SELECT follow_up_done_at FROM checkin WHERE id = ?', checkinId);
  const openDue = () =>
    one<number>(
      `SELECT count(*) FROM checkin WHERE follow_up_needed = 1 AND follow_up_done_at IS NULL AND deleted_at IS NULL
         AND follow_up_on <= ?`,
      today,
    );
  const toast = (text: string) => app.page.locator('.toast').filter({ hasText: text });
  const goToday = async () => {
    await app.page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: /今日/ })
      .click();
    await app.page.getByRole('heading', { name: '滞在中の家族' }).waitFor();
  };
  const intersects = async (a: Locator, b: Locator) => {
    const [ra, rb] = [await a.boundingBox(), await b.boundingBox()];
    if (!ra || !rb) throw new Error('an element has no box');
    return !(
      ra.x + ra.width <= rb.x ||
      rb.x + rb.width <= ra.x ||
      ra.y + ra.height <= rb.y ||
      rb.y + rb.height <= ra.y
    );
  };

  beforeAll(async () => {
    app = await launchApp();
    await app.page.setViewportSize({ width: 1366, height: 768 });
    await call('profile.setup', {
      municipalityId: 'kagoshima-kinko',
      displayName: '松本 さやか',
      role: 'coordinator',
    });
    await call('sample.load', { size: 'medium' });
    await app.page.reload();
    await app.page.getByRole('heading', { name: '滞在中の家族' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('records a follow-up with a date typed as 明日, and keeps the dialog when a date is refused', async () => {
    const { page } = app;
    const stay = (await board()).inTown.find((s) => s.checkins.length === 0) as BoardStay;
    await page.locator(`[data-stay-id="${stay.stayId}"]`).getByRole('button', { name: '詳しく記録' }).click();
    const dialog = page.getByRole('dialog', { name: `${stay.familyName}家の記録` });
    await dialog.getByLabel('メモ').fill('発熱のため明日電話');
    await dialog.getByRole('radio', { name: '要注意' }).check();
    await dialog.getByRole('checkbox', { name: 'フォローが必要' }).check();
    const field = dialog.getByLabel('フォロー日');
    // The hint's examples are today's, not a past year's.
    const examples = dateExamples(today);
    expect(await field.getAttribute('placeholder')).toBe(
      `例：${examples.dateShort}・${examples.dateEra}・明日`,
    );

    // A date that is no date: refused, and nothing else typed is lost.
    await field.pressSequentially('12/32');
    await dialog.getByRole('button', { name: '記録する' }).click();
    await dialog.getByRole('alert').filter({ hasText: '日付は' }).waitFor();
    expect(await dialog.getByLabel('メモ').inputValue()).toBe('発熱のため明日電話');
    expect(await dialog.getByRole('radio', { name: '要注意' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('checkbox', { name: 'フォローが必要' }).isChecked()).toBe(true);

    // 明日, typed as people type it; on leaving the field it reads back in full, in 和暦.
    const tomorrow = addDays(today, 1);
    await field.fill('');
    await field.pressSequentially('明日');
    await dialog.getByLabel('メモ').focus();
    expect(await field.inputValue()).toBe(toWareki(tomorrow));
    await dialog.locator('.date-side', { hasText: `${Number(tomorrow.slice(0, 4))}/` }).waitFor();
    await app.screenshot('tools-01-date-tomorrow');

    // Month and day only, full-width digits: the nearest such day (here the day after tomorrow).
    const later = addDays(today, 2);
    const fullWidth = `${Number(later.slice(5, 7))}月${Number(later.slice(8, 10))}日`.replace(/\d/g, (d) =>
      String.fromCharCode(d.charCodeAt(0) + 0xfee0),
    );
    await field.fill('');
    await field.pressSequentially(fullWidth);
    await dialog.getByLabel('メモ').focus();
    expect(await field.inputValue()).toBe(toWareki(later));
    await dialog.getByRole('button', { name: '記録する' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(
      sql<{ follow_up_on: string; condition: string; note: string }>(
        'SELECT follow_up_on, condition, note FROM checkin WHERE stay_id = ? AND date = ?',
        stay.stayId,
        today,
      ),
    ).toEqual([{ follow_up_on: later, condition: 'attention', note: '発熱のため明日電話' }]);
  });

  it('lists every open follow-up from 「ほか…件」, filters it, and closes one with undo', async () => {
    const { page } = app;
    await goToday();
    const data = await board();
    expect(data.followUpsDueTotal).toBeGreaterThan(20);
    const side = page.locator('.follow-ups');
    await side.getByRole('link', { name: `ほか${data.followUpsDueTotal - 20}件` }).click();
    await page.getByRole('heading', { name: '要フォロー', level: 1 }).waitFor();
    const rows = page.locator('.follow-up-table tbody tr');
    await expect.poll(() => rows.count()).toBe(openDue());
    await expectAccessible(page, 'follow-up list');
    await app.screenshot('tools-02-follow-up-list');

    await page.getByRole('radio', { name: '期限切れ' }).check();
    const overdue = one<number>(
      `SELECT count(*) FROM checkin WHERE follow_up_needed = 1 AND follow_up_done_at IS NULL AND deleted_at IS NULL
         AND follow_up_on < ?`,
      today,
    );
    await expect.poll(() => rows.count()).toBe(overdue);
    // Mine: what this coordinator wrote (the sample town was loaded as them, so its entries too),
    // including the one recorded in the test before, due the day after tomorrow (open, not yet due).
    const me = one<string>(
      "SELECT actor_id FROM audit_log WHERE action = 'create' AND table_name = 'checkin' ORDER BY id DESC LIMIT 1",
    );
    await page.getByRole('radio', { name: 'すべての未完了' }).check();
    await page.getByRole('checkbox', { name: '自分が記録したものだけ' }).check();
    await expect
      .poll(() => rows.count())
      .toBe(
        one<number>(
          'SELECT count(*) FROM checkin WHERE follow_up_needed = 1 AND follow_up_done_at IS NULL AND deleted_at IS NULL AND created_by = ?',
          me,
        ),
      );
    await page.locator('.follow-up-table tbody tr', { hasText: '発熱のため明日電話' }).waitFor();
    await page.getByRole('checkbox', { name: '自分が記録したものだけ' }).uncheck();
    await page.getByRole('radio', { name: '期限が来たもの' }).check();
    await expect.poll(() => rows.count()).toBe(openDue());

    const first = rows.first();
    const id = (await first.getAttribute('data-checkin-id')) as string;
    const family = await first.locator('td').nth(1).innerText();
    const before = openDue();
    await first.getByRole('button', { name: /完了にする/ }).click();
    await toast(`${family}家のフォローを完了にしました`).waitFor();
    await expect.poll(() => doneAt(id)).not.toBeNull();
    await expect.poll(() => rows.count()).toBe(before - 1);
    await app.screenshot('tools-03-follow-up-closed');
    await toast(`${family}家のフォローを完了にしました`).getByRole('button', { name: '元に戻す' }).click();
    await toast(`${family}家のフォローを未完了に戻しました`).waitFor();
    await expect.poll(() => doneAt(id)).toBeNull();
    await expect.poll(() => rows.count()).toBe(before);
    // Both changes went through the write path: audited and queued for the server.
    expect(
      sql<{ action: string }>(
        "SELECT action FROM audit_log WHERE table_name = 'checkin' AND row_id = ? ORDER BY id",
        id,
      ).map((a) => a.action),
    ).toEqual(['update', 'update']);
    expect(
      one<number>(
        "SELECT count(*) FROM outbox WHERE table_name = 'checkin' AND row_id = ? AND op = 'update'",
        id,
      ),
    ).toBe(2);
  });

  it('closes a follow-up from the board and from the family page', async () => {
    const { page } = app;
    await goToday();
    const first = (await board()).followUpsDue[0];
    if (!first) throw new Error('no follow-up due');
    const item = page.locator('.follow-ups li').first();
    await item.getByRole('button', { name: /完了にする/ }).click();
    await toast(`${first.familyName}家のフォローを完了にしました`).waitFor();
    await expect.poll(() => doneAt(first.checkinId)).not.toBeNull();
    // The board refreshes after the write's change event: wait for its count, not the first frame.
    await expect.poll(() => page.locator('.follow-ups h2 .count').innerText()).toBe(String(openDue()));

    const next = (await board()).followUpsDue[0];
    if (!next) throw new Error('no follow-up due');
    await page.locator('.follow-ups li').first().getByRole('link', { name: next.familyName }).click();
    const row = page.locator('#fam-checkins tr', { hasText: '要フォロー' }).filter({
      has: page.getByRole('button', { name: '完了にする' }),
    });
    await row.first().waitFor();
    const openOnPage = await row.count();
    await row.first().getByRole('button', { name: '完了にする' }).click();
    await toast(`${next.familyName}家のフォローを完了にしました`).waitFor();
    await expect.poll(() => row.count()).toBe(openOnPage - 1);
    // The closed one stays where it was, marked done (not hidden behind 「すべて表示」 now it is closed).
    await page
      .locator('#fam-checkins tr', { hasText: '要フォロー' })
      .filter({ has: page.locator('.follow-up-done') })
      .first()
      .waitFor();
    expect(
      one<number>(
        'SELECT count(*) FROM checkin WHERE family_id = ? AND follow_up_needed = 1 AND follow_up_done_at IS NULL AND deleted_at IS NULL',
        next.familyId,
      ),
    ).toBe(openOnPage - 1);
    await app.screenshot('tools-04-family-follow-up-closed');
  });

  it('shows the board as a list of 20+ families at 1366×768, searchable by name, house and nursery', async () => {
    const { page } = app;
    await goToday();
    await page.getByRole('radio', { name: '一覧' }).check();
    const rows = page.locator('.stay-row');
    const data = await board();
    await expect.poll(() => rows.count()).toBe(data.inTown.length);
    // Scrolled down to the list, under the toolbar that stays in view: 20 families or more at once.
    await page.evaluate(() => {
      const main = document.querySelector('.shell-main') as HTMLElement;
      const list = document.querySelector('.stay-rows') as HTMLElement;
      const bar = document.querySelector('.board-toolbar') as HTMLElement;
      main.scrollTop +=
        list.getBoundingClientRect().top -
        bar.getBoundingClientRect().height -
        main.getBoundingClientRect().top;
    });
    const fullyVisible = await rows.evaluateAll((els) => {
      const bar = (document.querySelector('.board-toolbar') as HTMLElement).getBoundingClientRect();
      return els.filter((e) => {
        const r = e.getBoundingClientRect();
        return r.top >= bar.bottom - 1 && r.bottom <= window.innerHeight;
      }).length;
    });
    expect(fullyVisible).toBeGreaterThanOrEqual(20);
    await expectAccessible(page, 'board list view');
    await app.screenshot('tools-05-board-list-1366');

    const search = page.getByRole('searchbox', { name: '家族・住宅・園で絞り込み' });
    const target = data.inTown.find((s) => s.children.some((c) => c.schoolName)) as BoardStay;
    const school = target.children.find((c) => c.schoolName)?.schoolName as string;
    await search.fill(target.familyNameKana);
    await expect
      .poll(() => rows.count())
      .toBe(
        data.inTown.filter(
          (s) =>
            s.familyNameKana.includes(target.familyNameKana) || s.familyName.includes(target.familyNameKana),
        ).length,
      );
    await page.locator(`.stay-row[data-stay-id="${target.stayId}"]`).waitFor();
    await search.fill(school);
    await expect
      .poll(() => rows.count())
      .toBe(data.inTown.filter((s) => s.children.some((c) => c.schoolName === school)).length);
    if (target.lodging) {
      await search.fill(target.lodging);
      await page.locator(`.stay-row[data-stay-id="${target.stayId}"]`).waitFor();
      expect(await rows.count()).toBeLessThan(data.inTown.length);
    }
    await search.fill('');
    await expect.poll(() => rows.count()).toBe(data.inTown.length);
  });

  it('keeps the toast off the next family’s buttons, in the list and on the cards', async () => {
    const { page } = app;
    for (const view of ['一覧', 'カード'] as const) {
      await page.getByRole('radio', { name: view }).check();
      const missing = page.locator(view === '一覧' ? '.stay-row.missing' : '.stay-card.missing');
      // Take the family nearest the bottom of the window, where a floating toast would sit.
      const below = await missing.evaluateAll((els) =>
        els.findIndex((e) => e.getBoundingClientRect().bottom > window.innerHeight - 60),
      );
      const index = Math.max(0, below - 1);
      const stayId = (await missing.nth(index).getAttribute('data-stay-id')) as string;
      const nextId = (await missing.nth(index + 1).getAttribute('data-stay-id')) as string;
      await page.locator(`[data-stay-id="${stayId}"] .record-good`).click();
      const shown = page.locator('.toast', { hasText: '記録を保存しました' });
      await shown.waitFor();
      const next = page.locator(`[data-stay-id="${nextId}"]`);
      for (const button of ['.record-good', '.record-detail']) {
        expect(await intersects(shown, next.locator(button)), `${view}: toast over ${button}`).toBe(false);
      }
      // …and the next button really takes the click.
      await next.locator('.record-good').click();
      await expect
        .poll(() =>
          one<number>(
            'SELECT count(*) FROM checkin c JOIN stay s ON s.id = c.stay_id WHERE s.id = ? AND c.date = ?',
            nextId,
            today,
          ),
        )
        .toBe(1);
      await app.screenshot(`tools-06-toast-${view === '一覧' ? 'list' : 'cards'}`);
    }
  });

  it('asks before recording for a later day', async () => {
    const { page } = app;
    await page.getByRole('radio', { name: '一覧' }).check();
    await page.getByRole('button', { name: /翌日/ }).click();
    const tomorrow = addDays(today, 1);
    const stay = (await board(tomorrow)).inTown.find((s) => s.checkins.length === 0) as BoardStay;
    const count = () =>
      one<number>('SELECT count(*) FROM checkin WHERE stay_id = ? AND date = ?', stay.stayId, tomorrow);
    await page.locator(`[data-stay-id="${stay.stayId}"] .record-good`).click();
    const ask = page.getByRole('dialog', { name: '先の日付への記録' });
    await ask.waitFor();
    await app.screenshot('tools-07-future-warning');
    await ask.getByRole('button', { name: 'キャンセル' }).click();
    await ask.waitFor({ state: 'hidden' });
    expect(count()).toBe(0);
    await page.locator(`[data-stay-id="${stay.stayId}"] .record-good`).click();
    await ask.getByRole('button', { name: /の記録として保存/ }).click();
    await expect.poll(count).toBe(1);

    // The detailed dialog says so before saving too.
    await page.locator(`[data-stay-id="${stay.stayId}"] .record-detail`).click();
    const dialog = page.getByRole('dialog', { name: `${stay.familyName}家の記録` });
    await dialog.getByRole('alert').filter({ hasText: '今日' }).waitFor();
    await dialog.getByRole('button', { name: '先の日付で記録する' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: /今日に戻る/ }).click();
  });

  it('marks a planned stay as in town with its 到着 check-in, staying on the board', async () => {
    const { page } = app;
    const family = await call<{ id: string }>('families.create', {
      familyName: '新見',
      familyNameKana: 'にいみ',
    });
    const stay = await call<{ id: string }>('stays.save', {
      familyId: family.id,
      programme: 'workation',
      plannedArrival: today,
      plannedDeparture: addDays(today, 5),
      status: 'planned',
      lodgingText: '新見さんの借家',
    });
    await page.getByRole('radio', { name: '一覧' }).check();
    const row = page.locator(`[data-stay-id="${stay.id}"]`);
    await row.locator('.record-detail').click();
    const dialog = page.getByRole('dialog', { name: '新見家の記録' });
    expect(await dialog.getByLabel('記録の種類').inputValue()).toBe('arrival');
    const move = dialog.getByRole('checkbox', { name: /滞在を「滞在中」にする/ });
    expect(await move.isChecked()).toBe(true);
    await app.screenshot('tools-08-arrival-moves-stay');
    await dialog.getByRole('button', { name: '記録する' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(sql('SELECT status, actual_arrival FROM stay WHERE id = ?', stay.id)).toEqual([
      { status: 'in_town', actual_arrival: today },
    ]);
    expect(one<string>('SELECT kind FROM checkin WHERE stay_id = ?', stay.id)).toBe('arrival');
    await page.getByRole('heading', { name: '滞在中の家族' }).waitFor();
    expect(page.url()).toMatch(/#\/today$/);
  });

  it('puts enquiries in the menu, their due next actions on 今日, and marks them in the list', async () => {
    const { page } = app;
    const save = (name: string, on: string | null) =>
      call<{ id: string }>('enquiries.save', {
        contactName: name,
        channel: 'phone',
        receivedOn: addDays(today, -10),
        topic: '保育園留学の相談',
        nextAction: `${name}さんへ空き状況を電話`,
        nextActionOn: on,
      });
    // Fresh names on a retry, so that a first attempt's enquiries are not mistaken for these.
    attempt += 1;
    const [lateName, dueName, laterName] =
      attempt === 1 ? ['遠藤 早苗', '北村 透', '南 陽介'] : ['遠藤 早希', '北村 徹', '南 陽太'];
    const late = await save(lateName, addDays(today, -2));
    const due = await save(dueName, today);
    const later = await save(laterName, addDays(today, 3));
    await goToday();
    const side = page.locator('.enquiries-due');
    await side.getByRole('link', { name: dueName }).waitFor();
    const dueCount = one<number>(
      "SELECT count(*) FROM enquiry WHERE outcome = 'open' AND deleted_at IS NULL AND next_action_on <= ?",
      today,
    );
    expect(await side.locator('h2 .count').innerText()).toBe(String(Math.min(dueCount, 50)));
    expect(await side.locator('li', { hasText: lateName }).locator('.badge').innerText()).toBe('期限切れ');
    expect(await side.locator('li', { hasText: dueName }).locator('.badge').innerText()).toBe('今日');
    expect(await side.locator('li', { hasText: laterName }).count()).toBe(0);
    await app.screenshot('tools-09-enquiries-on-today');

    const nav = page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: /相談・問い合わせ/ });
    expect(await nav.getAttribute('aria-keyshortcuts')).toBe('Alt+3');
    await page.keyboard.press('Alt+3');
    await page.getByRole('heading', { name: '相談・問い合わせ', level: 1 }).waitFor();
    const rows = page.locator('.enquiry-table tbody tr');
    const row = (id: string) => page.locator(`.enquiry-table tr[data-enquiry-id="${id}"]`);
    await row(late.id).waitFor();
    expect(await row(late.id).getAttribute('class')).toBe('next-due overdue');
    expect(await row(due.id).getAttribute('class')).toBe('next-due today');
    expect(await row(later.id).getAttribute('class')).toBeNull();
    await row(late.id).getByText('対応期限切れ').waitFor();
    await row(due.id).getByText('今日対応').waitFor();
    // What is due comes first.
    const classes = await rows.evaluateAll((els) => els.map((e) => e.className));
    expect(classes.indexOf('')).toBe(dueCount);
    expect(classes.slice(0, dueCount).every((c) => c.startsWith('next-due'))).toBe(true);
    await app.screenshot('tools-10-enquiries-due');

    // From 今日, a due enquiry opens in the form.
    await goToday();
    await page.locator('.enquiries-due').getByRole('link', { name: lateName }).click();
    await page.getByRole('heading', { name: '相談・問い合わせ', level: 1 }).waitFor();
    await expect
      .poll(() => page.locator('form.enquiry-form').getByLabel('お名前').inputValue())
      .toBe(lateName);
  });

  it('reads right in English and at 1024×640', async () => {
    const { page } = app;
    await call('app.setLocale', { locale: 'en' });
    await page.goto(page.url().replace(/#.*$/, '#/today'));
    await page.reload();
    await page.getByRole('heading', { name: 'Families in town' }).waitFor();
    await page.getByRole('radio', { name: 'List' }).check();
    const withChild = (await board()).inTown.find((s) => s.children.some((c) => c.age !== null)) as BoardStay;
    const child = withChild.children.find((c) => c.age !== null);
    const text = await page.locator(`.stay-row[data-stay-id="${withChild.stayId}"] .children`).innerText();
    expect(text).toContain(`${child?.givenName} (${child?.age})`);
    expect(text).not.toMatch(/[（）]| y\b/);
    await page.getByRole('radio', { name: 'Cards' }).check();
    const card = await page.locator(`.stay-card[data-stay-id="${withChild.stayId}"] .children`).innerText();
    expect(card).not.toMatch(/[（）]| y\b/);
    await app.screenshot('tools-11-board-english');
    await page.goto(page.url().replace(/#.*$/, '#/follow-ups'));
    await page.getByRole('heading', { name: 'Follow-ups', level: 1 }).waitFor();
    await app.screenshot('tools-12-follow-ups-english');
    await call('app.setLocale', { locale: 'ja' });

    await page.setViewportSize({ width: 1024, height: 640 });
    await page.reload();
    await page.getByRole('heading', { name: '要フォロー', level: 1 }).waitFor();
    await app.screenshot('tools-13-follow-ups-1024');
    await goToday();
    await page.getByRole('radio', { name: '一覧' }).check();
    await app.screenshot('tools-14-board-list-1024');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('says サーバー未登録 (not 未送信), 未入力 for a blank, only entered fields in the history, and shows a photo being taken in', async () => {
    const { page } = app;
    await goToday();
    const indicator = page.getByTestId('sync-indicator');
    await indicator.getByText('サーバー未登録').waitFor();
    expect(await indicator.innerText()).not.toContain('未送信');

    const family = await call<{ id: string }>('families.create', {
      familyName: '空欄',
      familyNameKana: 'くうらん',
      phone: '0992123456',
    });
    await page.goto(page.url().replace(/#.*$/, `#/families/${family.id}`));
    const contact = page.getByRole('region', { name: '基本情報', exact: true });
    await contact.getByText('未入力').first().waitFor();
    expect(await contact.innerText()).not.toContain('未登録');
    const history = page.getByRole('region', { name: '変更履歴', exact: true });
    const created = history.locator('tbody tr').last();
    await created.waitFor();
    const named = await created.locator('td').last().innerText();
    expect(named).toBe('家族名、ふりがな、電話番号');

    // A 12-megapixel photo: the panel says what it is doing while the smaller copy is made.
    const { default: sharp } = await import('sharp');
    const noise = Buffer.alloc(4000 * 3000 * 3);
    for (let i = 0; i < noise.length; i += 97) noise[i] = (i * 31) & 0xff;
    const big = await sharp(noise, { raw: { width: 4000, height: 3000, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer();
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: '写真・ファイルを追加' }).click(),
    ]);
    await chooser.setFiles([{ name: 'IMG_1200.JPG', mimeType: 'image/jpeg', buffer: big }]);
    await page
      .getByTestId('attachments-processing')
      .filter({ hasText: 'IMG_1200.JPGを取り込んでいます（1/1）' })
      .waitFor();
    await app.screenshot('tools-15-photo-processing');
    await page.getByTestId('attachments-added').filter({ hasText: '1' }).waitFor({ timeout: 60_000 });
    const tile = page.getByTestId('attachment-tile').first();
    await expect.poll(() => tile.getAttribute('data-status')).toBe('localOnly');
    expect(await tile.getByTestId('attachment-status').innerText()).toBe('この端末に保存（サーバー未登録）');
  });

  it('raised no page errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
