import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.ts';
import type { PropertyView } from '../../../shared/ipc/views.ts';
import type { AppCore } from '../app-core.ts';
import { call, openTestCore } from '../test-support.ts';

/** The property form, page, owner reveal and status pipeline on a real SQLite file. */

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

const TOWN = 'kagoshima-yoron';
/** The pipeline tests' laptop clock: properties are registered before the changes they record. */
const APRIL = new Date('2026-04-01T03:00:00Z');

async function coreAs(role: string, now?: Date) {
  const opened = await openTestCore(now ? { now: () => now } : {});
  disposers.push(opened.dispose);
  const setup = await opened.core.invoke('profile.setup', {
    municipalityId: TOWN,
    displayName: '山田 花子',
    role,
  });
  expect(setup.ok).toBe(true);
  return opened.core;
}

const count = (c: AppCore, sql: string, ...args: unknown[]) =>
  c.database.sqlite
    .prepare(sql)
    .pluck()
    .get(...args) as number;

const save = (c: AppCore, input: Record<string, unknown>) =>
  call(c, 'properties.save', input) as Promise<PropertyView>;

function addConsent(
  c: AppCore,
  propertyId: string,
  dates: { givenOn: string; expiresOn?: string; withdrawnOn?: string },
) {
  const now = new Date().toISOString();
  c.database.sqlite
    .prepare(
      `INSERT INTO property_consent (id, municipality_id, property_id, purpose, recipient, scope, given_on, expires_on,
         withdrawn_on, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, 'bank_listing', '与論町空き家バンク', '["identification","listing"]', ?, ?, ?, ?, 'x', ?, 'x')`,
    )
    .run(
      newId(),
      TOWN,
      propertyId,
      dates.givenOn,
      dates.expiresOn ?? null,
      dates.withdrawnOn ?? null,
      now,
      now,
    );
}

describe('property save and get', () => {
  it('creates a house known by its 地番 only, with 旧耐震 derived, 坪 shown and the first timeline step', async () => {
    const c = await coreAs('surveyor');
    const p = await save(c, {
      refNumber: 'A-001',
      lotNumber: '大字茶花字東区1234番1',
      yearBuilt: 1975,
      floorAreaM2: 99.17,
      outbuildings: ['shed'],
      facilities: { water: 'public', gas: 'lpg' },
      withFarmland: true,
    });
    expect(p).toMatchObject({
      address: null,
      lotNumber: '大字茶花字東区1234番1',
      seismic: 'old',
      floorAreaTsubo: 30,
      outbuildings: ['shed'],
      facilities: { water: 'public', gas: 'lpg' },
      withFarmland: true,
      status: 'candidate',
      hasOwner: false,
    });
    expect(p.timeline).toMatchObject([{ fromStatus: null, toStatus: 'candidate', byName: '山田 花子' }]);
    expect(p).not.toHaveProperty('ownerName');
    // A 地番-only house is named by its 地番 in a stay's lodging list.
    const lodgings = (await call(c, 'properties.lodgings')) as { address: string }[];
    expect(lodgings.map((l) => l.address)).toEqual(['大字茶花字東区1234番1']);
  });

  it('refuses a house without 住居表示 and 地番, on the address field, writing nothing', async () => {
    const c = await coreAs('coordinator');
    const result = await c.invoke('properties.save', { refNumber: 'A-9' });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'address' } });
    expect(count(c, 'SELECT count(*) FROM property')).toBe(0);
  });

  it('refuses a 整理番号 another live property of the town has; a deleted one frees it', async () => {
    const c = await coreAs('coordinator');
    const first = await save(c, { refNumber: 'A-001', address: '与論町茶花1番地' });
    const second = await c.invoke('properties.save', { refNumber: 'A-001', address: '与論町茶花2番地' });
    expect(second).toMatchObject({ ok: false, error: { code: 'DUPLICATE_REF_NUMBER', field: 'refNumber' } });
    expect(count(c, 'SELECT count(*) FROM property')).toBe(1);
    // Saving the same property again with its own number is fine.
    await save(c, { id: first.id, refNumber: 'A-001', address: '与論町茶花1番地1' });
    c.database.sqlite.prepare("UPDATE property SET deleted_at = '2026-01-01T00:00:00Z'").run();
    expect((await save(c, { refNumber: 'A-001', address: '与論町茶花2番地' })).refNumber).toBe('A-001');
  });

  it('refuses a build year after this laptop’s current year, and one before 明治', async () => {
    const c = await coreAs('coordinator', new Date('2026-06-01T00:00:00Z'));
    const future = await c.invoke('properties.save', { address: '与論町茶花1番地', yearBuilt: 2027 });
    expect(future).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', field: 'yearBuilt', message: 'validation.yearFuture' },
    });
    const meiji = await c.invoke('properties.save', { address: '与論町茶花1番地', yearBuilt: 1867 });
    expect(meiji).toMatchObject({
      ok: false,
      error: { field: 'yearBuilt', message: 'validation.yearBeforeMeiji' },
    });
    expect(count(c, 'SELECT count(*) FROM property')).toBe(0);
    expect((await save(c, { address: '与論町茶花1番地', yearBuilt: 2026 })).seismic).toBe('new');
  });

  it('refuses a latitude outside Japan on its field', async () => {
    const c = await coreAs('coordinator');
    const result = await c.invoke('properties.save', { address: '与論町茶花1番地', latitude: 51.5 });
    expect(result).toMatchObject({
      ok: false,
      error: { field: 'latitude', message: 'validation.latitudeJapan' },
    });
  });
});

describe('the owner', () => {
  const owner = {
    ownerName: '与論 太郎',
    ownerNameKana: 'よろん たろう',
    ownerAddress: '鹿児島市1-2-3',
    ownerPhone: '090-1234-5678',
    ownerContact: null,
    inheritance: 'unregistered',
    ownerIntent: 'sell',
  };

  it('is written by a coordinator, never shown by get, and each reveal is audited', async () => {
    const c = await coreAs('coordinator');
    const p = await save(c, { address: '与論町茶花1番地', owner });
    expect(p.hasOwner).toBe(true);
    expect(JSON.stringify(p)).not.toContain('与論 太郎');
    const before = count(c, "SELECT count(*) FROM audit_log WHERE action = 'view_sensitive'");
    expect(await call(c, 'properties.owner', { id: p.id })).toMatchObject({
      ownerName: '与論 太郎',
      inheritance: 'unregistered',
    });
    const audits = c.database.sqlite
      .prepare("SELECT table_name, row_id, details FROM audit_log WHERE action = 'view_sensitive'")
      .all() as { table_name: string; row_id: string; details: string }[];
    expect(audits.length).toBe(before + 1);
    expect(audits.at(-1)).toMatchObject({ table_name: 'property', row_id: p.id });
    expect(JSON.parse(audits.at(-1)?.details ?? '{}').fields).toContain('owner_name');
    // An edit without the owner sub-object keeps the owner as stored.
    await save(c, { id: p.id, address: '与論町茶花1番地1' });
    expect(await call(c, 'properties.owner', { id: p.id })).toMatchObject({ ownerName: '与論 太郎' });
  });

  it('is refused to a surveyor, both to write and to read, and nothing is written', async () => {
    const c = await coreAs('surveyor');
    const write = await c.invoke('properties.save', { address: '与論町茶花1番地', owner });
    expect(write).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(count(c, 'SELECT count(*) FROM property')).toBe(0);
    const p = await save(c, { address: '与論町茶花1番地' });
    const read = await c.invoke('properties.owner', { id: p.id });
    expect(read).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(count(c, "SELECT count(*) FROM audit_log WHERE action = 'view_sensitive'")).toBe(0);
  });
});

describe('the status pipeline', () => {
  it('writes the status and its timeline row together, and refuses the same status again', async () => {
    const c = await coreAs('coordinator', APRIL);
    const p = await save(c, { address: '与論町茶花1番地' });
    const moved = (await call(c, 'properties.changeStatus', {
      propertyId: p.id,
      toStatus: 'surveyed',
      changedOn: '2026-05-01',
      note: '外観調査済み',
    })) as PropertyView;
    expect(moved.status).toBe('surveyed');
    expect(moved.timeline.at(-1)).toMatchObject({
      fromStatus: 'candidate',
      toStatus: 'surveyed',
      changedOn: '2026-05-01',
      note: '外観調査済み',
      byName: '山田 花子',
    });
    const again = await c.invoke('properties.changeStatus', {
      propertyId: p.id,
      toStatus: 'surveyed',
      changedOn: '2026-05-02',
    });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', field: 'toStatus', message: 'validation.statusUnchanged' },
    });
    expect(count(c, 'SELECT count(*) FROM property_status_change WHERE property_id = ?', p.id)).toBe(2);
  });

  it('lists on the 空き家バンク only with a bank_listing consent valid on the day of the change', async () => {
    const c = await coreAs('coordinator', APRIL);
    const p = await save(c, { address: '与論町茶花1番地' });
    const list = (changedOn: string) =>
      c.invoke('properties.changeStatus', { propertyId: p.id, toStatus: 'bank_listed', changedOn });
    expect(await list('2026-05-01')).toMatchObject({ ok: false, error: { code: 'STATUS_NEEDS_CONSENT' } });
    addConsent(c, p.id, { givenOn: '2026-04-01', withdrawnOn: '2026-04-20' });
    expect(await list('2026-05-01')).toMatchObject({ ok: false, error: { code: 'STATUS_NEEDS_CONSENT' } });
    expect(((await call(c, 'properties.get', { id: p.id })) as PropertyView).status).toBe('candidate');
    addConsent(c, p.id, { givenOn: '2026-04-25', expiresOn: '2027-03-31' });
    expect(await list('2026-04-24')).toMatchObject({ ok: false, error: { code: 'STATUS_NEEDS_CONSENT' } });
    const listed = await list('2026-05-01');
    expect(listed).toMatchObject({ ok: true, value: { status: 'bank_listed' } });
  });

  it('puts a trial house first in what a stay may lodge in, read from the same status column', async () => {
    const c = await coreAs('coordinator', APRIL);
    await save(c, { address: 'あ町1番地' });
    const trial = await save(c, { address: 'ん町9番地' });
    await call(c, 'properties.changeStatus', {
      propertyId: trial.id,
      toStatus: 'trial_housing',
      changedOn: '2026-05-01',
    });
    const lodgings = (await call(c, 'properties.lodgings')) as { id: string; status: string }[];
    expect(lodgings[0]).toMatchObject({ id: trial.id, status: 'trial_housing' });
  });
});
