import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoefficientHistory } from '../../shared/ipc/views/reports.ts';
import type { FamilyDetail, MemberView } from '../../shared/ipc/views.ts';
import { type AppUnderTest, expectAccessible, launchApp, SCREENSHOT_DIR } from './harness.ts';

/**
 * The レポート dashboard's own Excel, CSV and PDF buttons, clicked, on the hand-made town of
 * reports.test.ts (年度 2025: 33人泊, 16泊, 関係人口 5人, 来訪者 5人, リピーター 2人, 495,000円 at
 * 10,000円 × 1.5), each file read back and compared with the figures worked out by hand there.
 */
describe('reports dashboard exports', () => {
  let app: AppUnderTest;
  const tag = Math.random().toString(36).slice(2, 7);
  const page = () => app.page;

  async function invoke<T>(channel: string, input: unknown): Promise<T> {
    const r = await app.core.invoke(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  }
  async function family(name: string, kana: string, people: [string, string, string][]) {
    const f = await invoke<FamilyDetail>('families.create', {
      familyName: `${name}${tag}`,
      familyNameKana: kana,
    });
    const ids: string[] = [];
    for (const [givenName, givenNameKana, relation] of people) {
      ids.push(
        (await invoke<MemberView>('members.save', { familyId: f.id, givenName, givenNameKana, relation })).id,
      );
    }
    return { id: f.id, ids };
  }
  async function stay(familyId: string, programme: string, from: string, to: string, memberIds: string[]) {
    await invoke('stays.save', {
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
  /** Clicks a button and waits for the file the save dialog (played by the harness) received. */
  async function saveBy(name: string) {
    const before = app.saved.length;
    await page().getByRole('button', { name }).click();
    await expect.poll(() => app.saved.length, { timeout: 30_000 }).toBe(before + 1);
    const file = app.saved.at(-1);
    if (!file) throw new Error('nothing saved');
    return file;
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
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
    await stay(yamada.id, 'nursery_stay', '2025-05-10', '2025-05-17', yamada.ids);
    await stay(yamada.id, 'nursery_stay', '2025-10-01', '2025-10-05', yamada.ids);
    await stay(sato.id, 'workation', '2025-08-20', '2025-08-23', sato.ids);
    await stay(suzuki.id, 'trial_living', '2026-02-10', '2026-02-12', []);
    await invoke<CoefficientHistory>('reports.setCoefficients', {
      effectiveFrom: '2025-04-01',
      spendPerPersonNightYen: 10000,
      rippleMultiplier: '1.5',
      note: null,
    });
    await page().reload();
    await page().getByRole('navigation', { name: 'メインメニュー' }).waitFor();
    await page().evaluate(() => {
      location.hash = '/reports?fy=2025';
    });
    await page().getByTestId('figure-person_nights').filter({ hasText: '33人泊' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('saves the 年度 figures as Excel with the hand-computed cells', async () => {
    // A laptop that never fetched the consortium's targets shows none beside the figures.
    expect(await page().locator('[data-testid^="target-"]').count()).toBe(0);
    const file = await saveBy('KPI実績をExcelで書き出す');
    expect(file.fileName).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file.path as string) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['概要', '月別', 'プログラム別', '定義', '係数']);
    const summary = wb.getWorksheet('概要') as ExcelJS.Worksheet;
    const byName = new Map<string, unknown>();
    summary.eachRow((row) => {
      byName.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    expect(byName.get('延べ宿泊人泊数')).toBe(33);
    expect(byName.get('延べ宿泊数')).toBe(16);
    expect(byName.get('地域経済波及効果')).toBe(495000);
    expect(byName.get('参加者未登録の滞在')).toBe(1);
    const months = wb.getWorksheet('月別') as ExcelJS.Worksheet;
    const total = months.getRow(months.rowCount).values as unknown[];
    // 月, 関係人口, 来訪者, リピーター, 泊, 人泊, 係数未設定, 波及効果
    expect(total.slice(1)).toEqual(['期間合計', 5, 5, 2, 16, 33, 0, 495000]);
    expect(months.getCell('A2').value).toBe('2025-04');
    const may = months.getRow(3).values as unknown[];
    expect(may.slice(1)).toEqual(['2025-05', 2, 2, 0, 7, 14, 0, 210000]);
    const programmes = wb.getWorksheet('プログラム別') as ExcelJS.Worksheet;
    let nurseryNights = 0;
    programmes.eachRow((row, n) => {
      if (n > 1 && row.getCell(2).value === '保育園留学') nurseryNights += Number(row.getCell(4).value);
    });
    expect(nurseryNights).toBe(22);
  });

  it('saves the same figures as CSV with a BOM and CRLF line ends', async () => {
    const file = await saveBy('KPI実績をCSVで書き出す');
    expect(file.fileName).toMatch(/\.csv$/);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(file.bytes);
    expect(text.split('\n').every((l, i, all) => i === all.length - 1 || l.endsWith('\r'))).toBe(true);
    const lines = text.split('\r\n');
    const cells = (l: string) => l.split(',').map((c) => c.replace(/^"|"$/g, ''));
    const row = (first: string) => lines.map(cells).find((c) => c[0] === first);
    expect(row('延べ宿泊人泊数')?.[1]).toBe('33');
    expect(row('延べ宿泊数')?.[1]).toBe('16');
    expect(row('関係人口の創出数')?.[1]).toBe('5');
    expect(row('来訪者数（実人数）')?.[1]).toBe('5');
    expect(row('リピーター')?.[1]).toBe('2');
    expect(row('地域経済波及効果')?.[1]).toBe('495000');
    expect(row('参加者未登録の滞在')?.[1]).toBe('1');
  });

  it('saves the 実績報告 PDF with the figures, definitions, coefficients and its font embedded', async () => {
    const file = await saveBy('実績報告をPDFで保存');
    expect(file.fileName).toBe('実績報告KPI_2025-04-01_2026-03-31.pdf');
    await page().getByRole('status').filter({ hasText: file.fileName }).waitFor();
    // Kept beside the screenshots (fresh name per attempt) for a person to open.
    const pdf = join(SCREENSHOT_DIR, `reports-kpi-${tag}.pdf`);
    writeFileSync(pdf, file.bytes);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('実績報告（KPI）');
    expect(text).toContain('令和7年度');
    expect(text).toMatch(/延べ宿泊人泊数\s+33/);
    expect(text).toMatch(/延べ宿泊数\s+16/);
    expect(text).toContain('495,000');
    expect(text).toContain('指標の定義');
    expect(text).toContain('泊数 × その滞在の参加者数');
    expect(text).toContain('10,000');
    expect(text).toContain('1.5');
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    const line = fonts.split('\n').find((l) => l.includes('BIZUDGothic')) as string;
    expect(line).toMatch(/\byes\s+yes\b/);
    // The first page as a picture, for a person to look at (screenshots folder).
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      pdf,
      join(SCREENSHOT_DIR, 'reports-kpi-pdf'),
    ]);
  });

  it('keeps the buttons off paper, and passes axe in both languages', async () => {
    await page().emulateMedia({ media: 'print' });
    try {
      expect(await page().locator('.report-exports').isVisible()).toBe(false);
    } finally {
      await page().emulateMedia({ media: 'screen' });
    }
    await expectAccessible(page(), 'reports dashboard with exports (ja)');
    await app.core.invoke('app.setLocale', { locale: 'en' });
    await page().reload();
    await page().getByRole('button', { name: 'Export KPI figures to Excel' }).waitFor();
    await expectAccessible(page(), 'reports dashboard with exports (en)');
    await app.core.invoke('app.setLocale', { locale: 'ja' });
    expect(app.pageErrors).toEqual([]);
  });
});
