import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegisterView } from '../../../shared/ipc/views/akiya-register.ts';
import type { AppCore } from '../app-core.ts';
import { call, openTestCore } from '../test-support.ts';
import type { Actor, WriteTx } from '../write/record-writer.ts';
import { monthsBefore } from './property-register.ts';

/** The 空き家台帳 register through the real IPC entry point, on a real SQLite file. */

const NOW = new Date('2026-12-04T03:00:00Z'); // 2026-12-04 12:00 in Japan
let core: AppCore;
let dispose: () => Promise<void>;
let dir: string;
let write: <T>(actor: Actor, f: (tx: WriteTx) => T) => T;
let us: Actor;
const other: Actor = { id: 'someone-else', municipalityId: 'kagoshima-kinko' };
const ids: Record<string, string> = {};

function property(key: string, fields: Record<string, unknown>, actor: Actor = us) {
  ids[key] = write(actor, (tx) =>
    tx.insert('property', {
      address: '',
      status: 'candidate',
      consent_bank: 0,
      consent_share: 0,
      ...fields,
    } as never),
  );
}

function consent(key: string, fields: Record<string, unknown>) {
  write(us, (tx) =>
    tx.insert('property_consent', {
      property_id: ids[key] as string,
      purpose: 'bank_listing',
      recipient: '与論町空き家バンク',
      scope: '["identification","listing"]',
      given_on: '2026-01-10',
      expires_on: null,
      withdrawn_on: null,
      notes: null,
      ...fields,
    } as never),
  );
}

function inspection(key: string, on: string) {
  write(us, (tx) =>
    tx.insert('inspection', {
      property_id: ids[key] as string,
      inspected_on: on,
      surveyor_name: null,
      weather: null,
      template_id: 'mlit-2023',
      template_version: 1,
      overall_grade: null,
      recommended_action: null,
      follow_up_on: null,
    } as never),
  );
}

const register = (input: Record<string, unknown> = {}) =>
  call(core, 'akiya.register', input) as Promise<RegisterView>;
const refs = (v: RegisterView) => v.rows.map((r) => r.refNumber);

beforeEach(async () => {
  ({ core, dispose, dir } = await openTestCore({ now: () => NOW }));
  await call(core, 'profile.setup', {
    municipalityId: 'kagoshima-yoron',
    displayName: '田中 美咲',
    role: 'coordinator',
  });
  const session = (core as unknown as { session: { writer: { write: typeof write }; actor: Actor } }).session;
  write = (actor, f) => session.writer.write(actor, f);
  us = session.actor;

  property('a', {
    ref_number: 'Y-2',
    address: '鹿児島県大島郡与論町茶花1番地',
    district: '茶花',
    status: 'bank_listed',
    structure: 'wood',
    year_built: 1975,
    vacancy_likelihood: 'high',
    price_yen: 3_000_000,
    owner_name: '竹下 太郎',
    owner_name_kana: 'たけした たろう',
  });
  property('b', {
    ref_number: 'Y-10',
    lot_number: '大字立長字前浜1234番1',
    district: '立長',
    status: 'surveyed',
    year_built: 1990,
    vacancy_likelihood: 'medium',
  });
  property('c', {
    ref_number: 'Y-3',
    address: '鹿児島県大島郡与論町那間500',
    district: '那間',
    status: 'candidate',
    permit_date: '1981-05-20',
    year_built: 1982,
  });
  property('d', {
    ref_number: 'Y-3',
    address: '鹿児島県大島郡与論町茶花9',
    district: '茶花',
    status: 'surveyed',
  });
  property('e', {
    ref_number: 'Y-7',
    address: '鹿児島県大島郡与論町麦屋1',
    district: '麦屋',
    year_built: 1981,
  });
  // Another town's house with our numbers and our owner's name: never in our register.
  property(
    'other',
    { ref_number: 'Y-2', address: '錦江町城元1', district: '茶花', owner_name: '竹下 太郎' },
    other,
  );

  consent('a', { given_on: '2026-01-10', expires_on: '2027-01-09' });
  consent('b', { given_on: '2025-01-10', expires_on: '2026-01-09' });
  consent('c', { given_on: '2026-01-10', withdrawn_on: '2026-06-01' });
  // An old expired one and a valid newer one: valid wins.
  consent('d', { given_on: '2024-01-10', expires_on: '2025-01-09' });
  consent('d', { given_on: '2026-02-01' });

  inspection('a', '2026-11-01');
  inspection('a', '2024-03-01');
  inspection('b', '2025-05-01');
});
afterEach(() => dispose());

describe('akiya register', () => {
  it('lists the town’s live properties with derived columns, and nothing of another town', async () => {
    const v = await register();
    expect(v.day).toBe('2026-12-04');
    expect(refs(v)).toEqual(['Y-2', 'Y-3', 'Y-3', 'Y-7', 'Y-10']);
    const a = v.rows.find((r) => r.id === ids.a);
    expect(a).toMatchObject({
      address: '鹿児島県大島郡与論町茶花1番地',
      district: '茶花',
      status: 'bank_listed',
      structure: 'wood',
      yearBuilt: 1975,
      seismic: 'old',
      vacancyLikelihood: 'high',
      bankConsent: 'valid',
      lastInspection: '2026-11-01',
      priceYen: 3_000_000,
      duplicateRef: false,
    });
    // The owner is not part of a register row.
    expect(JSON.stringify(v)).not.toContain('竹下');
    expect(v.rows.some((r) => r.id === ids.other)).toBe(false);
    expect(v.districts).toEqual(['立長', '茶花', '那間', '麦屋'].sort());
  });

  it('derives 旧耐震 from the permit date first, then the build year (1981 alone unknown)', async () => {
    const v = await register();
    const seismic = Object.fromEntries(v.rows.map((r) => [r.id, r.seismic]));
    expect(seismic[ids.a as string]).toBe('old');
    expect(seismic[ids.b as string]).toBe('new');
    expect(seismic[ids.c as string]).toBe('old'); // permit 1981-05-20 though built 1982
    expect(seismic[ids.d as string]).toBe('unknown'); // no year
    expect(seismic[ids.e as string]).toBe('unknown'); // 1981
    expect(refs(await register({ seismic: 'old' }))).toEqual(['Y-2', 'Y-3']);
  });

  it('tells the bank consent state of the day: valid, expired, withdrawn, none', async () => {
    const v = await register();
    const state = Object.fromEntries(v.rows.map((r) => [r.id, r.bankConsent]));
    expect(state).toEqual({
      [ids.a as string]: 'valid',
      [ids.b as string]: 'expired',
      [ids.c as string]: 'withdrawn',
      [ids.d as string]: 'valid',
      [ids.e as string]: 'none',
    });
    expect((await register({ bankConsent: 'expired' })).rows.map((r) => r.id)).toEqual([ids.b]);
    expect((await register({ bankConsent: 'none' })).rows.map((r) => r.id)).toEqual([ids.e]);
  });

  it('flags a 整理番号 two live properties share, and stops when one is deleted', async () => {
    let v = await register();
    expect(
      v.rows
        .filter((r) => r.duplicateRef)
        .map((r) => r.id)
        .sort(),
    ).toEqual([ids.c, ids.d].sort());
    write(us, (tx) => tx.softDelete('property', ids.d as string));
    v = await register();
    expect(v.rows.some((r) => r.duplicateRef)).toBe(false);
    expect(v.rows).toHaveLength(4);
  });

  it('filters by inspection age: none yet, or older than N months', async () => {
    expect(refs(await register({ inspection: 'none' }))).toEqual(['Y-3', 'Y-3', 'Y-7']);
    expect(refs(await register({ inspection: 'older', olderThanMonths: 12 }))).toEqual(['Y-10']);
    expect(refs(await register({ inspection: 'older', olderThanMonths: 24 }))).toEqual([]);
    expect(refs(await register({ inspection: 'older', olderThanMonths: 1 }))).toEqual(['Y-2', 'Y-10']);
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
    expect(monthsBefore('2026-01-15', 13)).toBe('2024-12-15');
  });

  it('filters by status (several), 地区 and 空家可能性; counts per status ignore only the status filter', async () => {
    let v = await register({ statuses: ['surveyed', 'bank_listed'] });
    expect(refs(v)).toEqual(['Y-2', 'Y-3', 'Y-10']);
    expect(v.statusCounts).toMatchObject({ candidate: 2, surveyed: 2, bank_listed: 1, negotiating: 0 });
    v = await register({ district: '茶花' });
    expect(refs(v)).toEqual(['Y-2', 'Y-3']);
    expect(v.statusCounts).toMatchObject({ candidate: 0, surveyed: 1, bank_listed: 1 });
    v = await register({ district: '茶花', statuses: ['surveyed'] });
    expect(v.rows.map((r) => r.id)).toEqual([ids.d]);
    expect(v.statusCounts).toMatchObject({ surveyed: 1, bank_listed: 1 });
    expect(refs(await register({ vacancyLikelihood: 'medium' }))).toEqual(['Y-10']);
  });

  it('sorts by 整理番号 as read, address (地番 when none), status, build year and last inspection', async () => {
    expect(refs(await register({ sort: 'ref_number', descending: true }))).toEqual([
      'Y-10',
      'Y-7',
      'Y-3',
      'Y-3',
      'Y-2',
    ]);
    const byAddress = await register({ sort: 'address' });
    expect(byAddress.rows.map((r) => r.address || r.lotNumber)).toEqual(
      [...byAddress.rows.map((r) => r.address || r.lotNumber)].sort(),
    );
    expect(byAddress.rows[0]?.lotNumber).toBe('大字立長字前浜1234番1');
    expect((await register({ sort: 'status' })).rows.map((r) => r.status)).toEqual([
      'candidate',
      'candidate',
      'surveyed',
      'surveyed',
      'bank_listed',
    ]);
    // Unknown years last, both ways.
    expect((await register({ sort: 'year_built' })).rows.map((r) => r.yearBuilt)).toEqual([
      1975,
      1981,
      1982,
      1990,
      null,
    ]);
    expect((await register({ sort: 'year_built', descending: true })).rows.map((r) => r.yearBuilt)).toEqual([
      1990,
      1982,
      1981,
      1975,
      null,
    ]);
    // Never inspected is the most overdue: first.
    expect(refs(await register({ sort: 'last_inspection' }))).toEqual(['Y-3', 'Y-3', 'Y-7', 'Y-10', 'Y-2']);
  });

  it('searches by 整理番号, 地番, 地区 and the owner’s name or kana, within the town', async () => {
    expect((await register({ query: 'たけした' })).rows.map((r) => r.id)).toEqual([ids.a]);
    expect((await register({ query: '竹下' })).rows.map((r) => r.id)).toEqual([ids.a]);
    expect((await register({ query: '前浜1234' })).rows.map((r) => r.id)).toEqual([ids.b]);
    expect((await register({ query: 'Y-10' })).rows.map((r) => r.id)).toEqual([ids.b]);
    expect(refs(await register({ query: '茶花' }))).toEqual(['Y-2', 'Y-3']);
    const v = await register({ query: '茶花', statuses: ['surveyed'] });
    expect(v.rows.map((r) => r.id)).toEqual([ids.d]);
    expect(v.statusCounts).toMatchObject({ bank_listed: 1, surveyed: 1, candidate: 0 });
    expect((await register({ query: '!!' })).rows).toEqual([]);
  });

  it('does not let a surveyor find which house an owner owns, but finds the house by what it shows', async () => {
    await call(core, 'profile.update', { displayName: '田中 美咲', role: 'surveyor' });
    expect((await register({ query: 'たけした' })).rows).toEqual([]);
    expect((await register({ query: '竹下' })).rows).toEqual([]);
    expect((await register({ query: '前浜1234' })).rows.map((r) => r.id)).toEqual([ids.b]);
    expect((await register({ query: 'y-10' })).rows.map((r) => r.id)).toEqual([ids.b]);
    expect(refs(await register({ query: '茶花' }))).toEqual(['Y-2', 'Y-3']);
    // The shell's quick search too.
    const quick = async (query: string) =>
      ((await call(core, 'search.all', { query })) as { kind: string; id: string }[])
        .filter((h) => h.kind === 'property')
        .map((h) => h.id);
    expect(await quick('たけした')).toEqual([]);
    expect(await quick('前浜1234')).toEqual([ids.b]);
    await call(core, 'profile.update', { displayName: '田中 美咲', role: 'coordinator' });
    expect(await quick('たけした')).toEqual([ids.a]);
  });

  it('sees every change at once: a write of its own, and one by another connection (sync, a test)', async () => {
    expect((await register()).rows).toHaveLength(5);
    inspection('e', '2026-12-01');
    expect((await register()).rows.find((r) => r.id === ids.e)?.lastInspection).toBe('2026-12-01');
    const otherConnection = new BetterSqlite3(join(dir, 'futasato.db'));
    try {
      otherConnection.prepare("UPDATE property SET status = 'renovating' WHERE id = ?").run(ids.e);
    } finally {
      otherConnection.close();
    }
    const v = await register();
    expect(v.rows.find((r) => r.id === ids.e)?.status).toBe('renovating');
    expect(v.statusCounts.renovating).toBe(1);
  });

  it('sends the asked-for window of the sorted rows, with the total and the counts of all', async () => {
    const v = await register({ offset: 1, limit: 2 });
    expect(refs(v)).toEqual(['Y-3', 'Y-3']);
    expect(v.total).toBe(5);
    expect(v.offset).toBe(1);
    expect(v.statusCounts).toMatchObject({ candidate: 2, surveyed: 2, bank_listed: 1 });
    expect((await register({ offset: 5 })).rows).toEqual([]);
  });

  it('refuses bad input with a stable code', async () => {
    const r = await core.invoke('akiya.register', { statuses: ['sold'] });
    expect(r.ok).toBe(false);
    const s = await core.invoke('akiya.register', { sort: 'owner' });
    expect(s.ok).toBe(false);
  });
});
