import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';
import { smallTargets, visit } from './layout-audit.ts';

/**
 * The record-list exports in Chromium over the small sample town: the Excel / CSV buttons on 家族,
 * イベント and 空き家, the files read back (sheets, headers, row counts equal to what the page shows,
 * BOM and CRLF), a large check-in export cancelled mid-way (nothing saved, nothing audited), axe in
 * Japanese and English, and 44 px targets.
 */

const TOWN = 'kagoshima-yoron';

async function workbook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  return wb;
}

const firstNumber = (text: string) => Number(text.replace(/,/g, '').match(/\d+/)?.[0]);

describe('exports', () => {
  let app: AppUnderTest;

  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    await call(app.core, 'profile.setup', {
      municipalityId: TOWN,
      displayName: '森 さくら',
      role: 'coordinator',
    });
    await call(app.core, 'sample.load', { size: 'small' });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  /** Clicks a button and waits for the file the save dialog (played by the harness) received. */
  async function exportBy(name: string): Promise<{ fileName: string; bytes: Uint8Array; path: string }> {
    const before = app.saved.length;
    await app.page.getByRole('button', { name }).click();
    await expect.poll(() => app.saved.length, { timeout: 30_000 }).toBe(before + 1);
    const file = app.saved.at(-1);
    if (!file?.path) throw new Error('no export saved');
    return { ...file, path: file.path };
  }

  it('exports the families, stays and check-ins the family list shows', async () => {
    const { page } = app;
    await visit(page, '/families');
    await expect
      .poll(async () => firstNumber(await page.getByTestId('family-count').innerText()))
      .toBeGreaterThan(0);
    const all = firstNumber(await page.getByTestId('family-count').innerText());
    await expectAccessible(page, 'families with exports (ja)');

    const xlsx = await exportBy('家族一覧をExcelで書き出す');
    expect(xlsx.fileName).toMatch(/^家族一覧_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = await workbook(xlsx.path);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['家族', '家族構成']);
    const families = wb.getWorksheet('家族') as ExcelJS.Worksheet;
    expect(families.getCell('A1').value).toBe('家族名');
    expect(families.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(families.rowCount - 1).toBe(all);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'を保存しました' }).count()).toBe(1);

    // A search narrows the file as it narrows the list.
    const name = String(families.getCell('A2').value);
    await page.getByRole('searchbox', { name: '家族を検索' }).fill(name);
    await expect
      .poll(async () => firstNumber(await page.getByTestId('family-count').innerText()))
      .toBeLessThan(all);
    const shown = firstNumber(await page.getByTestId('family-count').innerText());
    const csv = await exportBy('家族一覧をCSVで書き出す');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(csv.bytes);
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^"家族名","ふりがな"/);
    expect(lines.at(-1)).toBe('');
    expect(lines.length - 2).toBe(shown);
    expect(lines.slice(1, -1).every((l) => l.includes(`"${name}"`) || shown > 1)).toBe(true);
    await page.getByRole('searchbox', { name: '家族を検索' }).fill('');

    // Stays: another table of the same list.
    await page.getByLabel('書き出す表').selectOption({ label: '滞在一覧' });
    const stays = await exportBy('滞在一覧をExcelで書き出す');
    const staySheet = (await workbook(stays.path)).getWorksheet('滞在') as ExcelJS.Worksheet;
    expect(staySheet.getRow(1).values).toEqual(
      expect.arrayContaining(['家族名', 'プログラム', '到着日', '泊数', '人泊']),
    );
    const live = app.core.database.sqlite
      .prepare(`SELECT count(*) FROM stay WHERE deleted_at IS NULL`)
      .pluck()
      .get() as number;
    expect(staySheet.rowCount - 1).toBe(live);
    expect(staySheet.getCell('E2').value).toBeInstanceOf(Date);
    expect(staySheet.getCell('I2').numFmt).toBe('#,##0');
    await app.screenshot('exports-families-1280x800-ja');
    expect(await smallTargets(page)).toEqual([]);
  });

  it('exports the events list with attendance, and the akiya register', async () => {
    const { page } = app;
    await visit(page, '/events?scope=past');
    const events = await exportBy('イベントと参加記録をExcelで書き出す');
    const wb = await workbook(events.path);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['イベント', '参加記録']);
    const shown = firstNumber(
      await page
        .getByText(/^\d+件$/)
        .first()
        .innerText(),
    );
    expect((wb.getWorksheet('イベント') as ExcelJS.Worksheet).rowCount - 1).toBe(shown);
    await expectAccessible(page, 'events with exports (ja)');

    await visit(page, '/akiya');
    await expect
      .poll(async () => firstNumber(await page.getByTestId('akiya-count').innerText()))
      .toBeGreaterThan(0);
    const houses = firstNumber(await page.getByTestId('akiya-count').innerText());
    const register = await exportBy('空き家台帳をExcelで書き出す');
    const sheet = (await workbook(register.path)).getWorksheet('空き家台帳') as ExcelJS.Worksheet;
    expect(sheet.rowCount - 1).toBe(houses);
    expect(sheet.getCell('L1').value).toBe('価格');
    expect(sheet.getCell('L2').numFmt).toBe('#,##0"円"');
    // Owners only under consent: the file says which houses had none, and each hand-over is logged.
    await page.getByLabel(/所有者情報を含める/).check();
    const withOwners = await exportBy('空き家台帳をExcelで書き出す');
    const ownerSheet = (await workbook(withOwners.path)).getWorksheet('空き家台帳') as ExcelJS.Worksheet;
    expect(ownerSheet.getCell('N1').value).toBe('所有者氏名');
    const disclosed = app.core.database.sqlite
      .prepare(`SELECT count(*) FROM disclosure WHERE what = 'export'`)
      .pluck()
      .get() as number;
    const filled = (ownerSheet.getColumn(16).values as unknown[]).filter(
      (v) => v === '同意に基づき記載',
    ).length;
    expect(filled).toBe(disclosed);
    await expectAccessible(page, 'akiya with exports (ja)');
    expect(await smallTargets(page)).toEqual([]);
  });

  it('shows progress on a large export, stays responsive, and cancels it without saving', async () => {
    const { page } = app;
    // 40,000 check-ins more for one stay: a file that takes a while to build.
    const sqlite = app.core.database.sqlite;
    const stay = sqlite.prepare(`SELECT id, family_id FROM stay WHERE deleted_at IS NULL LIMIT 1`).get() as {
      id: string;
      family_id: string;
    };
    const prefix = randomUUID().slice(0, 24);
    sqlite
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000)
         INSERT INTO checkin (id, municipality_id, stay_id, family_id, date, recorded_at, kind, condition, note,
                              created_at, created_by, updated_at, updated_by)
         SELECT ? || printf('%012d', i), ?, ?, ?, '2026-11-01', '2026-11-01T01:00:00.000Z', 'daily', 'good',
                '=1+1 のメモ', '2026-11-01T01:00:00.000Z', 'e2e', '2026-11-01T01:00:00.000Z', 'e2e' FROM n`,
      )
      .run(prefix, TOWN, stay.id, stay.family_id);
    const audited = () =>
      sqlite
        .prepare(`SELECT count(*) FROM audit_log WHERE details LIKE '%export:checkins%'`)
        .pluck()
        .get() as number;
    const auditsBefore = audited();
    const savedBefore = app.saved.length;

    await visit(page, '/families');
    await page.getByLabel('書き出す表').selectOption({ label: '日々の記録' });
    await page.getByRole('button', { name: '日々の記録をExcelで書き出す' }).click();
    const progress = page.getByTestId('export-progress');
    await expect
      .poll(async () => (await progress.innerText().catch(() => '')).includes('書き出し中'))
      .toBe(true);
    expect(await page.getByRole('progressbar', { name: '書き出しの進み具合' }).count()).toBe(1);
    await app.screenshot('exports-progress-ja');
    // The page and the core keep answering while the file is built.
    const search = page.getByRole('searchbox', { name: '家族を検索' });
    await search.fill('もり');
    await expect.poll(() => search.inputValue()).toBe('もり');
    expect((await app.core.invoke('families.list', { query: '' })).ok).toBe(true);
    await page.getByRole('button', { name: '中止' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: '書き出しを中止しました' }).count(), {
        timeout: 30_000,
      })
      .toBe(1);
    expect(await progress.count()).toBe(0);
    expect(app.saved.length).toBe(savedBefore);
    expect(audited()).toBe(auditsBefore);
    await search.fill('');
    expect(app.pageErrors).toEqual([]);
  });

  it('prints the 実績報告 PDF with its Japanese font embedded, and exports the KPI figures', async () => {
    const { page } = app;
    const period = { from: '2026-04-01', to: '2027-03-31' };
    const before = app.saved.length;
    // Through the page's bridge, as KpiExportButtons calls it (the レポート dashboard mounts that).
    const printed = (await page.evaluate(
      (input) =>
        (window as unknown as { api: { invoke: (c: string, i: unknown) => Promise<unknown> } }).api.invoke(
          'exports.printKpiReport',
          input,
        ),
      period,
    )) as { ok: boolean; value: { fileName: string; saved: boolean } };
    expect(printed).toMatchObject({
      ok: true,
      value: { fileName: '実績報告KPI_2026-04-01_2027-03-31.pdf', saved: true },
    });
    expect(app.saved.length).toBe(before + 1);
    const pdf = app.saved.at(-1)?.bytes as Uint8Array;
    const file = join(tmpdir(), `futasato-kpi-${randomUUID()}.pdf`);
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const figures = (await call(app.core, 'reports.figures', period)) as { totals: { personNights: number } };
    expect(text).toContain('実績報告（KPI）');
    expect(text).toContain('令和8年度');
    expect(text).toContain('延べ宿泊人泊数');
    expect(text).toContain(figures.totals.personNights.toLocaleString('ja-JP'));
    expect(text).toContain('指標の定義');
    expect(text).toContain('係数未設定');
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    rmSync(file, { force: true });
    expect(fonts).toMatch(/BIZUDGothic/);
    // Embedded (emb = yes) and subset: the PDF reads the same on a machine without the font.
    const line = fonts.split('\n').find((l) => l.includes('BIZUDGothic')) as string;
    expect(line).toMatch(/\byes\s+yes\b/);

    const xlsx = (await page.evaluate(
      (input) =>
        (window as unknown as { api: { invoke: (c: string, i: unknown) => Promise<unknown> } }).api.invoke(
          'exports.save',
          input,
        ),
      { jobId: randomUUID(), kind: 'kpi', format: 'xlsx', filters: period },
    )) as { ok: boolean; value: { fileName: string } };
    expect(xlsx.ok).toBe(true);
    const wb = await workbook(app.saved.at(-1)?.path as string);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['概要', '月別', 'プログラム別', '定義', '係数']);
  });

  it('reads in English, passes axe and keeps big targets', async () => {
    const { page } = app;
    await call(app.core, 'app.setLocale', { locale: 'en' });
    await page.reload();
    await visit(page, '/families');
    await page.getByRole('button', { name: 'Export Families to Excel' }).waitFor();
    await expectAccessible(page, 'families with exports (en)');
    expect(await smallTargets(page)).toEqual([]);
    await app.screenshot('exports-families-1280x800-en');
    await call(app.core, 'app.setLocale', { locale: 'ja' });
    expect(app.pageErrors).toEqual([]);
  });
});
