import { describe, expect, it } from 'vitest';
import { recordSpec, SYNCED_RECORD_NAMES } from '../records/registry.ts';
import { type FamilyLinkedTable, PERSONAL, personalDataLeft, scrubConflict } from './personal.ts';
import { SYNC_TABLES, type SyncTableName, type TableSpec } from './tables.ts';
import { valueFault } from './validate.ts';

/**
 * The declaration of personal columns must cover every table that can hold something about a family,
 * and every column of those tables must be classified: a migration that adds a column (or a table
 * with a family reference) fails here until someone decides whether an erasure wipes it.
 */

const LINKED = Object.keys(PERSONAL) as FamilyLinkedTable[];
/** Tables the registry declares hold nothing of a family's (`personal: { none: why }`). */
const NOT_ABOUT_A_FAMILY = SYNCED_RECORD_NAMES.filter((t) => 'none' in recordSpec(t).personal);
/** Kept columns of free text (no closed vocabulary), each a decision. */
const KEPT_FREE_TEXT = [
  // The town's lodging, what the lodging figures count.
  'stay.lodging_text',
  // Where families come from, at prefecture level: a consortium figure.
  'family.home_prefecture',
  // A supporter's prefecture: the same figure for the relationship population.
  'supporter.home_prefecture',
  // An attachment's checklist item code, content hashes and type: nothing about who is pictured.
  'attachment.item_key',
  'attachment.sha256',
  'attachment.preview_sha256',
  'attachment.mime_type',
];

function referencesLinkedTable(spec: TableSpec): boolean {
  const refersTo = (column: string) => column.replace(/_id$/, '');
  for (const [column, c] of Object.entries(spec.columns)) {
    if (c.kind === 'id') {
      const target = refersTo(column);
      if (LINKED.some((t) => t === target || t.endsWith(`_${target}`))) return true;
    }
    if (column === 'owner_table' && c.values?.some((v) => (LINKED as string[]).includes(v))) return true;
  }
  return false;
}

describe('shared/sync/personal.ts: the personal columns, declared once', () => {
  it('covers every table that refers to a family or to a row about one', () => {
    for (const table of Object.keys(SYNC_TABLES) as SyncTableName[]) {
      const spec = SYNC_TABLES[table] as TableSpec;
      if ((LINKED as string[]).includes(table)) continue;
      expect(referencesLinkedTable(spec), `${table} refers to a family-linked table`).toBe(false);
      expect(
        NOT_ABOUT_A_FAMILY,
        `${table} is neither declared personal nor known as not about a family`,
      ).toContain(table);
    }
  });

  for (const table of LINKED) {
    it(`classifies every column of ${table} as wiped or kept`, () => {
      const spec = SYNC_TABLES[table] as TableSpec;
      const wiped = Object.keys(PERSONAL[table].wipe);
      const kept: readonly string[] = PERSONAL[table].kept;
      expect([...wiped, ...kept].sort()).toEqual(Object.keys(spec.columns).sort());
      expect(wiped.filter((c) => kept.includes(c))).toEqual([]);
      // What an erasure leaves must itself be a valid value (the erase travels as an operation).
      for (const [column, value] of Object.entries(PERSONAL[table].wipe)) {
        const columnSpec = spec.columns[column];
        expect(columnSpec, `${table}.${column}`).toBeDefined();
        expect(valueFault(column, columnSpec as never, value), `${table}.${column}`).toBeNull();
      }
      // A field group moves as one: it is wiped whole or kept whole.
      for (const group of spec.groups ?? []) {
        const inWipe = group.filter((c) => wiped.includes(c));
        expect([0, group.length], `${table} group ${group.join('+')}`).toContain(inWipe.length);
      }
      // Free text kept after an erasure is a decision, listed here.
      for (const column of kept) {
        const c = spec.columns[column];
        if (c?.kind === 'text' && !c.values) expect(KEPT_FREE_TEXT).toContain(`${table}.${column}`);
      }
    });
  }

  it('walks every personal column of every family-linked table', () => {
    const family = 'f0000000-0000-4000-8000-000000000001';
    const stay = 'f0000000-0000-4000-8000-000000000002';
    const checkin = 'f0000000-0000-4000-8000-000000000003';
    const idOf = (t: string) => `${t}-row`;
    const rows = LINKED.map((table) => {
      const values: Record<string, string | number | null> = {};
      for (const column of Object.keys(PERSONAL[table].wipe)) values[column] = 'left over';
      if (table === 'family') return { table, id: family, values };
      if (table === 'stay') return { table, id: stay, values: { ...values, family_id: family } };
      if (table === 'checkin') return { table, id: checkin, values: { ...values, family_id: family } };
      if (table === 'stay_member') return { table, id: idOf(table), values: { ...values, stay_id: stay } };
      if (table === 'supporter')
        return { table, id: idOf(table), values: { ...values, family_member_id: idOf('family_member') } };
      if (table === 'attachment')
        return { table, id: idOf(table), values: { ...values, owner_table: 'checkin', owner_id: checkin } };
      return { table, id: idOf(table), values: { ...values, family_id: family } };
    });
    const found = personalDataLeft(rows, new Set([family]));
    const expected = LINKED.flatMap((t) => Object.keys(PERSONAL[t].wipe).map((c) => `${t}.${c}`));
    expect(found.map((f) => f.split(' of ')[0]).sort()).toEqual(expected.sort());
    // A family not erased is none of the check's business.
    expect(personalDataLeft(rows, new Set())).toEqual([]);
  });

  it('closes a conflict about a personal field and keeps one about a kept field open, scrubbed', () => {
    const side = (values: object) => JSON.stringify({ values, hlc: 'h', author: 'a' });
    expect(
      scrubConflict({
        table_name: 'family',
        field: 'phone',
        lost: side({ phone: '1' }),
        won: side({ phone: '2' }),
      }),
    ).toMatchObject({ close: true, lost: JSON.stringify({ erased: true }) });
    const dates = { planned_arrival: '2026-11-20', planned_departure: '2026-12-01' };
    expect(
      scrubConflict({
        table_name: 'stay',
        field: 'planned_arrival+planned_departure',
        lost: side(dates),
        won: side(dates),
      }),
    ).toBeNull();
    // An edit-versus-delete keeps the whole edit: its personal values go, the conflict stays open.
    const scrubbed = scrubConflict({
      table_name: 'stay',
      field: 'deleted_at',
      lost: side({ ...dates, notes: '秘密' }),
      won: side({ deleted_at: '2026-11-25T00:00:00Z' }),
    });
    expect(scrubbed?.close).toBe(false);
    expect(JSON.parse(scrubbed?.lost ?? '{}').values).toEqual({ ...dates, notes: null });
  });
});
