import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../../electron/core/db/migrations-fs.ts';
import { migrate } from '../../electron/core/db/migrator.ts';
import { RemoteApplier } from '../../electron/core/sync/apply.ts';
import type { Actor, InsertFields, RecordWriter, WriteTx } from '../../electron/core/write/record-writer.ts';
import { enrollTestDevice, startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { HybridLogicalClock } from '../../shared/hlc.ts';
import { newId } from '../../shared/ids.ts';
import type { PulledChange, PushOp, SyncResponse, WireValue } from '../../shared/sync/protocol.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * The akiya tables (property_consent, property_status_change, disclosure and the new property
 * columns) over the real server — PostgreSQL when TEST_DATABASE_URL is set (.ci/run), else PGlite:
 * one laptop records them through the app's write path and another pulls them; and a laptop still on
 * schema v5 (its table list without them) keeps syncing while the server keeps what it does not know.
 */

let server: TestServer;
const laptops: TestLaptop[] = [];

beforeAll(async () => {
  server = await startTestServer({ listen: true });
});
afterAll(async () => {
  for (const l of laptops) await l.dispose();
  await server.close();
});

async function laptop(town: string, name: string): Promise<TestLaptop> {
  const l = await enrolledLaptop(server, town, name);
  laptops.push(l);
  return l;
}

function writeThroughApp<T>(l: TestLaptop, fn: (tx: WriteTx) => T): T {
  const session = (l.core as unknown as { session: { writer: RecordWriter; actor: Actor } }).session;
  return session.writer.write(session.actor, fn);
}

const row = (l: TestLaptop, table: string, id: string) =>
  l.core.database.sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as
    | Record<string, unknown>
    | undefined;

async function serverValues(town: string, id: string): Promise<Record<string, WireValue> | undefined> {
  const r = await server.deps.db
    .selectFrom('record')
    .select(['vals'])
    .where('municipality_id', '=', town)
    .where('id', '=', id)
    .executeTakeFirst();
  return r?.vals as Record<string, WireValue> | undefined;
}

/** A house as the app's property service writes it (some of the v6 columns set). */
function newHouse(tx: WriteTx): string {
  return tx.insert('property', {
    address: '鹿児島県大島郡与論町茶花１２３－４',
    lot_number: '大字茶花字東区123番4',
    status: 'negotiating',
    consent_bank: 0,
    consent_share: 0,
    ref_number: '2026-0001',
    district: '茶花',
    layout: '4DK',
    facilities: JSON.stringify({ water: 'public', sewage: 'septic', gas: 'lpg', internet: 'fiber' }),
    owner_name: '川畑　フミ',
    owner_name_kana: 'かわばた ふみ',
    inheritance: 'unregistered',
    owner_intent: 'rent',
    with_farmland: 1,
  } as unknown as InsertFields<'property'>);
}

/** The v5 table list: what a laptop not yet updated knows (the tables and property columns of v5). */
const V5_PROPERTY_COLUMNS = [
  'address',
  'lot_number',
  'latitude',
  'longitude',
  'structure',
  'floors',
  'year_built',
  'permit_date',
  'floor_area_m2',
  'land_area_m2',
  'owner_name',
  'owner_contact',
  'consent_bank',
  'consent_share',
  'status',
  'intended_use',
  'rent_yen',
  'price_yen',
  'notes',
  'deleted_at',
];
const NEW_TABLES = new Set(['property_consent', 'property_status_change', 'disclosure']);

/**
 * A laptop on schema v5, speaking the wire as such a laptop does: it sends only the columns it knows,
 * and of what it pulls it keeps the tables and columns it knows (electron/core/sync/apply.ts skips a
 * table it has no list for and a column it lacks).
 */
class OlderLaptop {
  readonly clock: HybridLogicalClock;
  seq = 0;
  acked = 0;
  cursor = '0';
  readonly rows = new Map<string, { table: string; values: Record<string, WireValue> }>();
  skippedTables = 0;
  readonly clocks = new Map<string, string>();

  readonly device: Awaited<ReturnType<typeof enrollTestDevice>>;

  constructor(device: Awaited<ReturnType<typeof enrollTestDevice>>) {
    this.device = device;
    this.clock = new HybridLogicalClock({ node: device.deviceId.replace(/-/g, '').slice(0, 16) });
  }

  op(table: string, id: string, kind: PushOp['op'], values: Record<string, WireValue>): PushOp {
    const hlc = this.clock.now();
    this.seq += 1;
    const changes: PushOp['changes'] = {};
    for (const [k, v] of Object.entries(values)) {
      changes[k] = { value: v, hlc, base: this.clocks.get(`${id}:${k}`) ?? null };
      this.clocks.set(`${id}:${k}`, hlc);
    }
    const local = this.rows.get(id) ?? { table, values: {} };
    this.rows.set(id, { table, values: { ...local.values, ...values } });
    return { seq: this.seq, op_id: newId(), table, row: id, op: kind, at: new Date().toISOString(), changes };
  }

  async sync(ops: PushOp[] = []): Promise<SyncResponse> {
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/sync',
      headers: { authorization: `Bearer ${this.device.token}` },
      payload: {
        protocol: 1,
        schema: 1,
        device_id: this.device.deviceId,
        after_seq: this.acked,
        cursor: this.cursor,
        ops,
      },
    });
    if (res.statusCode !== 200) throw new Error(`sync ${res.statusCode}: ${res.body}`);
    const body = res.json() as SyncResponse;
    this.acked = body.high_water;
    this.cursor = body.cursor;
    for (const change of body.changes) this.keep(change);
    this.clock.receive(body.server_hlc);
    return body;
  }

  private keep(change: PulledChange): void {
    this.clock.receive(change.hlc);
    if (NEW_TABLES.has(change.table)) {
      this.skippedTables += 1;
      return;
    }
    const known = change.table === 'property' ? V5_PROPERTY_COLUMNS : Object.keys(change.values);
    const values: Record<string, WireValue> = {};
    for (const c of known) if (c in change.values) values[c] = change.values[c] ?? null;
    this.rows.set(change.id, { table: change.table, values });
    for (const c of known) this.clocks.set(`${change.id}:${c}`, change.clocks?.[c] ?? change.hlc);
  }

  async syncAll(ops: PushOp[] = []): Promise<void> {
    let body = await this.sync(ops);
    for (const r of body.results) expect(r.status, JSON.stringify(r)).toBe('applied');
    while (body.has_more) body = await this.sync();
  }
}

describe('the akiya tables over the real server', () => {
  it('a laptop pushes consents, status changes, disclosures and the new columns; a colleague pulls them', async () => {
    const town = 'kagoshima-yoron';
    const a = await laptop(town, '川畑 由美');
    const b = await laptop(town, '前田 健');
    const ids = writeThroughApp(a, (tx) => {
      const property = newHouse(tx);
      const consent = tx.insert('property_consent', {
        property_id: property,
        purpose: 'bank_listing',
        recipient: '与論町空き家バンク',
        scope: JSON.stringify(['identification', 'listing', 'photos']),
        given_on: '2026-11-01',
        expires_on: '2028-10-31',
        withdrawn_on: null,
        notes: null,
      });
      const change = tx.insert('property_status_change', {
        property_id: property,
        from_status: 'negotiating',
        to_status: 'bank_listed',
        changed_on: '2026-11-02',
        note: '同意書受領',
      });
      tx.update('property', property, { status: 'bank_listed' });
      const disclosure = tx.insert('disclosure', {
        property_id: property,
        consent_id: consent,
        purpose: 'bank_listing',
        what: 'listing_sheet',
        recipient: '移住希望者',
        disclosed_at: '2026-11-03T01:00:00.000Z',
      });
      return { property, consent, change, disclosure };
    });
    await syncOk(a);
    await syncOk(b);
    expect(row(b, 'property', ids.property)).toMatchObject({
      status: 'bank_listed',
      ref_number: '2026-0001',
      district: '茶花',
      layout: '4DK',
      owner_name_kana: 'かわばた ふみ',
      inheritance: 'unregistered',
      owner_intent: 'rent',
      with_farmland: 1,
      with_shop: 0,
    });
    expect(row(b, 'property_consent', ids.consent)).toMatchObject({
      purpose: 'bank_listing',
      given_on: '2026-11-01',
      expires_on: '2028-10-31',
      withdrawn_on: null,
    });
    expect(row(b, 'property_status_change', ids.change)).toMatchObject({
      from_status: 'negotiating',
      to_status: 'bank_listed',
      changed_on: '2026-11-02',
    });
    expect(row(b, 'disclosure', ids.disclosure)).toMatchObject({
      consent_id: ids.consent,
      what: 'listing_sheet',
      disclosed_at: '2026-11-03T01:00:00.000Z',
    });
    // Searchable on the colleague's laptop by the new fields too.
    const hits = (await b.core.invoke('search.all', { query: '2026-0001' })) as {
      ok: boolean;
      value: { id: string }[];
    };
    expect(hits.ok && hits.value.some((h) => h.id === ids.property)).toBe(true);
  });

  it('a laptop still on v5 keeps syncing: it skips what it does not know, and the server keeps it', async () => {
    const town = 'kagoshima-kinko';
    const modern = await laptop(town, '川畑 由美');
    const older = new OlderLaptop(await enrollTestDevice(server, town, 'coordinator'));

    // The modern laptop records a house with v6 fields, a consent and a status change.
    const ids = writeThroughApp(modern, (tx) => {
      const property = newHouse(tx);
      const consent = tx.insert('property_consent', {
        property_id: property,
        purpose: 'management_support_corp',
        recipient: 'NPO法人 ふるさと空き家守',
        scope: JSON.stringify(['identification', 'owner']),
        given_on: '2026-10-01',
        expires_on: null,
        withdrawn_on: null,
        notes: null,
      });
      const change = tx.insert('property_status_change', {
        property_id: property,
        from_status: 'surveyed',
        to_status: 'negotiating',
        changed_on: '2026-10-01',
        note: null,
      });
      return { property, consent, change };
    });
    await syncOk(modern);

    // The older laptop pulls everything without error, keeping only what it knows.
    await older.syncAll();
    expect(older.skippedTables).toBe(2);
    expect(older.rows.get(ids.property)?.values).toMatchObject({ status: 'negotiating' });
    expect(older.rows.get(ids.property)?.values).not.toHaveProperty('layout');

    // It edits the house (v5 columns only) and records a house of its own, as v5 does.
    const oldHouse = newId();
    await older.syncAll([
      older.op('property', ids.property, 'update', { notes: '雨漏りあり', rent_yen: 30000 }),
      older.op('property', oldHouse, 'insert', {
        address: '鹿児島県肝属郡錦江町城元１',
        status: 'candidate',
        consent_bank: 0,
        consent_share: 0,
      }),
    ]);

    // The server still holds every v6 value beside the older laptop's edit.
    expect(await serverValues(town, ids.property)).toMatchObject({
      notes: '雨漏りあり',
      rent_yen: 30000,
      ref_number: '2026-0001',
      layout: '4DK',
      owner_name_kana: 'かわばた ふみ',
      inheritance: 'unregistered',
      with_farmland: 1,
    });
    expect(await serverValues(town, ids.consent)).toMatchObject({ purpose: 'management_support_corp' });
    expect(await serverValues(town, ids.change)).toMatchObject({ to_status: 'negotiating' });

    // The modern laptop gets the older one's edit and house, its own v6 values intact; the house the
    // older laptop created takes the declared defaults for what v5 does not send.
    await syncOk(modern);
    expect(row(modern, 'property', ids.property)).toMatchObject({
      notes: '雨漏りあり',
      rent_yen: 30000,
      layout: '4DK',
      owner_name_kana: 'かわばた ふみ',
      with_farmland: 1,
    });
    expect(row(modern, 'property', oldHouse)).toMatchObject({
      address: '鹿児島県肝属郡錦江町城元１',
      with_farmland: 0,
      with_shop: 0,
      furniture_left: 0,
      ref_number: null,
    });
    expect(
      modern.core.database.sqlite.prepare("SELECT count(*) FROM outbox WHERE state <> 'sent'").pluck().get(),
    ).toBe(0);
  });

  it('a laptop updated from v5 pulls again what it skipped while older', async () => {
    const town = 'hokkaido-koshimizu';
    const a = await laptop(town, '川畑 由美');
    const b = await laptop(town, '前田 健');
    const ids = writeThroughApp(a, (tx) => {
      const property = newHouse(tx);
      const consent = tx.insert('property_consent', {
        property_id: property,
        purpose: 'photo_publication',
        recipient: '町ホームページ',
        scope: JSON.stringify(['photos']),
        given_on: '2026-09-01',
        expires_on: null,
        withdrawn_on: null,
        notes: null,
      });
      return { property, consent };
    });
    await syncOk(a);
    await syncOk(b);
    // Make b what a v5 laptop would hold after that pull: no consent, no v6 columns, and a build that
    // never stored which tables it knows. (v6's migration then adds the empty tables and columns.)
    const db = b.core.database.sqlite;
    for (const table of ['disclosure', 'property_status_change', 'property_consent']) {
      db.prepare(`DELETE FROM ${table}`).run();
      db.prepare('DELETE FROM field_clock WHERE table_name = ?').run(table);
    }
    db.prepare(
      'UPDATE property SET layout = NULL, ref_number = NULL, owner_name_kana = NULL WHERE id = ?',
    ).run(ids.property);
    db.prepare(
      "DELETE FROM field_clock WHERE row_id = ? AND column_name IN ('layout', 'ref_number', 'owner_name_kana')",
    ).run(ids.property);
    db.prepare("DELETE FROM app_setting WHERE key = 'sync.tables'").run();

    await syncOk(b);
    expect(row(b, 'property_consent', ids.consent)).toMatchObject({ purpose: 'photo_publication' });
    expect(row(b, 'property', ids.property)).toMatchObject({
      layout: '4DK',
      ref_number: '2026-0001',
      owner_name_kana: 'かわばた ふみ',
    });
    // Once: the next sync pulls only what is new.
    const again = await b.core.sync?.run('manual');
    expect(again).toMatchObject({ ok: true, pulled: 0 });
  });

  it("the app's applier on a v5 database stores what it knows of a v6 page and skips the rest", () => {
    // The v5 laptop's own applier: the same code, over a database without the v6 tables and columns.
    const db = new BetterSqlite3(':memory:');
    migrate(
      db,
      loadMigrationsFromDir(REPO_MIGRATIONS_DIR).filter((m) => m.version <= 5),
    );
    db.prepare("INSERT INTO municipality VALUES ('t', '鹿児島県', '与論町', 'よろんちょう', 0)").run();
    const applier = new RemoteApplier(db);
    const property = newId();
    const hlc = '0001767225600000-0000-server';
    const audit = {
      created_at: '2026-11-01T00:00:00.000Z',
      created_by: 'u',
      updated_at: '2026-11-01T00:00:00.000Z',
      updated_by: 'u',
    };
    const { unknown } = applier.apply(
      [
        {
          seq: 1,
          table: 'property',
          id: property,
          hlc,
          values: {
            ...audit,
            address: '与論町茶花１',
            status: 'candidate',
            consent_bank: 0,
            consent_share: 0,
            ref_number: '2026-0009',
            owner_name_kana: 'かわばた ふみ',
            with_farmland: 1,
          },
        },
        {
          seq: 2,
          table: 'property_consent',
          id: newId(),
          hlc,
          values: { ...audit, property_id: property, purpose: 'bank_listing' },
        },
      ],
      't',
    );
    expect(unknown).toBe(1);
    expect(db.prepare('SELECT address, status FROM property WHERE id = ?').get(property)).toEqual({
      address: '与論町茶花１',
      status: 'candidate',
    });
  });
});
