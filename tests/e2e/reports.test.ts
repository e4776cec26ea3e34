import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventFigures } from '../../shared/ipc/views/community-events.ts';
import type { CoefficientHistory, ReportFigures } from '../../shared/ipc/views/reports.ts';
import type { FamilyDetail, MemberView, StayView } from '../../shared/ipc/views.ts';
import { type AppUnderTest, expectAccessible, launchApp, SCREENSHOT_DIR } from './harness.ts';

/**
 * The town administrator's レポート, in Chromium against the real core, on a small hand-made town whose
 * figures are worked out below (年度 2025: 2025-04-01 … 2026-03-31):
 *
 * | stay | family (people on the stay) | programme | dates           | nights | person-nights |
 * |------|-----------------------------|-----------|-----------------|--------|---------------|
 * | A1   | 山田 (2)                    | 保育園留学 | 2025-05-10→05-17 | 7      | 14            |
 * | A2   | 山田 (2, the same two)      | 保育園留学 | 2025-10-01→10-05 | 4      | 8             |
 * | B1   | 佐藤 (3)                    | ワーケーション | 2025-08-20→08-23 | 3   | 9             |
 * | C1   | 鈴木 (nobody recorded → 1)  | お試し居住 | 2026-02-10→02-12 | 2      | 2             |
 *
 * nights 16, person-nights 33; relationship population 5 (山田 2 in May, 佐藤 3 in August; 鈴木's stay
 * names nobody); arrivals 5; repeaters 2 (山田's two came back in October); one stay without members.
 *
 * Coefficients: 10,000円 × 1.5 from 2025-04-01 → 33 × 15,000 = 495,000円 (495千円). The administrator
 * then sets 12,000円 × 2 from 2025-10-01 on the screen: the nights from October (A2 8 + C1 2 = 10)
 * become 10 × 24,000 = 240,000円, the earlier 23 keep 23 × 15,000 = 345,000円: 585,000円 (585千円).
 * May alone (A1) is 14 × 15,000 = 210,000円 before and after the change.
 */
describe('reports dashboard', () => {
  let app: AppUnderTest;
  const tag = Math.random().toString(36).slice(2, 7);
  const stays: Record<string, StayView> = {};
  const page = () => app.page;

  async function invoke<T>(channel: string, input: unknown): Promise<T> {
    const r = await app.core.invoke(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  }
  const go = async (hash: string) => {
    await page().evaluate((h) => {
      location.hash = h;
    }, hash);
  };
  const figureText = (figure: string) => page().getByTestId(`figure-${figure}`).textContent();
  /** This page's own targets under 44 px (the shell's are layout-touch.test.ts's business). */
  const ownSmallTargets = () =>
    page().evaluate(() =>
      Array.from(
        document.querySelectorAll<HTMLElement>(
          'main :is(a[href], button, input:not([type="checkbox"]):not([type="radio"]), select, textarea, summary, [tabindex="0"])',
        ),
      )
        .filter((el) => !el.closest('[hidden], [aria-hidden="true"], .visually-hidden, dialog:not([open])'))
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.width < 43.5 || box.height < 43.5))
        .map(({ el, box }) => `${el.tagName} ${el.textContent?.slice(0, 20)} ${box.width}×${box.height}`),
    );

  async function family(name: string, kana: string, people: [string, string, string][]) {
    const f = await invoke<FamilyDetail>('families.create', {
      familyName: `${name}${tag}`,
      familyNameKana: kana,
    });
    const members: MemberView[] = [];
    for (const [givenName, givenNameKana, relation] of people) {
      members.push(
        await invoke<MemberView>('members.save', { familyId: f.id, givenName, givenNameKana, relation }),
      );
    }
    return { f, members };
  }
  async function stay(
    key: string,
    familyId: string,
    programme: string,
    from: string,
    to: string,
    memberIds: string[],
  ) {
    stays[key] = await invoke<StayView>('stays.save', {
      familyId,
      programme,
      plannedArrival: from,
      plannedDeparture: to,
      actualArrival: from,
      actualDeparture: to,
      status: 'completed',
      lodgingText: '町営お試し住宅',
      memberIds,
    });
  }

  beforeAll(async () => {
    app = await launchApp();
    await app.core.invoke('profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '森 和子',
      role: 'town_admin',
    });
    const yamada = await family('山田', 'やまだ', [
      ['花子', 'はなこ', 'parent'],
      ['太郎', 'たろう', 'child'],
    ]);
    const sato = await family('佐藤', 'さとう', [
      ['健', 'けん', 'parent'],
      ['美咲', 'みさき', 'parent'],
      ['陽菜', 'ひな', 'child'],
    ]);
    const suzuki = await family('鈴木', 'すずき', [['一郎', 'いちろう', 'parent']]);
    const ids = (x: { members: MemberView[] }) => x.members.map((m) => m.id);
    await stay('A1', yamada.f.id, 'nursery_stay', '2025-05-10', '2025-05-17', ids(yamada));
    await stay('A2', yamada.f.id, 'nursery_stay', '2025-10-01', '2025-10-05', ids(yamada));
    await stay('B1', sato.f.id, 'workation', '2025-08-20', '2025-08-23', ids(sato));
    await stay('C1', suzuki.f.id, 'trial_living', '2026-02-10', '2026-02-12', []);
    await invoke<CoefficientHistory>('reports.setCoefficients', {
      effectiveFrom: '2025-04-01',
      spendPerPersonNightYen: 10000,
      rippleMultiplier: '1.5',
      note: null,
    });
    await page().reload();
    await page().getByRole('navigation', { name: 'メインメニュー' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the hand-computed figures of 年度 2025, each with its definition and coefficients', async () => {
    await go('/reports?fy=2025');
    await page()
      .getByRole('heading', { name: /レポート/, level: 1 })
      .waitFor();
    await page().getByText('令和7年度（2025年度）').first().waitFor();
    await expect.poll(() => figureText('person_nights')).toBe('33人泊');
    expect(await figureText('relationship_population')).toBe('5人');
    expect(await figureText('ripple_yen')).toBe('495千円');
    expect(await page().getByTestId('ripple-exact').textContent()).toBe('（495,000円）');
    expect(await figureText('arrivals')).toBe('5人');
    expect(await figureText('repeaters')).toBe('2人');
    expect(await figureText('nights')).toBe('16泊');
    // The coefficients beside the ripple figure.
    const coef = page().locator('.coefficients-used');
    await coef.getByText('10,000円').waitFor();
    await coef.getByText('×1.5').waitFor();
    // The definition is one click away, from the shared copy.
    const card = page().locator('.figure-card[data-figure="person_nights"]');
    await card.getByText('定義').click();
    await card.getByText('延べ宿泊人泊数：泊数 × その滞在の参加者数', { exact: false }).waitFor();
    // The same figures as the core computes (and the cumulative table ends at the totals).
    const core = await invoke<ReportFigures>('reports.figures', { from: '2025-04-01', to: '2026-03-31' });
    expect(core.totals).toMatchObject({
      personNights: 33,
      nights: 16,
      relationshipPopulation: 5,
      rippleYen: 495000,
    });
    await page().getByRole('button', { name: '表で見る' }).first().click();
    const lastRow = page().locator('.chart-table:not(.screen-hidden) tbody tr').last();
    await expect.poll(() => lastRow.textContent()).toContain('2026年3月');
    expect(await lastRow.textContent()).toContain('33人泊');
    expect(await lastRow.textContent()).toContain('495千円');
    await page().getByRole('button', { name: 'グラフで見る' }).first().click();
    await app.screenshot('reports-dashboard-1280');
    await expectAccessible(page(), 'reports dashboard (ja)');
    expect(await ownSmallTargets()).toEqual([]);
  });

  it('prints on A4: charts and their tables within the page width, no dark backgrounds, no controls', async () => {
    // A4 at 96 dpi is 794 px wide; with 12 mm margins the printable width is about 703 px.
    await page().setViewportSize({ width: 703, height: 1000 });
    await page().emulateMedia({ media: 'print' });
    try {
      // The charts follow their box through a ResizeObserver: measured until the print layout settles.
      const measure = () =>
        page().evaluate(() => {
          const main = document.querySelector('.reports-page') as HTMLElement;
          const tooWide = Array.from(
            main.querySelectorAll<HTMLElement>('.report-figure, .chart-box svg, table'),
          )
            .filter((el) => el.getBoundingClientRect().right > 703.5)
            .map((el) => `${el.tagName}.${el.getAttribute('class')} ${el.getBoundingClientRect().right}`);
          const luminance = (colour: string) => {
            const [r = 255, g = 255, b = 255, a = 1] = (colour.match(/[\d.]+/g) ?? []).map(Number);
            return a === 0 ? 1 : (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
          };
          const dark = Array.from(document.querySelectorAll<HTMLElement>('body, body *'))
            .filter((el) => el.getClientRects().length > 0)
            .filter((el) => luminance(getComputedStyle(el).backgroundColor) < 0.6)
            .map((el) => `${el.tagName}.${el.className} ${getComputedStyle(el).backgroundColor}`);
          const visible = (sel: string) =>
            Array.from(document.querySelectorAll(sel)).filter((el) => el.getClientRects().length > 0).length;
          return {
            tooWide,
            dark,
            tables: visible('.chart-table table'),
            charts: visible('.chart-box .recharts-wrapper > svg.recharts-surface'),
            buttons: visible('main button'),
            nav: visible('.shell-nav'),
          };
        });
      await expect.poll(measure).toEqual({ tooWide: [], dark: [], tables: 2, charts: 2, buttons: 0, nav: 0 });
      const pdf = await page().pdf({ format: 'A4', printBackground: true });
      expect(pdf.byteLength).toBeGreaterThan(10_000);
      await page().screenshot({ path: `${SCREENSHOT_DIR}reports-print-a4.png`, fullPage: true });
    } finally {
      await page().emulateMedia({ media: 'screen' });
      await page().setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('shows event participation as its own figures, never in the grant KPIs', async () => {
    const events = await invoke<EventFigures>('events.figures', { fiscalYear: 2025 });
    const section = page().locator('.event-figures');
    await section.getByRole('heading', { name: /地域イベントの参加/ }).waitFor();
    expect(await page().getByTestId('event-events').textContent()).toBe(`${events.total.events}回`);
    expect(await page().getByTestId('event-participants').textContent()).toBe(
      `${events.total.participants}人`,
    );
    expect(await section.locator('tbody tr').count()).toBe(events.byMonth.length);
  });

  it('drills from the person-nights of May down to the stay and opens it', async () => {
    await page()
      .getByRole('link', { name: /2025年5月 14人泊/ })
      .click();
    await page().getByRole('heading', { name: '延べ宿泊者数の元になった記録', level: 1 }).waitFor();
    const row = page().locator(`tr[data-stay-id="${stays.A1?.id}"]`);
    await row.waitFor();
    expect(await page().locator('.drill-table tbody tr').count()).toBe(1);
    expect(await row.textContent()).toContain('7泊');
    expect(await row.textContent()).toContain('14人泊');
    expect(await row.textContent()).toContain('210,000円');
    await app.screenshot('reports-drilldown-1280');
    await expectAccessible(page(), 'drill-down (ja)');
    expect(await ownSmallTargets()).toEqual([]);
    await row.getByRole('link', { name: '滞在を開く' }).click();
    await expect.poll(() => page().evaluate(() => location.hash)).toBe(`#/stays/${stays.A1?.id}/edit`);
    await page().getByRole('heading', { level: 1 }).first().waitFor();
  });

  it("drills from a programme's month in the by-programme table to that programme's stays", async () => {
    await go('/reports?fy=2025');
    await page().getByTestId('figure-person_nights').filter({ hasText: '33人泊' }).waitFor();
    await page().getByRole('button', { name: '表で見る' }).nth(1).click();
    const cell = page().locator('.chart-table a[href*="programme=workation"][href*="month=2025-08"]');
    expect(await cell.textContent()).toContain('9人泊');
    await cell.click();
    await page().getByRole('heading', { name: '延べ宿泊者数の元になった記録', level: 1 }).waitFor();
    await expect.poll(() => page().evaluate(() => location.hash)).toMatch(/programme=workation/);
    expect(await page().evaluate(() => location.hash)).toMatch(/month=2025-08/);
    const row = page().locator(`tr[data-stay-id="${stays.B1?.id}"]`);
    await row.waitFor();
    expect(await page().locator('.drill-table tbody tr').count()).toBe(1);
    expect(await row.textContent()).toContain('9人泊');
  });

  it('links the data-quality panel to the record to fix', async () => {
    await go('/reports?fy=2025');
    const problem = page().locator('.quality-problem[data-kind="stay_without_members"]');
    await problem.locator('summary').click();
    await problem.getByRole('link', { name: new RegExp(`鈴木${tag}`) }).click();
    await expect.poll(() => page().evaluate(() => location.hash)).toBe(`#/stays/${stays.C1?.id}/edit`);
  });

  it('refuses bad coefficients in Japanese, then a new version from October changes the ripple but not May', async () => {
    await go('/reports/coefficients');
    await page().getByRole('heading', { name: '経済波及効果の係数', level: 1 }).waitFor();
    await page().getByTestId('coef-current').getByText('10,000円').waitFor();
    const before = await invoke<CoefficientHistory>('reports.coefficients', {});
    await page()
      .getByLabel(/^1人1泊あたり消費額/)
      .fill('-5');
    await page()
      .getByLabel(/^波及倍率/)
      .fill('abc');
    await page().getByRole('button', { name: '係数を保存' }).click();
    await page().getByText('適用開始日を年/月/日で入力してください').waitFor();
    await page().getByText('消費額は0以上の整数（円）で入力してください').waitFor();
    await page().getByText('波及倍率は0より大きく10以下の数値で入力してください').waitFor();
    expect((await invoke<CoefficientHistory>('reports.coefficients', {})).versions).toHaveLength(
      before.versions.length,
    );
    await app.screenshot('reports-coefficients-refused');
    await expectAccessible(page(), 'coefficients refused (ja)');
    expect(await ownSmallTargets()).toEqual([]);

    await page()
      .getByRole('textbox', { name: /^適用開始日/ })
      .fill('2025/10/1');
    await page()
      .getByLabel(/^1人1泊あたり消費額/)
      .fill('12,000');
    await page()
      .getByLabel(/^波及倍率/)
      .fill('2');
    await page().getByRole('button', { name: '係数を保存' }).click();
    await page().getByText('係数を保存しました', { exact: false }).waitFor();
    await page().locator('.coef-history tbody tr').nth(before.versions.length).waitFor();
    expect(await page().locator('.coef-history tbody tr').first().textContent()).toContain('12,000円');

    await go('/reports?fy=2025');
    await expect.poll(() => figureText('ripple_yen')).toBe('585千円');
    expect(await page().getByTestId('ripple-exact').textContent()).toBe('（585,000円）');
    // The period spans the change: each version with its dates.
    const coef = page().locator('.coefficients-used');
    await coef.getByText('この期間には係数の変更があります', { exact: false }).waitFor();
    expect(await coef.locator('li').count()).toBe(2);
    expect(await coef.locator('li').first().textContent()).toContain('2025/4/1');
    expect(await coef.locator('li').nth(1).textContent()).toContain('12,000円');
    await app.screenshot('reports-after-change-1280');

    // May, before the change, keeps the coefficients then in force.
    await page().getByLabel('月', { exact: true }).selectOption('2025-05');
    await expect.poll(() => page().getByTestId('ripple-exact').textContent()).toBe('（210,000円）');
    expect(await coef.locator('li').count()).toBe(1);
    expect(await coef.locator('li').first().textContent()).toContain('10,000円');
  });

  it('reads in English at 1024×640 and 1920×1080 (axe, targets), and a coordinator may not set coefficients', async () => {
    await invoke('app.setLocale', { locale: 'en' });
    await page().setViewportSize({ width: 1024, height: 640 });
    await page().reload();
    await go('/reports?fy=2025');
    await page()
      .getByRole('heading', { name: /Reports/, level: 1 })
      .waitFor();
    await expect.poll(() => figureText('person_nights')).toBe('33 person-nights');
    await app.screenshot('reports-dashboard-en-1024');
    await expectAccessible(page(), 'reports dashboard (en)');
    expect(await ownSmallTargets()).toEqual([]);
    await go('/reports/records?figure=relationship_population&fy=2025');
    await page().locator('.drill-table tbody tr').nth(4).waitFor();
    await expectAccessible(page(), 'drill-down people (en)');
    await go('/reports/coefficients');
    await page().getByRole('heading', { name: 'Ripple-effect coefficients', level: 1 }).waitFor();
    await expectAccessible(page(), 'coefficients (en)');
    expect(await ownSmallTargets()).toEqual([]);
    await invoke('app.setLocale', { locale: 'ja' });
    await page().setViewportSize({ width: 1920, height: 1080 });
    await page().reload();
    await go('/reports?fy=2025');
    await expect.poll(() => figureText('ripple_yen')).toBe('585千円');
    await app.screenshot('reports-dashboard-1920');

    // A coordinator reads the coefficients but has no form (and the core refuses the call).
    await invoke('profile.update', { displayName: '田中 美咲', role: 'coordinator' });
    await page().setViewportSize({ width: 1280, height: 800 });
    await page().reload();
    await go('/reports/coefficients');
    await page().getByText('係数を変更できるのは町の管理者とコンソーシアムの管理者です。').waitFor();
    expect(await page().getByRole('button', { name: '係数を保存' }).count()).toBe(0);
    expect(await page().locator('.coef-history tbody tr').count()).toBe(2);
    const refused = await app.core.invoke('reports.setCoefficients', {
      effectiveFrom: '2025-04-01',
      spendPerPersonNightYen: 1,
      rippleMultiplier: '1',
      note: null,
    });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');
    await expectAccessible(page(), 'coefficients read-only (ja)');
  });
});
