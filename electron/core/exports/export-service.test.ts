import ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportFile } from '../../../shared/ipc/views/exports.ts';
import type { FamilyPage, PropertyView } from '../../../shared/ipc/views.ts';
import type { AppCore } from '../app-core.ts';
import { call, openTestCore } from '../test-support.ts';

/** The record-list exports through the real core on a real SQLite file (the small sample town). */

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

// 2026-12-04 12:00 in Japan.
const NOW = new Date('2026-12-04T03:00:00Z');

async function town(role: string, sample = true): Promise<AppCore> {
  const opened = await openTestCore({ now: () => NOW });
  disposers.push(opened.dispose);
  const c = opened.core;
  await call(c, 'profile.setup', { municipalityId: 'kagoshima-yoron', displayName: '与論 花子', role });
  if (sample) await call(c, 'sample.load', { size: 'small' });
  return c;
}

const build = async (c: AppCore, input: Record<string, unknown>) =>
  (await call(c, 'exports.build', { jobId: uuidv7(), ...input })) as ExportFile;

async function workbook(file: ExportFile): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(file.bytes) as unknown as ArrayBuffer);
  return wb;
}

const audits = (c: AppCore) =>
  c.database.sqlite
    .prepare(`SELECT action, table_name, details FROM audit_log WHERE details LIKE '%export:%' ORDER BY id`)
    .all() as { action: string; table_name: string; details: string }[];

describe('record-list exports', () => {
  it('exports the families the list shows, in its order, with their members, and audits it', async () => {
    const c = await town('coordinator');
    const filters = { programme: 'nursery_stay' };
    const listed = (await call(c, 'families.list', { ...filters, limit: 500 })) as FamilyPage;
    expect(listed.total).toBeGreaterThan(0);
    const file = await build(c, { kind: 'families', format: 'xlsx', filters });
    expect(file.fileName).toBe('家族一覧_2026-12-04.xlsx');
    const wb = await workbook(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['家族', '家族構成']);
    const sheet = wb.getWorksheet('家族') as ExcelJS.Worksheet;
    expect(sheet.getCell('A1').value).toBe('家族名');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const names = sheet.getColumn(1).values.slice(2);
    expect(names).toEqual(listed.items.map((f) => f.familyName));
    expect(sheet.getCell('M2').value).toBe(listed.items[0]?.memberCount);
    expect(sheet.getCell('M2').numFmt).toBe('#,##0');
    const members = wb.getWorksheet('家族構成') as ExcelJS.Worksheet;
    expect(members.rowCount - 1).toBe(listed.items.reduce((n, f) => n + f.memberCount, 0));
    expect(file.rows).toBe(listed.total + members.rowCount - 1);
    expect(audits(c)).toEqual([
      {
        action: 'view_sensitive',
        table_name: 'family',
        details: JSON.stringify({ fields: ['export:families'], format: 'xlsx', rows: file.rows }),
      },
    ]);
  });

  it('exports stays as CSV with nights and person-nights by the domain rule', async () => {
    const c = await town('town_admin');
    const file = await build(c, { kind: 'stays', format: 'csv', filters: { stayStatus: 'completed' } });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.bytes);
    expect(text.startsWith('\uFEFF"家族名","ふりがな","プログラム","状態"')).toBe(true);
    const lines = text.slice(1).split('\r\n').slice(1, -1);
    const expected = c.database.sqlite
      .prepare(
        `SELECT count(*) FROM stay WHERE status = 'completed' AND deleted_at IS NULL
           AND family_id IN (SELECT id FROM family WHERE deleted_at IS NULL)`,
      )
      .pluck()
      .get() as number;
    expect(lines).toHaveLength(expected);
    expect(file.rows).toBe(expected);
    const first = c.database.sqlite
      .prepare(
        `SELECT s.arrival, s.departure, (SELECT count(*) FROM stay_member m WHERE m.stay_id = s.id AND m.deleted_at IS NULL) AS people
           FROM stay s JOIN family f ON f.id = s.family_id
          WHERE s.status = 'completed' AND s.deleted_at IS NULL ORDER BY s.arrival, f.family_name_kana, s.id LIMIT 1`,
      )
      .get() as { arrival: string; departure: string; people: number };
    const nights = (Date.parse(first.departure) - Date.parse(first.arrival)) / 86_400_000;
    const cells = (lines[0] as string).split(',');
    expect(cells[3]).toBe('"完了"');
    expect(cells[6]).toBe(`"${first.arrival}"`);
    expect(cells[8]).toBe(String(nights));
    expect(cells[10]).toBe(String(nights * first.people));
  });

  it('exports events with their applications and roll-call marks', async () => {
    const c = await town('coordinator');
    const now = '2026-12-04T03:00:00.000Z';
    const file = await build(c, {
      kind: 'events',
      format: 'xlsx',
      filters: { scope: 'past', now, query: '' },
    });
    const wb = await workbook(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['イベント', '参加記録']);
    const events = wb.getWorksheet('イベント') as ExcelJS.Worksheet;
    const past = c.database.sqlite
      .prepare(`SELECT count(*) FROM event WHERE deleted_at IS NULL AND ends_at < ?`)
      .pluck()
      .get(now) as number;
    expect(events.rowCount - 1).toBe(past);
    expect(events.getCell('A2').value).toBeInstanceOf(Date);
    expect(events.getCell('K1').value).toBe('参加費');
    expect(events.getCell('K2').numFmt).toBe('#,##0"円"');
  });

  it('refuses personal lists to a surveyor with a stable code, writing nothing', async () => {
    const c = await town('surveyor', false);
    for (const kind of ['families', 'stays', 'checkins'] as const) {
      const r = await c.invoke('exports.build', { jobId: uuidv7(), kind, format: 'csv', filters: {} });
      expect(r.ok ? null : r.error.code).toBe('EXPORT_NOT_ALLOWED');
    }
    const owners = await c.invoke('exports.build', {
      jobId: uuidv7(),
      kind: 'akiya',
      format: 'xlsx',
      filters: {},
      owners: { purpose: 'bank_listing' },
    });
    expect(owners.ok ? null : owners.error.code).toBe('EXPORT_NOT_ALLOWED');
    // The register itself (no owners) is not personal data.
    const register = await build(c, { kind: 'akiya', format: 'csv', filters: {} });
    expect(register.rows).toBe(0);
    expect(audits(c)).toEqual([]);
  });

  it('writes owners only under a valid consent covering them, logging each hand-over', async () => {
    const c = await town('town_admin', false);
    const add = async (ref: string, owner: string) =>
      (
        (await call(c, 'properties.save', {
          refNumber: ref,
          address: `与論町茶花${ref}`,
          district: '茶花',
          owner: { ownerName: owner, ownerContact: '0997-00-1111' },
        })) as PropertyView
      ).id;
    const covered = await add('A-1', '所有 一郎');
    const listingOnly = await add('A-2', '所有 二郎');
    await add('A-3', '所有 三郎');
    const consent = (propertyId: string, scope: string[]) =>
      call(c, 'consents.save', {
        propertyId,
        purpose: 'bank_listing',
        recipient: '与論町空き家バンク',
        scope,
        givenOn: '2026-11-01',
        expiresOn: '2027-10-31',
      });
    await consent(covered, ['identification', 'owner']);
    await consent(listingOnly, ['identification', 'listing']);
    const file = await build(c, {
      kind: 'akiya',
      format: 'xlsx',
      filters: {},
      owners: { purpose: 'bank_listing', recipient: '空き家バンク協力業者' },
    });
    expect(file.ownersWithheld).toBe(2);
    const sheet = (await workbook(file)).getWorksheet('空き家台帳') as ExcelJS.Worksheet;
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    const byRef = new Map(rows.map((r) => [r[1], r]));
    expect(byRef.get('A-1')?.slice(14, 17)).toEqual(['所有 一郎', '0997-00-1111', '同意に基づき記載']);
    expect(byRef.get('A-2')?.slice(14, 17)).toEqual([undefined, undefined, '同意なし（記載せず）']);
    expect(byRef.get('A-3')?.[14]).toBeUndefined();
    const disclosures = c.database.sqlite
      .prepare('SELECT property_id, what, recipient FROM disclosure')
      .all() as { property_id: string; what: string; recipient: string }[];
    expect(disclosures).toEqual([
      { property_id: covered, what: 'export', recipient: '空き家バンク協力業者' },
    ]);
    expect(audits(c)).toHaveLength(1);
  });

  it('stops when cancelled mid-export: EXPORT_CANCELLED, and nothing audited', async () => {
    const c = await town('coordinator');
    const jobId = uuidv7();
    const seen: number[] = [];
    const off = c.onEvent((event, payload) => {
      if (event !== 'exports.progress') return;
      const p = payload as { jobId: string; done: number };
      if (p.jobId !== jobId) return;
      seen.push(p.done);
      // The first report: cancel while the file is being written.
      if (seen.length === 1) void c.invoke('exports.cancel', { jobId });
    });
    const r = await c.invoke('exports.build', { jobId, kind: 'checkins', format: 'xlsx', filters: {} });
    off();
    expect(r.ok ? null : r.error.code).toBe('EXPORT_CANCELLED');
    expect(seen[0]).toBe(0);
    expect(audits(c)).toEqual([]);
    // A cancel that arrives before its export starts stops it too.
    const early = uuidv7();
    expect(await call(c, 'exports.cancel', { jobId: early })).toEqual({ cancelled: false });
    const late = await c.invoke('exports.build', {
      jobId: early,
      kind: 'families',
      format: 'csv',
      filters: {},
    });
    expect(late.ok ? null : late.error.code).toBe('EXPORT_CANCELLED');
  });
});
