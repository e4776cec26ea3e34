import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, japanDate } from '../../shared/domain/dates.ts';
import type { EventRoster, EventView, SupporterView } from '../../shared/ipc/views/community-events.ts';
import type { FamilyDetail, FamilyPage } from '../../shared/ipc/views.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';

/**
 * The coordinator's year of events, on the screens, in Chromium at 1280×800: plan a 1泊2日 体験 for ten
 * (after the form refuses a capacity of 0 and an end before the start, writing nothing), fill it with
 * three families and two supporters, put a sixth on the waiting list, cancel one so the waiting one
 * moves up, call the roll by tapping (and a walk-in in two taps), then the follow-up's first-timers,
 * the copied addresses and the CSV's bytes. axe in ja and en, 44 px targets, screenshots at 1280×800
 * and 1024×640.
 */
describe('community events screens', () => {
  let app: AppUnderTest;
  // Fresh names per attempt: a retried test must not meet its first attempt's people or event.
  const tag = Math.random().toString(36).slice(2, 7);
  const title = `そば打ち体験 ${tag}`;
  const today = japanDate(new Date());
  const families: FamilyDetail[] = [];
  const supporters: SupporterView[] = [];
  let eventId = '';
  /** How many members of each family were ticked to come. */
  let come: number[] = [];

  async function invoke<T>(channel: string, input: unknown): Promise<T> {
    const r = await app.core.invoke(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  }
  const go = async (hash: string) => {
    await app.page.evaluate((h) => {
      location.hash = h;
    }, hash);
  };
  const page = () => app.page;
  const count = (sql: string) => app.core.database.sqlite.prepare(sql).pluck().get() as number;
  /** This page's own targets under 44 px (the shell's are layout-touch.test.ts's business). */
  const ownSmallTargets = () =>
    app.page.evaluate(() =>
      Array.from(
        document.querySelectorAll<HTMLElement>(
          'main :is(a[href], button, input:not([type="checkbox"]):not([type="radio"]), select, textarea, [tabindex="0"])',
        ),
      )
        .filter((el) => !el.closest('[hidden], [aria-hidden="true"], .visually-hidden, dialog:not([open])'))
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.width < 43.5 || box.height < 43.5))
        .map(({ el, box }) => `${el.tagName} ${el.textContent?.slice(0, 20)} ${box.width}×${box.height}`),
    );
  const roster = () => invoke<EventRoster>('events.roster', { eventId });
  const kana = ['あおい', 'さくら', 'ひなた', 'かえで'];

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
    // Three families whose surname finds only them, smallest first, so eight heads hold them all.
    const list = (await invoke<FamilyPage>('families.list', { limit: 200 })).items.filter((f) => !f.erased);
    for (const f of [...list].sort((a, b) => a.memberCount - b.memberCount)) {
      if (families.length === 3) break;
      const same = await invoke<FamilyPage>('families.list', { query: f.familyName, limit: 5 });
      if (same.total === 1) families.push(await invoke<FamilyDetail>('families.get', { id: f.id }));
    }
    if (families.length < 3) throw new Error('the sample has too few families of a unique name');
    // Three new supporters (two fill the event, the third waits), all consenting to e-mail.
    for (const [i, given] of ['二郎', '三奈', '四葉'].entries()) {
      supporters.push(
        await invoke<SupporterView>('supporters.save', {
          name: `試験${tag} ${given}`,
          nameKana: `しけん ${kana[i]}`,
          email: `tester${i}.${tag}@example.jp`,
          contactConsent: true,
          contactChannels: ['email'],
          connections: ['event'],
          notADuplicate: true,
        }),
      );
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists events and the month with the families in town; the calendar moves with the keys', async () => {
    await go('/events');
    await page().getByRole('heading', { name: 'イベント', level: 1 }).waitFor();
    await page().locator('.event-table tbody tr').first().waitFor();
    await page().getByRole('grid', { name: '月間カレンダー' }).waitFor();
    await page().getByRole('heading', { name: 'この月に町に滞在する家族' }).waitFor();
    const cell = page().locator(`td[data-day="${today}"]`);
    // The arrows move a day (the last day of a month stays put).
    await cell.focus();
    await page().keyboard.press('ArrowRight');
    await expect
      .poll(() => page().evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.day))
      .toBe(addDays(today, 1).slice(0, 7) === today.slice(0, 7) ? addDays(today, 1) : today);
    await page().getByRole('button', { name: '終わったイベント' }).click();
    await expect
      .poll(() => page().getByRole('button', { name: '終わったイベント' }).getAttribute('aria-pressed'))
      .toBe('true');
    await page().locator('.event-table tbody tr').first().waitFor();
    // An event that went ahead reads 開催済み there, never 予定.
    await page().locator('.event-table tbody tr', { hasText: '開催済み' }).first().waitFor();
    expect(await page().locator('.event-table tbody tr', { hasText: '予定' }).count()).toBe(0);
    await app.screenshot('events-list-1280');
    await expectAccessible(page(), 'events list (ja)');
    expect(await ownSmallTargets()).toEqual([]);
  });

  it('refuses a capacity of 0 and an end before the start, writing nothing, then plans a 1泊2日 体験', async () => {
    await go('/events/new');
    await page().getByRole('heading', { name: 'イベントを企画', level: 1 }).waitFor();
    const before = count('SELECT count(*) FROM event');
    await page()
      .getByLabel(/^イベント名/)
      .fill(title);
    await page().getByLabel(/^種類/).selectOption('experience');
    const tomorrow = addDays(today, 1);
    await page()
      .getByLabel(/^開始日/)
      .fill(tomorrow.replaceAll('-', '/'));
    await page().getByLabel('開始時刻').fill('00:00');
    await page()
      .getByLabel(/^終了日/)
      .fill(today.replaceAll('-', '/'));
    await page().getByLabel('場所の名前').fill('茶花公民館');
    await page().getByLabel('定員', { exact: true }).fill('0');
    await page().getByRole('button', { name: '保存' }).click();
    await page().getByText('定員は1人以上で入力してください', { exact: false }).waitFor();
    await page().getByText('終了が開始より前になっています').waitFor();
    await app.screenshot('events-form-refused');
    expect(count('SELECT count(*) FROM event')).toBe(before);
    // Corrected: today 0:00 to tomorrow 15:00 (1泊2日, started so the roll call and follow-up count it).
    await page()
      .getByLabel(/^開始日/)
      .fill(today.replaceAll('-', '/'));
    await page()
      .getByLabel(/^終了日/)
      .fill(tomorrow.replaceAll('-', '/'));
    await page().getByLabel('終了時刻').fill('15:00');
    await page().getByLabel('定員', { exact: true }).fill('10');
    await page().getByLabel('参加条件').fill('小学生とその父母の2名以上');
    await page().getByLabel('参加費（円）').fill('3000');
    await page().getByLabel('主催', { exact: true }).fill('与論町役場 企画課');
    await page().getByLabel('共催・協力').fill('与論町観光協会\n茶花区');
    await expectAccessible(page(), 'event form (ja)');
    await app.screenshot('events-form-1280');
    await page().getByRole('button', { name: '保存' }).click();
    await page().waitForFunction(() => /#\/events\/[0-9a-f-]{36}$/.test(location.hash));
    eventId = (await page().evaluate(() => location.hash)).split('/').at(-1) ?? '';
    const saved = await invoke<EventView>('events.get', { id: eventId });
    expect(saved).toMatchObject({
      title,
      kind: 'experience',
      capacity: 10,
      startsOn: today,
      endsOn: tomorrow,
      feeYen: 3000,
    });
    await page().getByRole('heading', { name: title }).waitFor();
    await page().getByText('1泊2日', { exact: false }).first().waitFor();
  });

  /** Registers a family with its first `come` members ticked (the rest unticked) and `heads` heads. */
  async function applyFamily(f: FamilyDetail, come: number, heads: number) {
    const form = page().locator('.apply-form');
    await form.getByLabel('家族', { exact: true }).check();
    await form.getByLabel('家族を検索').fill(f.familyName);
    await form.getByRole('button', { name: `${f.familyName}家を選ぶ` }).click();
    const members = form.getByRole('group', { name: '参加する家族の方' });
    await members.waitFor();
    const boxes = members.getByRole('checkbox');
    await expect.poll(() => boxes.count()).toBe(f.members.length);
    await expect.poll(() => boxes.nth(0).isChecked()).toBe(true);
    for (let i = come; i < f.members.length; i++) await boxes.nth(i).uncheck();
    await form.getByLabel('人数').fill(String(heads));
    await form.getByRole('button', { name: '申込を登録' }).click();
    await page().locator('.notice').filter({ hasText: f.familyName }).waitFor();
  }
  async function applySupporter(s: SupporterView) {
    const form = page().locator('.apply-form');
    await form.getByLabel('関係人口名簿の方').check();
    await form.getByLabel('名簿を検索').fill(s.name.split(' ')[1] ?? s.name);
    await form.getByRole('button', { name: `${s.name}を選ぶ` }).click();
    await form.getByRole('button', { name: '申込を登録' }).click();
    await page().locator('.notice').filter({ hasText: s.name }).waitFor();
  }

  it('fills the event with three families and two supporters, waits the sixth, and moves it up on a cancellation', async () => {
    await go(`/events/${eventId}`);
    await page().getByRole('heading', { name: title }).waitFor();
    const [a, b, c] = families as [FamilyDetail, FamilyDetail, FamilyDetail];
    // A head count of 0 is refused on its field, in Japanese, and writes nothing.
    const form = page().locator('.apply-form');
    await form.getByLabel('関係人口名簿の方').check();
    await form.getByLabel('名簿を検索').fill(supporters[0]?.name.split(' ')[1] ?? '');
    await form.getByRole('button', { name: `${supporters[0]?.name}を選ぶ` }).click();
    await form.getByLabel('人数').fill('0');
    await form.getByRole('button', { name: '申込を登録' }).click();
    await form.getByText('人数は1人以上で入力してください').waitFor();
    expect(count(`SELECT count(*) FROM event_application WHERE event_id = '${eventId}'`)).toBe(0);
    await form.getByRole('button', { name: '選び直す' }).click();
    await form.getByLabel('人数').fill('');
    // Eight heads for the families, one each for two supporters: ten. Members are unticked (the
    // largest party first) until the families fit in eight; the last family brings the rest as companions.
    come = [a, b, c].map((f) => f.members.length);
    while (come.reduce((n, k) => n + k, 0) > 8) {
      const largest = come.indexOf(Math.max(...come));
      come[largest] = (come[largest] ?? 1) - 1;
    }
    const [ka, kb, kc] = come as [number, number, number];
    await applyFamily(a, ka, ka);
    await applyFamily(b, kb, kb);
    await applyFamily(c, kc, 8 - ka - kb);
    await applySupporter(supporters[0] as SupporterView);
    await applySupporter(supporters[1] as SupporterView);
    await page().getByTestId('event-heads').filter({ hasText: '申込10人／定員10人' }).waitFor();
    await page().getByText('定員に達しています').waitFor();
    // The sixth goes on the waiting list, first in line.
    await applySupporter(supporters[2] as SupporterView);
    await page().getByText(`${supporters[2]?.name}はキャンセル待ち（1番目）になりました`).first().waitFor();
    const waitingRow = page()
      .locator(`tr[data-application-id]`)
      .filter({ hasText: supporters[2]?.name ?? '' });
    await expect.poll(() => waitingRow.getAttribute('data-status')).toBe('waiting');
    expect(await waitingRow.innerText()).toContain('1番目');
    await page().getByRole('heading', { name: 'キャンセル待ち' }).waitFor();
    await app.screenshot('events-page-full');
    await expectAccessible(page(), 'event page (ja)');
    expect(await ownSmallTargets()).toEqual([]);
    // A supporter cancels: the waiting one moves up, on screen.
    await page().getByLabel(`${supporters[0]?.name}の状態`).selectOption('cancelled');
    await page()
      .getByText(`${supporters[2]?.name}がキャンセル待ちから繰り上がりました`, { exact: false })
      .waitFor();
    await expect.poll(() => waitingRow.getAttribute('data-status')).toBe('applied');
    await expect.poll(() => page().getByRole('heading', { name: 'キャンセル待ち' }).count()).toBe(0);
    await page().getByTestId('event-heads').filter({ hasText: '申込10人／定員10人' }).waitFor();
    await app.screenshot('events-page-moved-up');
  });

  it('calls the roll by tapping, undoes a tap, and adds a walk-in in two taps', async () => {
    await go(`/events/${eventId}/rollcall`);
    await page()
      .getByRole('heading', { name: `当日の出欠：${title}` })
      .waitFor();
    const counts = page().getByTestId('rollcall-counts');
    await counts.filter({ hasText: '参加 0人／申込 10人' }).waitFor();
    const [a, b] = families as [FamilyDetail, FamilyDetail];
    const [ka] = come as [number];
    // A family at one tap (every member it named; a party of one has just its person).
    if (ka > 1)
      await page()
        .getByRole('button', { name: `${a.familyName}：全員参加` })
        .click();
    else await page().getByRole('button', { name: a.members[0]?.givenName, exact: true }).click();
    await counts.filter({ hasText: `参加 ${ka}人` }).waitFor();
    // A person at one tap, undone by a second.
    const first = b.members[0];
    if (!first) throw new Error('no member');
    const person = page().locator(`.rollcall-person`).filter({ hasText: first.givenName }).first();
    await person.click();
    await expect.poll(() => person.getAttribute('aria-pressed')).toBe('true');
    await counts.filter({ hasText: `参加 ${ka + 1}人` }).waitFor();
    await person.click();
    await expect.poll(() => person.getAttribute('aria-pressed')).toBe('false');
    await counts.filter({ hasText: `参加 ${ka}人` }).waitFor();
    await person.click();
    // The two supporters who hold a place.
    for (const s of [supporters[1], supporters[2]] as SupporterView[]) {
      const tap = page().getByRole('button', { name: s.name, exact: true });
      await tap.click();
      await expect.poll(() => tap.getAttribute('aria-pressed')).toBe('true');
    }
    const marked = ka + 3;
    await counts.filter({ hasText: `参加 ${marked}人` }).waitFor();
    // A walk-in: the name, then 追加 (and a tap marks them, as the core does with the walk-in).
    const walkIn = `当日${tag} 五郎`;
    await page().getByLabel('当日参加の方のお名前').fill(walkIn);
    await page().getByRole('button', { name: '追加' }).click();
    const walkInTap = page().getByRole('button', { name: walkIn, exact: true });
    await expect.poll(() => walkInTap.getAttribute('aria-pressed')).toBe('true');
    await counts.filter({ hasText: `参加 ${marked + 1}人` }).waitFor();
    const r = await roster();
    expect(r.event.counts.attendedPeople).toBe(marked + 1);
    // Every target a finger aims at is at least 44 px (the person buttons are 56).
    expect(await ownSmallTargets()).toEqual([]);
    const box = await person.boundingBox();
    expect(box && box.height >= 44 && box.width >= 44).toBe(true);
    await app.screenshot('events-rollcall-1280');
    await expectAccessible(page(), 'roll call (ja)');
  });

  it('shows first-timers, copies the consented addresses and exports the CSV (BOM, CRLF)', async () => {
    await go(`/events/${eventId}/follow-up`);
    await page()
      .getByRole('heading', { name: `フォロー：${title}` })
      .waitFor();
    const firstTime = page().getByTestId('first-time');
    for (const s of [supporters[1], supporters[2]] as SupporterView[])
      await firstTime.getByText(s.name, { exact: true }).waitFor();
    await firstTime.getByText(`当日${tag} 五郎`, { exact: true }).waitFor();
    // Not attended: not in the follow-up at all.
    expect(
      await page()
        .getByText(supporters[0]?.name ?? '')
        .count(),
    ).toBe(0);
    const consented = page().getByTestId('consented');
    await consented.getByText(supporters[1]?.name ?? '', { exact: true }).waitFor();
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await consented.getByRole('button', { name: 'コピー' }).click();
    await page().getByText('2件のメールアドレスをコピーしました').waitFor();
    const clip = await page().evaluate(() => navigator.clipboard.readText());
    expect(clip.split(', ').sort()).toEqual([`tester1.${tag}@example.jp`, `tester2.${tag}@example.jp`]);
    // A one-line note on a person.
    const note = firstTime.getByLabel(`${supporters[1]?.name}のメモ`);
    await note.fill('次回の収穫体験に関心あり');
    await firstTime
      .locator('li')
      .filter({ hasText: supporters[1]?.name ?? '' })
      .getByRole('button', { name: 'メモを保存' })
      .click();
    await firstTime.getByText('メモを保存しました').waitFor();
    expect((await roster()).applications.find((x) => x.supporterId === supporters[1]?.id)?.note).toBe(
      '次回の収穫体験に関心あり',
    );
    // CSV through the browser's download: UTF-8 with a BOM, CRLF line ends.
    const [download] = await Promise.all([
      page().waitForEvent('download'),
      consented.getByRole('button', { name: 'CSVに書き出す' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text).toContain('\r\n');
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    expect(text).toContain(supporters[1]?.name ?? '?');
    expect(text).toContain(`tester2.${tag}@example.jp`);
    await app.screenshot('events-follow-up-1280');
    await expectAccessible(page(), 'follow-up (ja)');
    expect(await ownSmallTargets()).toEqual([]);
  });

  it('registers a new person on the spot: the likely duplicate is shown first, then one tap saves both', async () => {
    await go(`/events/${eventId}`);
    await page().getByRole('heading', { name: title }).waitFor();
    const form = page().locator('.apply-form');
    const people = () => count('SELECT count(*) FROM supporter');
    const applications = () => count(`SELECT count(*) FROM event_application WHERE event_id = '${eventId}'`);
    const [people0, applications0] = [people(), applications()];
    await form.getByLabel('新しい人を登録').check();
    // Nothing typed: the name is asked for on its field, and nothing is written.
    await form.getByRole('button', { name: '申込を登録' }).click();
    await form.getByText('入力してください').first().waitFor();
    expect([people(), applications()]).toEqual([people0, applications0]);
    // Someone already on the register, their e-mail typed in full width: shown before saving.
    const known = supporters[1] as SupporterView;
    const wide = `tester1.${tag}@example.jp`.replace(/[!-~]/g, (ch) =>
      String.fromCharCode(ch.charCodeAt(0) + 0xfee0),
    );
    await form.getByLabel(/^氏名/).fill(`別名${tag} 二郎`);
    await form.getByLabel('メールアドレス').fill(wide);
    await form.getByRole('button', { name: '申込を登録' }).click();
    const panel = form.getByRole('alert').filter({ hasText: '同じ方がすでに登録されているかもしれません' });
    await panel.getByText('一致：メールアドレス').waitFor();
    expect([people(), applications()]).toEqual([people0, applications0]);
    await app.screenshot('events-new-person-duplicate');
    await expectAccessible(page(), 'event page, new person duplicate (ja)');
    expect(await ownSmallTargets()).toEqual([]);
    // 「この人と同じ」: that record is the one chosen, nobody is registered.
    await panel.getByRole('button', { name: `この人と同じ（${known.name}さん）` }).click();
    await form.getByText(`選択中：${known.name}`).waitFor();
    expect(people()).toBe(people0);

    // A namesake with no furigana is a likely duplicate too; 「別の人として保存」 registers the person and
    // the application at once (the event is full: they wait).
    const namesake = (supporters[2] as SupporterView).name;
    await form.getByLabel('新しい人を登録').check();
    await form.getByLabel(/^氏名/).fill(namesake);
    await form.getByLabel('電話番号').fill('０８０－５５５５－０１２３');
    await form.getByLabel('町からの連絡に同意している').check();
    await form.getByLabel('電話', { exact: true }).check();
    await form.getByRole('button', { name: '申込を登録' }).click();
    await panel.getByText('一致：氏名').waitFor();
    expect(people()).toBe(people0);
    await panel.getByRole('button', { name: '別の人として保存' }).click();
    await page().getByText(`${namesake}はキャンセル待ち（1番目）になりました`).first().waitFor();
    expect([people(), applications()]).toEqual([people0 + 1, applications0 + 1]);
    const saved = app.core.database.sqlite
      .prepare(
        `SELECT s.phone, s.connections, s.contact_consent, s.contact_channels, s.first_connected_on, a.status
           FROM supporter s JOIN event_application a ON a.supporter_id = s.id
          WHERE a.event_id = ? AND s.name = ? AND s.id <> ?`,
      )
      .get(eventId, namesake, supporters[2]?.id);
    expect(saved).toEqual({
      phone: '08055550123',
      connections: '["event"]',
      contact_consent: 1,
      contact_channels: '["phone"]',
      first_connected_on: today,
      status: 'waiting',
    });

    // The same path in English, its refusal on the name field, at 1024×640: axe and the targets.
    await app.page.setViewportSize({ width: 1024, height: 640 });
    await invoke('app.setLocale', { locale: 'en' });
    await app.page.reload();
    await page().getByRole('heading', { name: title }).waitFor();
    await form.getByLabel('Register a new person').check();
    await form.getByRole('button', { name: 'Register', exact: true }).click();
    await form.getByText('Required').first().waitFor();
    expect(people()).toBe(people0 + 1);
    await app.screenshot('events-new-person-en-1024');
    await expectAccessible(page(), 'event page, new person (en)');
    expect(await ownSmallTargets()).toEqual([]);
    await invoke('app.setLocale', { locale: 'ja' });
    await app.page.setViewportSize({ width: 1280, height: 800 });
    await app.page.reload();
    await page().getByRole('heading', { name: title }).waitFor();
  });

  it('cancels the event (中止): no more applications, no editing', async () => {
    await go(`/events/${eventId}`);
    await page().getByRole('heading', { name: title }).waitFor();
    await page().getByRole('button', { name: 'このイベントを中止' }).click();
    const dialog = page().getByRole('dialog');
    await dialog.getByText(`「${title}」を中止しますか？`, { exact: false }).waitFor();
    await app.screenshot('events-cancel-confirm');
    await dialog.getByRole('button', { name: '中止する' }).click();
    await page().getByText('このイベントは中止されました').waitFor();
    expect(await page().locator('.apply-form').count()).toBe(0);
    expect(await page().getByRole('link', { name: '編集' }).count()).toBe(0);
    expect((await invoke<EventView>('events.get', { id: eventId })).status).toBe('cancelled');
    await expectAccessible(page(), 'cancelled event (ja)');
  });

  it('lays out at 1024×640 and passes axe in English', async () => {
    await app.page.setViewportSize({ width: 1024, height: 640 });
    for (const [path, name] of [
      ['/events', 'events-list'],
      [`/events/${eventId}`, 'events-page'],
      [`/events/${eventId}/rollcall`, 'events-rollcall'],
      [`/events/${eventId}/follow-up`, 'events-follow-up'],
      ['/events/new', 'events-form'],
    ] as const) {
      await go(path);
      await page().locator('main h1').first().waitFor();
      await page().waitForFunction(
        () => !document.querySelector('main')?.textContent?.includes('読み込み中'),
      );
      await app.screenshot(`${name}-1024`);
      expect(await ownSmallTargets(), path).toEqual([]);
    }
    await app.page.setViewportSize({ width: 1280, height: 800 });
    await invoke('app.setLocale', { locale: 'en' });
    await app.page.reload();
    for (const [path, heading] of [
      ['/events', 'Events'],
      [`/events/${eventId}`, title],
      [`/events/${eventId}/rollcall`, `Roll call: ${title}`],
      [`/events/${eventId}/follow-up`, `Follow-up: ${title}`],
      ['/events/new', 'Plan an event'],
    ] as const) {
      await go(path);
      await page().getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page().waitForFunction(() => !document.querySelector('main')?.textContent?.includes('Loading'));
      await expectAccessible(page(), `${path} (en)`);
    }
    await app.screenshot('events-rollcall-en');
    await invoke('app.setLocale', { locale: 'ja' });
    expect(app.pageErrors).toEqual([]);
  });
});
