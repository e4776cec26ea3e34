import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { createEnrollmentCode, createTown, createUser } from '../../server/src/admin/commands.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { japanDate } from '../../shared/domain/dates.ts';
import { newId } from '../../shared/ids.ts';
import { type AppUnderTest, expectAccessible, launchApp, launchBrowser } from './harness.ts';
import { switchableNetwork } from './sync-ui.ts';

/**
 * The consortium administrator's コンソーシアム集計 in Chromium with a real server (PGlite, or PostgreSQL
 * with TEST_DATABASE_URL). Two towns' stays and an event are on the server; the administrator's laptop
 * (錦江町) refreshes once, loses its link, and still shows every town's figures with the time of that
 * refresh; 「更新」 offline says so plainly. Back online a target is set and appears in the history and
 * against the figures. axe in Japanese and English; every control at least 44 px.
 */

const KINKO = 'kagoshima-kinko';
const YORON = 'kagoshima-yoron';
const OME = 'tokyo-ome';

function fiscalYearOf(date: string): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

describe('コンソーシアム集計', () => {
  let browser: Browser;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const clean of cleanups.splice(0).reverse()) await clean().catch(() => undefined);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('refreshes once, shows every town offline with the refresh time, and sets a target', async () => {
    const fy = fiscalYearOf(japanDate(new Date()));
    const server: TestServer = await startTestServer({ listen: true });
    cleanups.push(() => server.close());
    for (const id of [KINKO, YORON, OME]) await createTown(server.deps.db, { id });

    // What the towns' laptops synced: stays (与論町 2 people × 3 nights, 青梅市 3 people × 2 nights and
    // 1 person × 4 nights) and one 与論町 event with two attendees, in 年度 fy.
    let seq = 0;
    const insert = async (town: string, table: string, vals: Record<string, string | number | null>) => {
      const id = newId();
      seq += 1;
      const at = new Date();
      await server.deps.db
        .insertInto('record')
        .values({
          id,
          municipality_id: town,
          table_name: table,
          vals: JSON.stringify({ deleted_at: null, ...vals }),
          clocks: JSON.stringify({}),
          seq,
          origin_device: null,
          created_at: at,
          created_by: newId(),
          updated_at: at,
          updated_by: newId(),
        })
        .execute();
      return id;
    };
    const stay = async (town: string, people: number, arrival: string, departure: string) => {
      const stayId = await insert(town, 'stay', {
        family_id: newId(),
        programme: 'nursery_stay',
        status: 'completed',
        planned_arrival: arrival,
        planned_departure: departure,
        actual_arrival: arrival,
        actual_departure: departure,
      });
      for (let i = 0; i < people; i += 1)
        await insert(town, 'stay_member', { stay_id: stayId, member_id: newId() });
    };
    await stay(YORON, 2, `${fy}-04-02`, `${fy}-04-05`);
    await stay(OME, 3, `${fy}-04-10`, `${fy}-04-12`);
    await stay(OME, 1, `${fy}-04-20`, `${fy}-04-24`);
    const event = await insert(YORON, 'event', {
      title: '交流会',
      kind: 'exchange',
      starts_at: `${fy}-04-01T03:00:00.000Z`,
      ends_at: `${fy}-04-01T05:00:00.000Z`,
      status: 'planned',
    });
    for (const name of ['a', 'b']) {
      const supporter = await insert(YORON, 'supporter', { name, merged_into: null, family_member_id: null });
      const application = await insert(YORON, 'event_application', {
        event_id: event,
        family_id: null,
        supporter_id: supporter,
        member_ids: null,
        head_count: 1,
        status: 'applied',
        applied_at: `${fy}-03-20T00:00:00.000Z`,
      });
      await insert(YORON, 'event_attendance', {
        event_id: event,
        application_id: application,
        member_id: null,
        supporter_id: supporter,
        marked_at: `${fy}-04-01T03:00:00.000Z`,
      });
    }

    const net = switchableNetwork();
    const app: AppUnderTest = await launchApp({
      browser,
      viewport: { width: 1280, height: 800 },
      deviceName: 'consortium office',
      serverClient: { fetch: net.fetch, timeoutMs: 10_000 },
    });
    cleanups.push(() => app.close());
    const tag = Math.random().toString(36).slice(2, 7);
    const adminName = `錦江 管理${tag}`;
    // A laptop cannot name itself consortium administrator: the server's role is taken at enrolment.
    await call(app.core, 'profile.setup', {
      municipalityId: KINKO,
      displayName: adminName,
      role: 'town_admin',
    });
    const user = await createUser(server.deps.db, {
      townId: KINKO,
      displayName: adminName,
      role: 'consortium_admin',
    });
    const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });
    await call(app.core, 'sync.enroll', { serverUrl: server.url ?? '', code });
    await app.page.reload();
    const { page } = app;
    // This page's controls (inside main, the chart's SVG included); the shell is layout-touch's to measure.
    const pageSmallTargets = () =>
      page.evaluate(() =>
        Array.from(
          document.querySelectorAll<HTMLElement>(
            'main :is(a[href], button, input:not([type="checkbox"]):not([type="radio"]), select, textarea, summary, [tabindex="0"])',
          ),
        )
          .filter((el) => !el.closest('[hidden], [aria-hidden="true"], .visually-hidden'))
          .map((el) => ({ el, box: el.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && (box.width < 43.5 || box.height < 43.5))
          .map(({ el, box }) => `${el.tagName} ${el.textContent?.slice(0, 20)} ${box.width}×${box.height}`),
      );

    // The menu offers the page to the consortium administrator.
    await page.getByRole('link', { name: /コンソーシアム集計/ }).click();
    await page.getByRole('heading', { name: 'コンソーシアム集計', level: 1 }).waitFor();
    const refreshed = page.getByTestId('consortium-refreshed');
    await expect.poll(() => refreshed.innerText()).toContain('まだ更新していません');

    // ── Refresh once, online.
    await page.getByRole('button', { name: '更新', exact: true }).click();
    await expect.poll(() => refreshed.innerText(), { timeout: 20_000 }).toContain('最終更新');
    const refreshText = await refreshed.innerText();
    const towns = page.getByTestId('consortium-towns');
    const row = (name: string) => towns.locator('tbody tr').filter({ hasText: name });
    await expect.poll(() => row('与論町').innerText()).toMatch(/与論町\s+2\s+0\s+3\s+6\s+0/);
    await expect.poll(() => row('青梅市').innerText()).toMatch(/青梅市\s+4\s+0\s+6\s+10\s+0/);
    await expect.poll(() => row('錦江町').innerText()).toMatch(/錦江町\s+0\s+0\s+0\s+0\s+0/);
    expect(await towns.locator('tfoot').innerText()).toMatch(/合計\s+6\s+0\s+9\s+16\s+0/);
    const events = page.getByTestId('consortium-events');
    await expect
      .poll(() => events.locator('tbody tr').filter({ hasText: '与論町' }).innerText())
      .toMatch(/与論町\s+1\s+2\s+2\s+2/);
    await app.screenshot('consortium-reports-01-refreshed');
    await towns.scrollIntoViewIfNeeded();
    await app.screenshot('consortium-reports-01b-towns');
    await page.getByTestId('consortium-chart').scrollIntoViewIfNeeded();
    await app.screenshot('consortium-reports-01c-chart');

    // ── Sorting by nights, most first: 青梅市 above 与論町 above 錦江町.
    await towns.getByRole('button', { name: /^延べ宿泊数/ }).click();
    await expect
      .poll(async () => (await towns.locator('tbody th[scope="row"]').allInnerTexts()).join(','))
      .toBe('青梅市,与論町,錦江町');

    // ── The chart's table alternative.
    await page.getByTestId('consortium-chart').waitFor();
    await page.getByRole('button', { name: '表で見る' }).click();
    await expect.poll(() => page.getByTestId('consortium-chart-table').innerText()).toMatch(/青梅市\s+4/);

    // ── The link goes down: the page (reloaded from scratch) still shows every town and the time.
    net.state.online = false;
    await page.reload();
    await page.getByRole('heading', { name: 'コンソーシアム集計', level: 1 }).waitFor();
    await expect.poll(() => refreshed.innerText()).toBe(refreshText);
    await expect.poll(() => row('青梅市').innerText()).toMatch(/青梅市\s+4\s+0\s+6\s+10\s+0/);
    await page.getByRole('button', { name: '更新', exact: true }).click();
    const message = page.getByTestId('consortium-message');
    await expect.poll(() => message.innerText(), { timeout: 20_000 }).toContain('オフライン');
    expect(await refreshed.innerText()).toBe(refreshText);
    await expect.poll(() => row('与論町').innerText()).toMatch(/与論町\s+2/);
    await app.screenshot('consortium-reports-02-offline');
    await expectAccessible(page, 'consortium figures offline (ja)');

    // ── A target offline: refused with the offline message, nothing set.
    const form = page.getByTestId('target-form');
    await form.getByLabel('対象').selectOption('');
    await form.getByLabel('指標').selectOption('relationship_population');
    await form.getByLabel('開始年度').selectOption(String(fy));
    await form.getByLabel('終了年度').selectOption(String(fy));
    await form.getByLabel('目標値').fill('700');
    await form.getByLabel('根拠・メモ').fill(`単年度の目安 ${tag}`);
    await form.getByRole('button', { name: '目標を保存' }).click();
    const targetMessage = page.getByTestId('target-message');
    await expect.poll(() => targetMessage.innerText(), { timeout: 20_000 }).toContain('オフライン');

    // ── Online again: set, in the history with who set it, and measured against the figures.
    net.state.online = true;
    await form.getByRole('button', { name: '目標を保存' }).click();
    await expect.poll(() => targetMessage.innerText(), { timeout: 20_000 }).toBe('目標を保存しました');
    const history = page.getByTestId('target-history');
    await expect.poll(() => history.innerText()).toContain(`単年度の目安 ${tag}`);
    expect(await history.locator('tbody tr').first().innerText()).toMatch(
      new RegExp(`700人[\\s\\S]*${adminName}`),
    );
    await page.getByRole('button', { name: '更新', exact: true }).click();
    // The click clears the offline message at once; the answer's message replaces it.
    await expect
      .poll(() => message.innerText(), { timeout: 20_000 })
      .toBe('サーバーから最新の数値を取得しました');
    const targets = page.getByTestId('consortium-targets');
    await expect
      .poll(() => targets.locator('li').filter({ hasText: '目標 700人' }).innerText())
      .toMatch(new RegExp(`${fy}年度\\s+目標 700人 / 実績 6人（${fy}年度まで）\\s+達成率 0.8%`));
    await app.screenshot('consortium-reports-03-target-set');
    await history.scrollIntoViewIfNeeded();
    await app.screenshot('consortium-reports-03b-history');
    await expectAccessible(page, 'consortium figures with a target (ja)');
    expect(await pageSmallTargets()).toEqual([]);

    // ── The town's レポート shows the cached target beside each grant KPI: the consortium's while the
    // town has none, the town's own once set (through the core, against the server).
    // One person for 2 nights on this laptop in 年度 fy: 関係人口 1人.
    const fam = (await call(app.core, 'families.create', {
      familyName: `錦江${tag}`,
      familyNameKana: 'きんこう',
    })) as { id: string };
    const member = (await call(app.core, 'members.save', {
      familyId: fam.id,
      givenName: '一郎',
      givenNameKana: 'いちろう',
      relation: 'parent',
    })) as { id: string };
    await call(app.core, 'stays.save', {
      familyId: fam.id,
      programme: 'nursery_stay',
      plannedArrival: `${fy}-04-01`,
      plannedDeparture: `${fy}-04-03`,
      actualArrival: `${fy}-04-01`,
      actualDeparture: `${fy}-04-03`,
      status: 'completed',
      lodgingText: '町営住宅',
      memberIds: [member.id],
    });
    await page.evaluate((y) => {
      location.hash = `/reports?fy=${y}`;
    }, fy);
    const rpTarget = page.getByTestId('target-relationship_population');
    await expect
      .poll(() => rpTarget.innerText().catch(() => ''), { timeout: 20_000 })
      .toMatch(
        new RegExp(
          `目標 700人\\s*（コンソーシアムの目標・${fy}年度）[\\s\\S]*実績 1人（${fy}年度まで） 達成率 0.1%`,
        ),
      );
    // The server's other consortium targets (the plan's) are labelled as the consortium's too.
    expect(await page.getByTestId('target-ripple_yen').innerText()).toContain('コンソーシアムの目標');
    await call(app.core, 'reports.setTarget', {
      townId: KINKO,
      kpi: 'relationship_population',
      fiscalYearFrom: fy,
      fiscalYearTo: fy + 2,
      value: 40,
      note: `町の計画 ${tag}`,
    });
    await page.reload();
    await expect
      .poll(() => rpTarget.innerText().catch(() => ''), { timeout: 20_000 })
      .toMatch(
        new RegExp(
          `目標 40人\\s*（町の目標・${fy}〜${fy + 2}年度）[\\s\\S]*実績 1人（${fy}年度まで） 達成率 2.5%`,
        ),
      );
    await rpTarget.scrollIntoViewIfNeeded();
    await app.screenshot('consortium-reports-05-dashboard-target');
    await expectAccessible(page, 'reports dashboard with a target (ja)');
    await page.evaluate(() => {
      location.hash = '/consortium-reports';
    });

    // ── English, at 1024×640.
    await page.setViewportSize({ width: 1024, height: 640 });
    await call(app.core, 'app.setLocale', { locale: 'en' });
    await page.reload();
    await page.getByRole('heading', { name: 'Consortium figures', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('consortium-refreshed').innerText()).toContain('Last refreshed');
    await app.screenshot('consortium-reports-04-en');
    await expectAccessible(page, 'consortium figures (en)');
    expect(await pageSmallTargets()).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
