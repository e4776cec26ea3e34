import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeHlc, HybridLogicalClock } from '../../../shared/hlc.ts';
import type { AppCore } from '../app-core.ts';
import { call, openTestCore } from '../test-support.ts';
import { RecordWriter } from './record-writer.ts';

let core: AppCore;
let dispose: () => Promise<void>;

const counts = (c: AppCore) =>
  Object.fromEntries(
    ['family', 'family_member', 'stay', 'checkin', 'outbox', 'audit_log', 'field_clock', 'search_index'].map(
      (t) => [t, c.database.sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get()],
    ),
  );

beforeEach(async () => {
  ({ core, dispose } = await openTestCore());
  await call(core, 'profile.setup', {
    municipalityId: 'kagoshima-yoron',
    displayName: '田中 美咲',
    role: 'coordinator',
  });
});
afterEach(() => dispose());

describe('the write path', () => {
  it('writes row, outbox operation, field clocks, audit entry and search document in one go', async () => {
    const family = (await call(core, 'families.create', {
      familyName: '山田',
      familyNameKana: 'ヤマダ',
      phone: '０９０－１２３４－５６７８',
    })) as { id: string; phone: string; familyNameKana: string };
    expect(family.phone).toBe('09012345678');
    const db = core.database.sqlite;
    const outbox = db.prepare('SELECT * FROM outbox').all() as {
      op: string;
      table_name: string;
      row_id: string;
      changes: string;
      hlc: string;
    }[];
    expect(outbox).toHaveLength(1);
    const op = outbox[0]!;
    expect(op).toMatchObject({ op: 'insert', table_name: 'family', row_id: family.id });
    const changes = JSON.parse(op.changes) as Record<
      string,
      { value: unknown; hlc: string; base: string | null }
    >;
    expect(changes.family_name).toEqual({ value: '山田', hlc: op.hlc, base: null });
    expect(changes.phone?.value).toBe('09012345678');
    expect(decodeHlc(op.hlc).millis).toBeGreaterThan(0);
    expect(db.prepare('SELECT count(*) FROM field_clock WHERE row_id = ?').pluck().get(family.id)).toBe(
      Object.keys(changes).length,
    );
    const audit = db.prepare('SELECT action, table_name, row_id, details FROM audit_log').all() as {
      details: string;
    }[];
    expect(audit).toEqual([
      expect.objectContaining({ action: 'create', table_name: 'family', row_id: family.id }),
    ]);
    // The audit trail names fields, never their values (an erase must not have to chase it).
    expect(audit[0]!.details).not.toContain('09012345678');
    // …and only the fields the new record has: a blank one was not entered (変更履歴 stays short).
    const named = (JSON.parse(audit[0]!.details) as { fields: string[] }).fields;
    expect(named).toContain('family_name');
    expect(named).toContain('phone');
    expect(named).not.toContain('email');
    expect(named).not.toContain('notes');
    expect(named).not.toContain('consent_photo');
    expect(db.prepare("SELECT value FROM app_setting WHERE key = 'hlc.last'").pluck().get()).toBe(op.hlc);
    const found = (await call(core, 'families.list', { query: 'やまだ' })) as { total: number };
    expect(found.total).toBe(1);
  });

  it('sends, for every changed column of an edit, the clock of the value the author saw', async () => {
    const family = (await call(core, 'families.create', {
      familyName: '山田',
      familyNameKana: 'やまだ',
    })) as { id: string };
    const session = (
      core as unknown as { session: { writer: RecordWriter; actor: { id: string; municipalityId: string } } }
    ).session;
    const insertHlc = core.database.sqlite.prepare('SELECT hlc FROM outbox').pluck().get() as string;
    const changed = session.writer.write(session.actor, (tx) =>
      tx.update('family', family.id, { family_name: '山田', home_city: '大阪市' }),
    );
    expect(changed).toEqual(['home_city']); // the unchanged name is not sent again
    const op = core.database.sqlite.prepare("SELECT changes, hlc FROM outbox WHERE op = 'update'").get() as {
      changes: string;
      hlc: string;
    };
    const changes = JSON.parse(op.changes);
    expect(Object.keys(changes)).toEqual(['home_city']);
    expect(changes.home_city).toEqual({ value: '大阪市', hlc: op.hlc, base: insertHlc });
    expect(op.hlc > insertHlc).toBe(true);
  });

  it('stamps every write newer than the values it replaces, even when a colleague’s clock runs ahead', async () => {
    const family = (await call(core, 'families.create', {
      familyName: '山田',
      familyNameKana: 'やまだ',
    })) as { id: string };
    const session = (
      core as unknown as { session: { writer: RecordWriter; actor: { id: string; municipalityId: string } } }
    ).session;
    // A pulled value written four minutes ahead of this laptop's clock, as stored by a sync whose
    // answer's own clock was older (a restarted server).
    const ahead = `${String(Date.now() + 240_000).padStart(16, '0')}-0000-colleague`;
    core.database.sqlite
      .prepare("UPDATE field_clock SET hlc = ? WHERE row_id = ? AND column_name IN ('phone', 'notes')")
      .run(ahead, family.id);
    core.database.sqlite
      .prepare("UPDATE field_clock SET hlc = ? WHERE row_id = ? AND column_name = 'family_name'")
      .run(ahead, family.id);
    session.writer.write(session.actor, (tx) => tx.update('family', family.id, { phone: '0997111111' }));
    session.writer.write(session.actor, (tx) => tx.softDelete('family', family.id));
    const ops = core.database.sqlite
      .prepare("SELECT op, changes, hlc FROM outbox WHERE op <> 'insert' ORDER BY seq")
      .all() as { op: string; changes: string; hlc: string }[];
    expect(ops.map((o) => o.op)).toEqual(['update', 'delete']);
    for (const op of ops) {
      for (const change of Object.values(JSON.parse(op.changes) as Record<string, { base: string | null }>)) {
        expect(change.base).not.toBeNull();
        expect(op.hlc > (change.base ?? '')).toBe(true);
      }
    }
  });

  it('writes nothing at all when validation fails', async () => {
    const before = counts(core);
    const bad = await core.invoke('families.create', {
      familyName: '山田',
      familyNameKana: 'やまだ',
      phone: '12-34',
    });
    expect(bad).toEqual({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: 'validation.phone', field: 'phone' },
    });
    const long = await core.invoke('families.create', {
      familyName: '山田',
      familyNameKana: 'やまだ',
      notes: 'あ'.repeat(50_001),
    });
    expect(long).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'notes' } });
    const kana = await core.invoke('families.create', { familyName: '山田', familyNameKana: '山田' });
    expect(kana).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: 'validation.kana', field: 'familyNameKana' },
    });
    expect(counts(core)).toEqual(before);
  });

  it('rolls back row, outbox and audit together when anything in the transaction fails', async () => {
    const session = (
      core as unknown as { session: { writer: RecordWriter; actor: { id: string; municipalityId: string } } }
    ).session;
    const before = counts(core);
    expect(() =>
      session.writer.write(session.actor, (tx) => {
        tx.insert('family', {
          family_name: '佐藤',
          family_name_kana: 'さとう',
          home_postal_code: null,
          home_prefecture: null,
          home_city: null,
          phone: null,
          email: null,
          emergency_contact_name: null,
          emergency_contact_phone: null,
          referral_source: null,
          consent_photo: 0,
          consent_share: 0,
          notes: null,
          erased_at: null,
        });
        throw new Error('power cut');
      }),
    ).toThrow('power cut');
    expect(counts(core)).toEqual(before);
  });

  it('sends a column left out of an insert with the value the database gave it (a flag’s 0, a default status)', () => {
    const session = (
      core as unknown as { session: { writer: RecordWriter; actor: { id: string; municipalityId: string } } }
    ).session;
    const id = session.writer.write(session.actor, (tx) =>
      tx.insert('property', { address: '与論町茶花1' } as never),
    );
    const changes = JSON.parse(
      core.database.sqlite
        .prepare("SELECT changes FROM outbox WHERE row_id = ? AND op = 'insert'")
        .pluck()
        .get(id) as string,
    ) as Record<string, { value: unknown }>;
    expect(changes.address?.value).toBe('与論町茶花1');
    expect(changes.status?.value).toBe('candidate');
    expect(changes.with_farmland?.value).toBe(0);
    expect(changes.consent_bank?.value).toBe(0);
    // A column the database left empty is not sent: null is what the server assumes for a new row.
    expect(changes.owner_name).toBeUndefined();
  });

  it('refuses to write columns that are bookkeeping or do not exist', async () => {
    const session = (
      core as unknown as { session: { writer: RecordWriter; actor: { id: string; municipalityId: string } } }
    ).session;
    const family = (await call(core, 'families.create', {
      familyName: '山田',
      familyNameKana: 'やまだ',
    })) as { id: string };
    expect(() =>
      session.writer.write(session.actor, (tx) =>
        tx.update('family', family.id, { municipality_id: 'other' } as never),
      ),
    ).toThrow(/cannot be written/);
    expect(() =>
      session.writer.write(session.actor, (tx) =>
        tx.update('family', family.id, { 'x; DROP TABLE family': 1 } as never),
      ),
    ).toThrow(/cannot be written/);
  });

  it('never touches another town’s row', async () => {
    const family = (await call(core, 'families.create', {
      familyName: '山田',
      familyNameKana: 'やまだ',
    })) as { id: string };
    const db = core.database.sqlite;
    const clock = new HybridLogicalClock({ node: 'other' });
    const writer = new RecordWriter(db, clock);
    const outsider = { id: 'someone', municipalityId: 'tokyo-ome' };
    expect(() =>
      writer.write(outsider, (tx) => tx.update('family', family.id, { home_city: '青梅市' })),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(db.prepare('SELECT home_city FROM family').pluck().get()).toBeNull();
  });

  it('tombstones instead of deleting, and the search forgets the record', async () => {
    const session = (
      core as unknown as { session: { writer: RecordWriter; actor: { id: string; municipalityId: string } } }
    ).session;
    const family = (await call(core, 'families.create', {
      familyName: '山田',
      familyNameKana: 'やまだ',
    })) as { id: string };
    session.writer.write(session.actor, (tx) => tx.softDelete('family', family.id));
    expect(core.database.sqlite.prepare('SELECT deleted_at IS NOT NULL FROM family').pluck().get()).toBe(1);
    expect(((await call(core, 'families.list', { query: 'やまだ' })) as { total: number }).total).toBe(0);
    const ops = core.database.sqlite.prepare('SELECT op FROM outbox ORDER BY seq').pluck().all();
    expect(ops).toEqual(['insert', 'delete']);
  });
});

describe('after the commit', () => {
  type Session = { writer: RecordWriter; actor: { id: string; municipalityId: string } };
  const sessionOf = (c: AppCore) => (c as unknown as { session: Session }).session;

  it('announces each transaction once, with the tables it touched, once the rows are there to read', async () => {
    const { writer, actor } = sessionOf(core);
    const seen: { origin: string; tables: readonly string[]; rows: unknown }[] = [];
    writer.changes.subscribe(({ origin, tables }) =>
      seen.push({
        origin,
        tables,
        rows: core.database.sqlite.prepare('SELECT count(*) FROM family').pluck().get(),
      }),
    );
    // A write inside a write is one transaction: one announcement for both.
    writer.write(actor, (tx) => {
      const id = tx.insert('family', { family_name: '山田', family_name_kana: 'やまだ' } as never);
      writer.write(actor, (inner) =>
        inner.insert('family_member', {
          family_id: id,
          given_name: '花子',
          given_name_kana: 'はなこ',
          relation: 'child',
        } as never),
      );
    });
    expect(seen).toEqual([{ origin: 'local', tables: ['family', 'family_member'], rows: 1 }]);
  });

  it('announces nothing for a write rolled back, or one that changed nothing', async () => {
    const { writer, actor } = sessionOf(core);
    const family = (await call(core, 'families.create', {
      familyName: '山田',
      familyNameKana: 'やまだ',
    })) as {
      id: string;
    };
    const seen: unknown[] = [];
    writer.changes.subscribe((change) => seen.push(change));
    expect(() =>
      writer.write(actor, (tx) => {
        tx.update('family', family.id, { home_city: '与論町' });
        throw new Error('changed my mind');
      }),
    ).toThrow('changed my mind');
    writer.write(actor, (tx) => tx.update('family', family.id, { family_name: '山田' }));
    expect(seen).toEqual([]);
    // …and the next real write is announced on its own, without the rolled-back one.
    writer.write(actor, (tx) => tx.update('family', family.id, { home_city: '与論町' }));
    expect(seen).toEqual([{ origin: 'local', tables: ['family'] }]);
  });
});
