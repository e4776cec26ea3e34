import { afterEach, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../shared/ipc/views.ts';
import { call, openTestCore } from '../test-support.ts';

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

interface Row {
  id: string;
  address: string;
  lot_number: string;
  ref_number: string;
  district: string;
  owner_name: string | null;
  owner_name_kana: string | null;
}

describe('the sample town in the akiya register', () => {
  it('loads consents, status histories and disclosures, and the search finds houses by address, 地番, 整理番号 and owner', async () => {
    const opened = await openTestCore();
    disposers.push(opened.dispose);
    const { core } = opened;
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '山田 花子',
      role: 'coordinator',
    });
    await call(core, 'sample.load', { size: 'medium' });
    const db = core.database.sqlite;
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    expect(count('property')).toBe(300);
    expect(count('property_status_change')).toBeGreaterThan(300);
    expect(count('property_consent')).toBeGreaterThan(0);
    expect(count('disclosure')).toBeGreaterThan(0);
    // Every property's status is where its history ends.
    expect(
      db
        .prepare(
          `SELECT count(*) FROM property p WHERE p.status IS NOT (
             SELECT to_status FROM property_status_change c WHERE c.property_id = p.id
             ORDER BY changed_on DESC, created_at DESC LIMIT 1)`,
        )
        .pluck()
        .get(),
    ).toBe(0);

    const rows = db
      .prepare(
        `SELECT id, address, lot_number, ref_number, district, owner_name, owner_name_kana FROM property
         WHERE owner_name_kana IS NOT NULL ORDER BY id`,
      )
      .all() as Row[];
    const withAddress = rows.find((r) => r.address !== '') as Row;
    const lotOnly = rows.find((r) => r.address === '') as Row;
    expect(lotOnly).toBeDefined();
    const finds = async (query: string, id: string) => {
      const hits = (await call(core, 'search.all', { query, limit: 100 })) as SearchHit[];
      return hits.some((h) => h.kind === 'property' && h.id === id);
    };
    // The street address as typed (half-width digits for the ledger's full-width ones).
    const street = withAddress.address.replace(/^鹿児島県大島郡与論町/, '').normalize('NFKC');
    expect(await finds(street, withAddress.id)).toBe(true);
    // The 地番, of a house that has nothing else.
    expect(await finds(lotOnly.lot_number, lotOnly.id)).toBe(true);
    const hits = (await call(core, 'search.all', { query: lotOnly.lot_number, limit: 100 })) as SearchHit[];
    expect(hits.find((h) => h.id === lotOnly.id)?.title).toBe(lotOnly.lot_number);
    expect(await finds(withAddress.ref_number, withAddress.id)).toBe(true);
    expect(await finds((withAddress.owner_name_kana as string).replace(' ', ''), withAddress.id)).toBe(true);
    expect(await finds((withAddress.owner_name as string).replace(/（.*$/, ''), withAddress.id)).toBe(true);
  }, 120_000);
});
