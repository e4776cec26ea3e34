import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import { migrate } from '../electron/core/db/migrator.ts';

const AUDIT = "'2026-01-05T00:00:00.000Z', 'u', '2026-01-05T00:00:00.000Z', 'u'";

/** A v5 database with two properties, as a laptop that has not yet taken 0006 holds them. */
function v5WithProperties(): BetterSqlite3.Database {
  const db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    loadMigrationsFromDir(REPO_MIGRATIONS_DIR).filter((m) => m.version <= 5),
  );
  db.prepare("INSERT INTO municipality VALUES ('t', '鹿児島県', '与論町', 'よろんちょう', 0)").run();
  db.prepare(
    `INSERT INTO property (id, municipality_id, address, lot_number, year_built, owner_name, owner_contact,
       consent_bank, consent_share, status, created_at, created_by, updated_at, updated_by)
     VALUES ('p1', 't', '鹿児島県大島郡与論町茶花１－２', '茶花字東区1番2', 1975, '川畑 フミ', '0997-97-0000',
       1, 0, 'bank_listed', ${AUDIT})`,
  ).run();
  db.prepare(
    `INSERT INTO property (id, municipality_id, address, status, created_at, created_by, updated_at, updated_by)
     VALUES ('p2', 't', '鹿児島県大島郡与論町立長３３０', 'candidate', ${AUDIT})`,
  ).run();
  return db;
}

const NEW_TABLES = ['property_consent', 'property_status_change', 'disclosure'] as const;

describe('migration 0006: the akiya inventory', () => {
  it('upgrades a v5 database keeping its properties, the new columns as declared', () => {
    const db = v5WithProperties();
    const report = migrate(
      db,
      loadMigrationsFromDir(REPO_MIGRATIONS_DIR).filter((m) => m.version <= 6),
    );
    expect(report.applied).toEqual([6]);

    const p1 = db.prepare("SELECT * FROM property WHERE id = 'p1'").get() as Record<string, unknown>;
    // What was there stays (the old consent flags too: superseded, not dropped).
    expect(p1).toMatchObject({
      address: '鹿児島県大島郡与論町茶花１－２',
      lot_number: '茶花字東区1番2',
      year_built: 1975,
      owner_name: '川畑 フミ',
      owner_contact: '0997-97-0000',
      consent_bank: 1,
      consent_share: 0,
      status: 'bank_listed',
    });
    // The flags default to 0, everything else new is null.
    const flags = ['with_farmland', 'with_shop', 'furniture_left'];
    const added = [
      'ref_number',
      'district',
      'map_number',
      'building_use',
      'building_type',
      'vacant_since',
      'outbuildings',
      'road_access',
      'vacancy_likelihood',
      'deal_type',
      'layout',
      'facilities',
      'parking',
      'hazard',
      'repairs',
      'nearby',
      'surroundings',
      'owner_name_kana',
      'owner_address',
      'owner_phone',
      'inheritance',
      'owner_intent',
    ];
    for (const row of db.prepare('SELECT * FROM property ORDER BY id').all() as Record<string, unknown>[]) {
      for (const c of flags) expect(row[c], c).toBe(0);
      for (const c of added) expect(row[c], c).toBeNull();
    }
    const declared = db
      .prepare('SELECT name, "notnull", dflt_value FROM pragma_table_info(\'property\')')
      .all();
    for (const c of flags) expect(declared).toContainEqual({ name: c, notnull: 1, dflt_value: '0' });
    for (const c of added) expect(declared).toContainEqual({ name: c, notnull: 0, dflt_value: null });
    expect(
      db
        .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'property_by_ref'")
        .pluck()
        .get(),
    ).toBe(1);
  });

  it('refuses codes outside each closed list, on the property and in the new tables', () => {
    const db = v5WithProperties();
    migrate(db, loadMigrationsFromDir(REPO_MIGRATIONS_DIR));
    const setProperty = (column: string, value: unknown) =>
      db.prepare(`UPDATE property SET ${column} = ? WHERE id = 'p1'`).run(value);
    for (const [column, good, bad] of [
      ['building_use', 'shop_residence', 'castle'],
      ['building_type', 'row', 'tower'],
      ['vacancy_likelihood', 'high', 'certain'],
      ['deal_type', 'sale_or_rent', 'swap'],
      ['repairs', 'major', 'total'],
      ['inheritance', 'unregistered', 'lost'],
      ['owner_intent', 'demolish', 'keep'],
      ['with_farmland', 1, 2],
      ['with_shop', 0, -1],
      ['furniture_left', 1, 3],
    ] as const) {
      expect(() => setProperty(column, good), column).not.toThrow();
      expect(() => setProperty(column, bad), column).toThrow(/CHECK/);
    }
    expect(() => setProperty('with_shop', null)).toThrow(/NOT NULL/);

    const consent = db.prepare(
      `INSERT INTO property_consent (id, municipality_id, property_id, purpose, recipient, scope, given_on,
         created_at, created_by, updated_at, updated_by) VALUES (?, 't', 'p1', ?, '与論町空き家バンク', '["listing"]', '2026-01-05', ${AUDIT})`,
    );
    consent.run('c1', 'bank_listing');
    expect(() => consent.run('c2', 'advertising')).toThrow(/CHECK/);

    const change = db.prepare(
      `INSERT INTO property_status_change (id, municipality_id, property_id, from_status, to_status, changed_on,
         created_at, created_by, updated_at, updated_by) VALUES (?, 't', 'p1', ?, ?, '2026-01-05', ${AUDIT})`,
    );
    change.run('s1', null, 'candidate');
    change.run('s2', 'candidate', 'surveyed');
    expect(() => change.run('s3', 'surveyed', 'sold')).toThrow(/CHECK/);
    expect(() => change.run('s4', 'candidate', null)).toThrow(/NOT NULL/);

    const disclosure = db.prepare(
      `INSERT INTO disclosure (id, municipality_id, property_id, consent_id, purpose, what, recipient, disclosed_at,
         created_at, created_by, updated_at, updated_by) VALUES (?, 't', 'p1', ?, ?, ?, 'NPO法人', '2026-01-06T01:00:00.000Z', ${AUDIT})`,
    );
    disclosure.run('d1', 'c1', 'bank_listing', 'listing_sheet');
    expect(() => disclosure.run('d2', 'c1', 'bank_listing', 'fax')).toThrow(/CHECK/);
    expect(() => disclosure.run('d3', 'c1', 'gossip', 'share')).toThrow(/CHECK/);
    // A disclosure names a consent that exists, of a property that exists.
    expect(() => disclosure.run('d4', 'nope', 'bank_listing', 'share')).toThrow(/FOREIGN KEY/);
    expect(() => consent.run('c3', 'bank_listing')).not.toThrow();
  });

  it('creates the new tables STRICT, with their indexes', () => {
    const db = v5WithProperties();
    migrate(db, loadMigrationsFromDir(REPO_MIGRATIONS_DIR));
    expect(
      db
        .prepare(
          `SELECT name, strict FROM pragma_table_list WHERE name IN (${NEW_TABLES.map(() => '?').join()}) ORDER BY name`,
        )
        .all(...NEW_TABLES),
    ).toEqual([
      { name: 'disclosure', strict: 1 },
      { name: 'property_consent', strict: 1 },
      { name: 'property_status_change', strict: 1 },
    ]);
    // STRICT: a value of the wrong type (a blob where text is declared) is refused, not stored.
    expect(() =>
      db
        .prepare(
          `INSERT INTO property_consent (id, municipality_id, property_id, purpose, recipient, scope, given_on,
             created_at, created_by, updated_at, updated_by) VALUES ('c9', 't', 'p1', 'bank_listing', x'00ff', '[]', '2026-01-05', ${AUDIT})`,
        )
        .run(),
    ).toThrow(/cannot store BLOB value in TEXT column/);
    expect(
      db
        .prepare(
          "SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN ('property_consent_by_property', 'property_status_change_by_property', 'disclosure_by_property') ORDER BY name",
        )
        .pluck()
        .all(),
    ).toEqual([
      'disclosure_by_property',
      'property_consent_by_property',
      'property_status_change_by_property',
    ]);
  });
});
