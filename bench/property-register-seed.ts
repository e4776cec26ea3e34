import type { AppCore } from '../electron/core/app-core.ts';
import type { Actor, WriteTx } from '../electron/core/write/record-writer.ts';

/**
 * What bench:db's register measure asks: the large town must hold 3,000 properties, some with a bank
 * listing consent; whatever the sample lacks is added through the real write path (the session's
 * RecordWriter: outbox, field clocks, audit, search index), as a save from the app would. Returns the
 * mix of register questions a coordinator asks: a status, a district, 旧耐震, overdue inspections,
 * consent states, and search as you type over addresses, 地番 and 整理番号, in every sort order.
 */
const WANTED = 3_000;

interface SessionWriter {
  session: { writer: { write: <T>(actor: Actor, f: (tx: WriteTx) => T) => T }; actor: Actor };
}

export function propertyRegisterQueries(core: AppCore): Record<string, unknown>[] {
  const sqlite = core.database.sqlite;
  const { writer, actor } = (core as unknown as SessionWriter).session;
  const live = () =>
    sqlite.prepare('SELECT count(*) FROM property WHERE deleted_at IS NULL').pluck().get() as number;
  const missing = WANTED - live();
  if (missing > 0) {
    writer.write(actor, (tx) => {
      for (let i = 0; i < missing; i++) {
        tx.insert('property', {
          ref_number: `B-${i + 1}`,
          address: `鹿児島県肝属郡錦江町城元${i + 1}`,
          lot_number: `城元字前田${i + 1}番`,
          district: ['城元', '神川', '宿利原', '大根占'][i % 4] ?? null,
          status: (['candidate', 'surveyed', 'negotiating', 'bank_listed'] as const)[i % 4] ?? 'candidate',
          year_built: 1950 + (i % 70),
          consent_bank: 0,
          consent_share: 0,
        } as never);
      }
    });
  }
  const consents = sqlite
    .prepare("SELECT count(*) FROM property_consent WHERE purpose = 'bank_listing'")
    .pluck()
    .get() as number;
  if (consents === 0) {
    const ids = sqlite
      .prepare('SELECT id FROM property WHERE deleted_at IS NULL ORDER BY id')
      .pluck()
      .all() as string[];
    writer.write(actor, (tx) => {
      ids.forEach((id, i) => {
        if (i % 3 !== 0) return;
        tx.insert('property_consent', {
          property_id: id,
          purpose: 'bank_listing',
          recipient: '空き家バンク',
          scope: '["identification","listing"]',
          given_on: '2025-04-01',
          expires_on: i % 2 ? '2026-03-31' : '2028-03-31',
          withdrawn_on: i % 9 === 0 ? '2026-06-01' : null,
          notes: null,
        } as never);
      });
    });
  }
  const addresses = sqlite
    .prepare("SELECT address FROM property WHERE deleted_at IS NULL AND address <> '' ORDER BY id LIMIT 200")
    .pluck()
    .all() as string[];
  const district = sqlite
    .prepare('SELECT district FROM property WHERE district IS NOT NULL LIMIT 1')
    .pluck()
    .get() as string | undefined;
  // Typing: 1, 2 and 4 characters of a real place name (after the common 県郡町 prefix), then a number.
  const typed = addresses.flatMap((a, i) => {
    const place = Array.from(a.replace(/^.*?[町村]/, ''));
    return [place.slice(0, 1), place.slice(0, 2), place.slice(0, 4)]
      .map((p) => p.join(''))
      .slice(i % 3, (i % 3) + 1);
  });
  const sorts = ['ref_number', 'address', 'status', 'year_built', 'last_inspection'];
  const filters: Record<string, unknown>[] = [
    {},
    { statuses: ['candidate'] },
    { statuses: ['surveyed', 'negotiating'] },
    { seismic: 'old' },
    { inspection: 'none' },
    { inspection: 'older', olderThanMonths: 12 },
    { bankConsent: 'valid' },
    { bankConsent: 'expired', statuses: ['bank_listed'] },
    ...(district ? [{ district }] : []),
  ];
  const queries: Record<string, unknown>[] = [];
  for (let i = 0; i < 120; i++) {
    queries.push({
      ...(filters[i % filters.length] ?? {}),
      query: i % 2 ? (typed[i % typed.length] ?? '') : '',
      sort: sorts[i % sorts.length],
      descending: i % 4 === 0,
    });
  }
  return queries;
}
