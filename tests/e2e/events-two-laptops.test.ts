import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { createEnrollmentCode, createTown, createUser } from '../../server/src/admin/commands.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { addDays, japanDate } from '../../shared/domain/dates.ts';
import type { EventRoster, EventView, SupporterView } from '../../shared/ipc/views/community-events.ts';
import type { FamilyDetail } from '../../shared/ipc/views.ts';
import { type AppUnderTest, expectAccessible, launchApp, launchBrowser } from './harness.ts';
import { go, switchableNetwork, syncNow } from './sync-ui.ts';

/**
 * The day of a 1泊2日 体験 on two laptops, in Chromium at 1280×800 touch, by clicking. Laptop A (the
 * office) plans the event (capacity 10) and registers three families and two supporters on the event
 * page, then syncs; laptop B takes it. Both go offline: in the hall, with no signal, two coordinators
 * call the roll at once — overlapping people (tapped on both laptops), one person tapped and undone on
 * A, one tapped and undone on B while A marked them, a walk-in on each. Back on the network both sync
 * through the real server (PGlite, or PostgreSQL when TEST_DATABASE_URL is set): each roll shows every
 * attendee once with the same counts, and both follow-up pages show the same first-timers and returners
 * (a family and a supporter had come to an earlier event).
 *
 * Everything — server, laptops, names — is made inside the test, so a retried attempt starts clean.
 */

const TOWN = 'kagoshima-yoron';

type Laptop = AppUnderTest;

describe('community events on two laptops: the roll called offline on both, then synced', () => {
  let browser: Browser;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  beforeEach(({ onTestFailed }) => {
    onTestFailed(({ task }) => {
      console.log(
        `attempt failed: ${task.name}: ${(task.result?.errors ?? []).map((e) => e.message).join(' | ')}`,
      );
    });
  });
  afterEach(async () => {
    for (const clean of cleanups.splice(0).reverse()) await clean().catch(() => undefined);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('plans and fills the event on A, calls the roll on A and B offline, and both agree after sync', async () => {
    const tag = Math.random().toString(36).slice(2, 7);
    const title = `そば打ち体験 ${tag}`;
    const today = japanDate(new Date());

    const server: TestServer = await startTestServer({ listen: true });
    cleanups.push(() => server.close());
    await createTown(server.deps.db, { id: TOWN });
    const netA = switchableNetwork();
    const netB = switchableNetwork();
    const touch = { browser, viewport: { width: 1280, height: 800 }, hasTouch: true } as const;
    const a = await launchApp({
      ...touch,
      deviceName: 'office A',
      serverClient: { fetch: netA.fetch, timeoutMs: 15_000 },
    });
    cleanups.push(() => a.close());
    const b = await launchApp({
      ...touch,
      deviceName: 'hall B',
      serverClient: { fetch: netB.fetch, timeoutMs: 15_000 },
    });
    cleanups.push(() => b.close());
    for (const [app, name] of [
      [a, '田中 美咲'],
      [b, '川口 健'],
    ] as const) {
      await call(app.core, 'profile.setup', { municipalityId: TOWN, displayName: name, role: 'coordinator' });
    }

    // The town's people, kept at the office (A): three families of two, two supporters. 山田家 and
    // supporter 一郎 came to an earlier event (last month), so they are returners today.
    const families: { detail: FamilyDetail; members: string[] }[] = [];
    for (const [name, kana, given] of [
      [
        '山田',
        'やまだ',
        [
          ['花子', 'はなこ'],
          ['陽翔', 'はると'],
        ],
      ],
      [
        '佐藤',
        'さとう',
        [
          ['恵美', 'えみ'],
          ['蓮', 'れん'],
        ],
      ],
      [
        '鈴木',
        'すずき',
        [
          ['直子', 'なおこ'],
          ['結衣', 'ゆい'],
        ],
      ],
    ] as const) {
      const detail = (await call(a.core, 'families.create', {
        familyName: name,
        familyNameKana: kana,
      })) as FamilyDetail;
      const members: string[] = [];
      for (const [givenName, givenNameKana] of given)
        members.push(
          (
            (await call(a.core, 'members.save', {
              familyId: detail.id,
              givenName,
              givenNameKana,
              relation: members.length ? 'child' : 'parent',
            })) as { id: string }
          ).id,
        );
      families.push({ detail, members });
    }
    const supporters: SupporterView[] = [];
    for (const given of ['一郎', '二郎'])
      supporters.push(
        (await call(a.core, 'supporters.save', {
          name: `試験${tag} ${given}`,
          notADuplicate: true,
        })) as SupporterView,
      );
    const [yamada, sato, suzuki] = families as [
      (typeof families)[0],
      (typeof families)[0],
      (typeof families)[0],
    ];
    const [ichiro, jiro] = supporters as [SupporterView, SupporterView];
    const earlier = (await call(a.core, 'events.save', {
      title: `移住説明会 ${tag}`,
      kind: 'briefing',
      startsAt: `${addDays(today, -30)}T13:00:00+09:00`,
      endsAt: `${addDays(today, -30)}T16:00:00+09:00`,
      placeKind: 'in_town',
      place: '茶花公民館',
    })) as EventView;
    await call(a.core, 'applications.add', {
      eventId: earlier.id,
      familyId: yamada.detail.id,
      memberIds: yamada.members,
    });
    await call(a.core, 'applications.add', { eventId: earlier.id, supporterId: ichiro.id });
    await call(a.core, 'rollcall.mark', {
      eventId: earlier.id,
      people: [...yamada.members.map((id) => ({ kind: 'member', id })), { kind: 'supporter', id: ichiro.id }],
      attended: true,
    });
    for (const [app, name] of [
      [a, '田中 美咲'],
      [b, '川口 健'],
    ] as const) {
      const user = await createUser(server.deps.db, { townId: TOWN, displayName: name, role: 'coordinator' });
      const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });
      await call(app.core, 'sync.enroll', { serverUrl: server.url ?? '', code });
    }
    await a.page.reload();
    await b.page.reload();

    // ── A plans the event on the form: today 10:00 to tomorrow 15:00, 1泊2日, ten places.
    const pa = a.page;
    await go(pa, '/events/new');
    await pa.getByRole('heading', { name: 'イベントを企画', level: 1 }).waitFor();
    await pa.getByLabel(/^イベント名/).fill(title);
    await pa.getByLabel(/^種類/).selectOption('experience');
    await pa.getByLabel(/^開始日/).fill(today.replaceAll('-', '/'));
    // Started already (0:00), so the follow-up counts it today.
    await pa.getByLabel('開始時刻').fill('00:00');
    await pa.getByLabel(/^終了日/).fill(addDays(today, 1).replaceAll('-', '/'));
    await pa.getByLabel('終了時刻').fill('15:00');
    await pa.getByLabel('場所の名前').fill('茶花公民館');
    await pa.getByLabel('定員', { exact: true }).fill('10');
    await pa.getByRole('button', { name: '保存' }).click();
    await pa.waitForFunction(() => /#\/events\/[0-9a-f-]{36}$/.test(location.hash));
    const eventId = (await pa.evaluate(() => location.hash)).split('/').at(-1) ?? '';
    await pa.getByRole('heading', { name: title }).waitFor();
    await pa.getByText('1泊2日', { exact: false }).first().waitFor();

    // ── A registers the three families (both members each) and the two supporters on the event page.
    const form = pa.locator('.apply-form');
    for (const { detail } of families) {
      await form.getByLabel('家族', { exact: true }).check();
      await form.getByLabel('家族を検索').fill(detail.familyName);
      await form.getByRole('button', { name: `${detail.familyName}家を選ぶ` }).click();
      const boxes = form.getByRole('group', { name: '参加する家族の方' }).getByRole('checkbox');
      await expect.poll(() => boxes.count()).toBe(2);
      await expect.poll(() => boxes.nth(1).isChecked()).toBe(true);
      await form.getByLabel('人数').fill('2');
      await form.getByRole('button', { name: '申込を登録' }).click();
      await pa.locator('.notice').filter({ hasText: detail.familyName }).waitFor();
    }
    for (const s of supporters) {
      await form.getByLabel('関係人口名簿の方').check();
      await form.getByLabel('名簿を検索').fill(s.name.split(' ')[1] ?? s.name);
      await form.getByRole('button', { name: `${s.name}を選ぶ` }).click();
      await form.getByRole('button', { name: '申込を登録' }).click();
      await pa.locator('.notice').filter({ hasText: s.name }).waitFor();
    }
    await pa.getByTestId('event-heads').filter({ hasText: '申込8人／定員10人' }).waitFor();
    await a.screenshot('events-two-laptops-01-a-event');

    // ── A syncs; B takes the event and opens its roll call.
    expect(await syncNow(a)).toBe('同期しました');
    expect(await syncNow(b)).toBe('同期しました');
    const openRollCall = async (app: Laptop) => {
      await go(app.page, `/events/${eventId}/rollcall`);
      await app.page.getByRole('heading', { name: `当日の出欠：${title}` }).waitFor();
    };
    await openRollCall(b);
    await b.page.getByTestId('rollcall-counts').filter({ hasText: '参加 0人／申込 8人' }).waitFor();
    await openRollCall(a);

    // ── The hall has no signal.
    netA.state.online = false;
    netB.state.online = false;

    const person = (page: Page, id: string) => page.locator(`.rollcall-person[data-person-id="${id}"]`);
    const pressed = (page: Page, id: string) => person(page, id).getAttribute('aria-pressed');
    const tap = async (page: Page, id: string, to: boolean) => {
      await person(page, id).click();
      await expect.poll(() => pressed(page, id), { message: id }).toBe(String(to));
    };
    const counts = (app: Laptop, text: string) =>
      app.page.getByTestId('rollcall-counts').filter({ hasText: text }).waitFor();
    const walkIn = async (app: Laptop, name: string) => {
      await app.page.getByLabel('当日参加の方のお名前').fill(name);
      await app.page.getByRole('button', { name: '追加' }).click();
      await expect
        .poll(() => app.page.getByRole('button', { name, exact: true }).getAttribute('aria-pressed'))
        .toBe('true');
    };
    const [y1, y2] = yamada.members as [string, string];
    const [s1, s2] = sato.members as [string, string];
    const [z1, z2] = suzuki.members as [string, string];
    const walkInA = `当日${tag} 五郎`;
    const walkInB = `当日${tag} 六花`;

    // Two coordinators at once. A: 山田家 at one tap, 佐藤 恵美, 一郎; 鈴木 直子 tapped then undone
    // (she had not come after all); a walk-in.
    // B: 山田 花子 and 佐藤 恵美 again (overlap), 佐藤 蓮, 鈴木 結衣, 二郎; 一郎 tapped then undone
    // (B's coordinator thought he had gone — A's mark, which B never saw, stands); a walk-in.
    const pb = b.page;
    await Promise.all([
      (async () => {
        await pa.getByRole('button', { name: '山田：全員参加' }).click();
        await expect.poll(() => pressed(pa, y1)).toBe('true');
        await expect.poll(() => pressed(pa, y2)).toBe('true');
        await tap(pa, s1, true);
        await tap(pa, ichiro.id, true);
        await tap(pa, z1, true);
        await tap(pa, z1, false);
        await walkIn(a, walkInA);
      })(),
      (async () => {
        await tap(pb, y1, true);
        await tap(pb, s1, true);
        await tap(pb, s2, true);
        await tap(pb, z2, true);
        await tap(pb, jiro.id, true);
        await tap(pb, ichiro.id, true);
        await tap(pb, ichiro.id, false);
        await walkIn(b, walkInB);
      })(),
    ]);
    // Each laptop counts what it saw: A 山田×2, 恵美, 一郎, walk-in; B 花子, 恵美, 蓮, 結衣, 二郎, walk-in.
    await counts(a, '参加 5人／申込 9人');
    await counts(b, '参加 6人／申込 9人');
    await a.screenshot('events-two-laptops-02-a-offline');
    await b.screenshot('events-two-laptops-03-b-offline');
    // Nothing reached the other laptop.
    expect(
      ((await call(a.core, 'events.roster', { eventId })) as EventRoster).event.counts.attendedPeople,
    ).toBe(5);

    // ── Back on the network: both sync through the server (A, B, then A for B's changes).
    netA.state.online = true;
    netB.state.online = true;
    expect(await syncNow(a)).toBe('同期しました');
    expect(await syncNow(b)).toBe('同期しました');
    expect(await syncNow(a)).toBe('同期しました');

    const walkInId = (app: Laptop, name: string) =>
      app.core.database.sqlite
        .prepare('SELECT id FROM supporter WHERE name = ?')
        .pluck()
        .all(name) as string[];
    const came = [y1, y2, s1, s2, z2, ichiro.id, jiro.id];
    for (const app of [a, b]) {
      // Each walk-in is one supporter on each laptop (not one per laptop that saw them).
      expect(walkInId(app, walkInA)).toHaveLength(1);
      expect(walkInId(app, walkInB)).toHaveLength(1);
      await openRollCall(app);
      const { page } = app;
      // 9 people (7 applicants + 2 walk-ins) against 10 heads (8 + the two walk-ins).
      await counts(app, '参加 9人／申込 10人');
      for (const id of [...came, z1])
        await expect.poll(() => person(page, id).count(), { message: id }).toBe(1);
      for (const id of came) expect(await pressed(page, id), id).toBe('true');
      // Undone on A, never tapped on B: absent on both.
      expect(await pressed(page, z1)).toBe('false');
      for (const name of [walkInA, walkInB]) {
        const button = page.getByRole('button', { name, exact: true });
        await expect.poll(() => button.count(), { message: name }).toBe(1);
        expect(await button.getAttribute('aria-pressed')).toBe('true');
      }
      expect(await page.locator('.rollcall-person[aria-pressed="true"]').count()).toBe(9);
      const roster = (await call(app.core, 'events.roster', { eventId })) as EventRoster;
      expect(roster.event.counts.attendedPeople).toBe(9);
    }
    await a.screenshot('events-two-laptops-04-a-synced');
    await b.screenshot('events-two-laptops-05-b-synced');
    await expectAccessible(b.page, 'roll call after sync on B (ja)');

    // ── The follow-up on both: the same first-timers and returners.
    const followUp = async (app: Laptop) => {
      await go(app.page, `/events/${eventId}/follow-up`);
      await app.page.getByRole('heading', { name: `フォロー：${title}` }).waitFor();
      const ids = (testId: string) =>
        app.page
          .getByTestId(testId)
          .locator('li[data-person-id]')
          .evaluateAll((items) => items.map((li) => li.getAttribute('data-person-id') ?? '').sort());
      await expect.poll(() => ids('returning')).toHaveLength(3);
      await expect.poll(() => ids('first-time')).toHaveLength(6);
      return { firstTime: await ids('first-time'), returning: await ids('returning') };
    };
    const onA = await followUp(a);
    const onB = await followUp(b);
    const walkIns = [...walkInId(a, walkInA), ...walkInId(a, walkInB)];
    expect(onA.returning).toEqual([y1, y2, ichiro.id].sort());
    expect(onA.firstTime).toEqual([s1, s2, z2, jiro.id, ...walkIns].sort());
    expect(onB).toEqual(onA);
    await b.screenshot('events-two-laptops-06-b-follow-up');
    await expectAccessible(b.page, 'follow-up after sync on B (ja)');
    expect(a.pageErrors).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });
});
