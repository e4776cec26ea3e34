import { afterEach, describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '../../../shared/hlc.ts';
import { type FamilyLinkedTable, PERSONAL } from '../../../shared/sync/personal.ts';
import { SYNC_TABLES, type TableSpec } from '../../../shared/sync/tables.ts';
import { call, openTestCore } from '../test-support.ts';
import { localPersonalDataLeft } from './erasure.ts';
import { RecordWriter } from './record-writer.ts';

/**
 * The laptop's erase, derived from the declaration of personal columns: every personal column of
 * every family-linked table, filled by the write path, is gone after an erasure — from the rows and
 * from the outbox — and the walking check reports any one of them put back.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Columns whose stored form the schema checks. */
const SHAPED: Record<string, string> = { home_postal_code: '8910000' };

/** A valid value of every column of the table; personal ones carry a recognisable text. */
function rowFor(table: string, refs: Record<string, string | null>): Record<string, string | number | null> {
  const spec = SYNC_TABLES[table as keyof typeof SYNC_TABLES] as TableSpec;
  const personal: Record<string, unknown> =
    (PERSONAL as Record<string, { wipe: Record<string, unknown> }>)[table]?.wipe ?? {};
  const values: Record<string, string | number | null> = {};
  for (const [column, c] of Object.entries(spec.columns)) {
    if (column === 'deleted_at' || column === 'erased_at') continue;
    if (Object.hasOwn(refs, column)) values[column] = refs[column] ?? null;
    else if (Object.hasOwn(SHAPED, column)) values[column] = SHAPED[column] ?? null;
    else if (c.values) values[column] = c.values[0] ?? null;
    else if (c.kind === 'text')
      values[column] = Object.hasOwn(personal, column)
        ? `個人-${table}-${column}`.slice(0, c.max ?? 200)
        : 'x';
    else if (c.kind === 'date') values[column] = '2019-04-01';
    else if (c.kind === 'instant') values[column] = '2026-11-20T01:02:03.000Z';
    else if (c.kind === 'int' || c.kind === 'flag') values[column] = 1;
    else if (c.kind === 'real') values[column] = 35.5;
    else if (c.kind === 'json') values[column] = '[]';
    else values[column] = null;
  }
  return values;
}

describe('erasing a family on this laptop', () => {
  it('wipes every declared personal column of every table, rows and outbox, and the walk finds none', async () => {
    const opened = await openTestCore();
    cleanups.push(opened.dispose);
    const { core } = opened;
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '田中',
      role: 'coordinator',
    });
    const sqlite = core.database.sqlite;
    const actor = {
      id: sqlite.prepare('SELECT id FROM local_profile').pluck().get() as string,
      municipalityId: 'kagoshima-yoron',
    };
    const writer = new RecordWriter(sqlite, new HybridLogicalClock({ node: 'test' }));
    const family = writer.write(actor, (tx) => {
      const f = tx.insert('family', { ...rowFor('family', {}), erased_at: null } as never);
      const member = tx.insert('family_member', rowFor('family_member', { family_id: f }) as never);
      const stay = tx.insert('stay', rowFor('stay', { family_id: f, lodging_property_id: null }) as never);
      tx.insert('stay_member', rowFor('stay_member', { stay_id: stay, member_id: member }) as never);
      const checkin = tx.insert('checkin', rowFor('checkin', { family_id: f, stay_id: stay }) as never);
      tx.insert('enquiry', rowFor('enquiry', { family_id: f }) as never);
      const event = tx.insert('event', rowFor('event', {}) as never);
      tx.insert('attendance', rowFor('attendance', { family_id: f, event_id: event }) as never);
      tx.insert('supporter', rowFor('supporter', { family_member_id: member, merged_into: null }) as never);
      const application = tx.insert(
        'event_application',
        rowFor('event_application', { family_id: f, event_id: event, supporter_id: null }) as never,
      );
      tx.insert(
        'event_attendance',
        rowFor('event_attendance', {
          family_id: f,
          event_id: event,
          application_id: application,
          member_id: member,
          supporter_id: null,
        }) as never,
      );
      const hash = 'a'.repeat(64);
      for (const [ownerTable, ownerId] of [
        ['family', f],
        ['checkin', checkin],
      ] as const) {
        tx.insert(
          'attachment',
          rowFor('attachment', {
            owner_table: ownerTable,
            owner_id: ownerId,
            sha256: hash,
            preview_sha256: null,
            mime_type: 'image/jpeg',
          }) as never,
        );
      }
      return f;
    });
    const tables = Object.keys(PERSONAL) as FamilyLinkedTable[];
    // Every table and every personal column holds something before the erasure.
    for (const table of tables) {
      for (const column of Object.keys(PERSONAL[table].wipe)) {
        const held = sqlite
          .prepare(`SELECT count(*) FROM ${table} WHERE ${column} IS NOT NULL`)
          .pluck()
          .get();
        expect(held, `${table}.${column} filled`).not.toBe(0);
      }
    }

    const name = sqlite.prepare('SELECT family_name FROM family WHERE id = ?').pluck().get(family) as string;
    await call(core, 'families.erase', { id: family, confirmName: name });
    expect(localPersonalDataLeft(sqlite)).toEqual([]);
    const everything = JSON.stringify(
      tables
        .map((t) => sqlite.prepare(`SELECT * FROM ${t}`).all())
        .concat([sqlite.prepare('SELECT * FROM outbox').all()]),
    );
    expect(everything).not.toContain('個人-');

    // The walk sees each personal column put back, one at a time.
    for (const table of tables) {
      for (const column of Object.keys(PERSONAL[table].wipe)) {
        const id = sqlite.prepare(`SELECT id FROM ${table} LIMIT 1`).pluck().get() as string;
        const before = sqlite.prepare(`SELECT ${column} FROM ${table} WHERE id = ?`).pluck().get(id);
        const back = (SYNC_TABLES[table].columns as Record<string, { kind: string }>)[column]?.kind;
        const value =
          SHAPED[column] ??
          (back === 'real'
            ? 1.25
            : back === 'date'
              ? '2020-01-01'
              : back === 'instant'
                ? '2026-01-01T00:00:00Z'
                : '戻った');
        sqlite.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`).run(value, id);
        expect(localPersonalDataLeft(sqlite), `${table}.${column}`).toEqual([`${table}.${column} of ${id}`]);
        sqlite.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`).run(before, id);
      }
    }
  });
});
