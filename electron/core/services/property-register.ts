import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { consentState } from '../../../shared/domain/akiya/consent.ts';
import { type SeismicStandard, seismicStandard } from '../../../shared/domain/akiya/seismic.ts';
import type { Role } from '../../../shared/domain/enums.ts';
import {
  PROPERTY_STATUSES,
  type PropertyStatus,
  type Structure,
  type VacancyLikelihood,
} from '../../../shared/domain/enums.ts';
import { canSeeSensitive } from '../../../shared/domain/permissions.ts';
import type {
  RegisterConsentState,
  RegisterRow,
  RegisterSort,
  RegisterView,
} from '../../../shared/ipc/views/akiya-register.ts';
import { normalizeForSearch } from '../../../shared/text/search-normalize.ts';
import type { SearchIndex } from '../search/search-index.ts';
import type { Actor } from '../write/record-writer.ts';

export interface RegisterQuery {
  query: string;
  statuses: PropertyStatus[];
  district?: string | undefined;
  seismic?: SeismicStandard | undefined;
  vacancyLikelihood?: VacancyLikelihood | undefined;
  bankConsent?: RegisterConsentState | undefined;
  inspection?: 'none' | 'older' | undefined;
  olderThanMonths: number;
  sort: RegisterSort;
  descending: boolean;
  offset: number;
  limit: number;
}

interface PropertyRow {
  id: string;
  ref_number: string | null;
  address: string;
  lot_number: string | null;
  district: string | null;
  status: string;
  structure: string | null;
  year_built: number | null;
  permit_date: string | null;
  vacancy_likelihood: string | null;
  price_yen: number | null;
  rent_yen: number | null;
}

interface ConsentRow {
  property_id: string;
  given_on: string;
  expires_on: string | null;
  withdrawn_on: string | null;
}

const COLUMNS = `p.id, p.ref_number, p.address, p.lot_number, p.district, p.status, p.structure, p.year_built,
  p.permit_date, p.vacancy_likelihood, p.price_yen, p.rent_yen`;

const STATUS_ORDER = new Map<string, number>(PROPERTY_STATUSES.map((s, i) => [s, i]));

/** A register row with its sort keys, computed once per snapshot. */
interface Entry {
  row: RegisterRow;
  ref: string | null;
  place: string | null;
}

/** The town's whole register as of one state of the database and one calendar day. */
interface Snapshot {
  stamp: string;
  day: string;
  entries: Entry[];
  districts: string[];
}

/**
 * The 空き家台帳 register (the /akiya list). A town has a few thousand properties at most, so the whole
 * live inventory is read in a few indexed queries and filtered, counted and sorted here: the derived
 * columns (旧耐震, the consent state of the day) come from the same pure rules every other path uses
 * (shared/domain/akiya/), which SQL could only copy.
 *
 * Search as you type asks again on every keystroke, so the register is kept as a snapshot until the
 * database changes (any write on this connection, counted by total_changes(), or by another one, seen
 * in PRAGMA data_version: sync, another window, a test's own connection) or the day turns; a keystroke
 * then costs the FTS lookup and a pass over the snapshot.
 */
export class PropertyRegister {
  private readonly search: SearchIndex;
  private readonly actor: Actor;
  private readonly today: () => string;
  /** Whether this person may see owners: if not, a search finds a house only by what the list shows. */
  private readonly seesOwners: boolean;
  private readonly stmts;
  private snapshot: Snapshot | null = null;

  constructor(
    sqlite: BetterSqlite3.Database,
    search: SearchIndex,
    actor: Actor,
    today: () => string,
    role: Role,
  ) {
    this.search = search;
    this.seesOwners = canSeeSensitive(role);
    this.actor = actor;
    this.today = today;
    this.stmts = {
      totalChanges: sqlite.prepare('SELECT total_changes()').pluck(),
      dataVersion: sqlite.prepare('PRAGMA data_version').pluck(),
      all: sqlite.prepare(
        `SELECT ${COLUMNS} FROM property p WHERE p.municipality_id = ? AND p.deleted_at IS NULL`,
      ),
      lastInspections: sqlite.prepare(
        `SELECT property_id, max(inspected_on) AS last FROM inspection
          WHERE municipality_id = ? AND deleted_at IS NULL GROUP BY property_id`,
      ),
      matching: sqlite
        .prepare(
          `SELECT sd.ref_id FROM search_doc sd
            WHERE sd.kind = 'property' AND sd.municipality_id = ?
              AND sd.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)`,
        )
        .pluck(),
      consents: sqlite.prepare(
        `SELECT c.property_id, c.given_on, c.expires_on, c.withdrawn_on FROM property_consent c
          WHERE c.municipality_id = ? AND c.purpose = 'bank_listing' AND c.deleted_at IS NULL`,
      ),
      // Over the whole town, not the filtered rows: a duplicate is a duplicate whatever is shown.
      duplicates: sqlite
        .prepare(
          `SELECT ref_number FROM property
            WHERE municipality_id = ? AND deleted_at IS NULL AND ref_number IS NOT NULL AND ref_number <> ''
            GROUP BY ref_number HAVING count(*) > 1`,
        )
        .pluck(),
      districts: sqlite
        .prepare(
          `SELECT DISTINCT district FROM property
            WHERE municipality_id = ? AND deleted_at IS NULL AND district IS NOT NULL AND district <> ''
            ORDER BY district`,
        )
        .pluck(),
    };
  }

  list(q: RegisterQuery): RegisterView {
    const town = this.actor.municipalityId;
    const snapshot = this.current(town);
    let found: Set<string> | null = null;
    if (q.query.trim() !== '') {
      const match = this.search.matchClause(q.query);
      // Typed text that normalises to nothing (only punctuation) matches nothing rather than everything.
      found = new Set(match === null ? [] : (this.stmts.matching.all(town, match) as string[]));
      // The search document holds the owner's name and furigana (staff find a house by its owner). A
      // surveyor may not see owners, so a match is kept only when the typed text is in what the list
      // shows; otherwise typing a name would reveal which house that person owns.
      if (!this.seesOwners) found = visibleMatches(snapshot.entries, found, normalizeForSearch(q.query));
    }
    const cutoff = monthsBefore(snapshot.day, q.olderThanMonths);
    const statusCounts = Object.fromEntries(PROPERTY_STATUSES.map((s) => [s, 0])) as Record<
      PropertyStatus,
      number
    >;
    const wanted = new Set<string>(q.statuses);
    const kept: Entry[] = [];
    for (const entry of snapshot.entries) {
      const row = entry.row;
      if (found && !found.has(row.id)) continue;
      if (!passes(row, q, cutoff)) continue;
      statusCounts[row.status] += 1;
      if (wanted.size === 0 || wanted.has(row.status)) kept.push(entry);
    }
    const sorted = sortEntries(kept, q.sort, q.descending);
    return {
      rows: sorted.slice(q.offset, q.offset + q.limit),
      offset: q.offset,
      total: sorted.length,
      statusCounts,
      districts: snapshot.districts,
      day: snapshot.day,
    };
  }

  /** The snapshot for the database as it is now and today's date, rebuilt only when either moved. */
  private current(town: string): Snapshot {
    const day = this.today();
    const stamp = `${this.stmts.totalChanges.get()}:${this.stmts.dataVersion.get()}`;
    const known = this.snapshot;
    if (known && known.stamp === stamp && known.day === day) return known;
    const consents = this.consentsByProperty(town, day);
    const duplicates = new Set(this.stmts.duplicates.all(town) as string[]);
    const inspected = new Map(
      (this.stmts.lastInspections.all(town) as { property_id: string; last: string }[]).map((r) => [
        r.property_id,
        r.last,
      ]),
    );
    const entries = (this.stmts.all.all(town) as PropertyRow[]).map((p): Entry => {
      const row = toRow(p, inspected.get(p.id) ?? null, consents.get(p.id) ?? 'none', duplicates);
      return {
        row,
        ref: row.refNumber ? refKey(row.refNumber) : null,
        place: row.address || row.lotNumber || null,
      };
    });
    const snapshot = { stamp, day, entries, districts: this.stmts.districts.all(town) as string[] };
    this.snapshot = snapshot;
    return snapshot;
  }

  /** Each property's 空き家バンク掲載 consent state on `day`: valid if any consent is, else the latest's. */
  private consentsByProperty(town: string, day: string): Map<string, RegisterConsentState> {
    const latest = new Map<string, { givenOn: string; state: RegisterConsentState }>();
    for (const c of this.stmts.consents.all(town) as ConsentRow[]) {
      const known = latest.get(c.property_id);
      if (known?.state === 'valid') continue;
      const s = consentState(
        {
          purpose: 'bank_listing',
          givenOn: c.given_on,
          expiresOn: c.expires_on,
          withdrawnOn: c.withdrawn_on,
        },
        day,
      );
      // A consent given for a later day does not count yet: as if there were none.
      const state: RegisterConsentState =
        s === 'valid' ? 'valid' : s === 'expired' ? 'expired' : s === 'withdrawn' ? 'withdrawn' : 'none';
      if (state === 'valid' || !known || (known.state === 'none' && state !== 'none')) {
        latest.set(c.property_id, { givenOn: c.given_on, state });
      } else if (state !== 'none' && c.given_on > known.givenOn) {
        latest.set(c.property_id, { givenOn: c.given_on, state });
      }
    }
    return new Map([...latest].map(([id, v]) => [id, v.state]));
  }
}

function toRow(
  p: PropertyRow,
  lastInspection: string | null,
  bankConsent: RegisterConsentState,
  duplicates: Set<string>,
): RegisterRow {
  return {
    id: p.id,
    refNumber: p.ref_number,
    duplicateRef: p.ref_number !== null && duplicates.has(p.ref_number),
    address: p.address,
    lotNumber: p.lot_number,
    district: p.district,
    status: p.status as PropertyStatus,
    structure: p.structure as Structure | null,
    yearBuilt: p.year_built,
    seismic: seismicStandard({ permitDate: p.permit_date, yearBuilt: p.year_built }),
    vacancyLikelihood: p.vacancy_likelihood as VacancyLikelihood | null,
    bankConsent,
    lastInspection,
    priceYen: p.price_yen,
    rentYen: p.rent_yen,
  };
}

/** Every filter but the status one (the status counts are taken after these). */
function passes(row: RegisterRow, q: RegisterQuery, cutoff: string): boolean {
  if (q.district && row.district !== q.district) return false;
  if (q.seismic && row.seismic !== q.seismic) return false;
  if (q.vacancyLikelihood && row.vacancyLikelihood !== q.vacancyLikelihood) return false;
  if (q.bankConsent && row.bankConsent !== q.bankConsent) return false;
  if (q.inspection === 'none' && row.lastInspection !== null) return false;
  if (q.inspection === 'older' && (row.lastInspection === null || row.lastInspection >= cutoff)) return false;
  return true;
}

/** 'YYYY-MM-DD' n months earlier; the 31st of a shorter month becomes its last day. */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** 整理番号 compare as people read them: 「A-9」 before 「A-10」 (digit runs padded). */
function refKey(ref: string): string {
  return ref.normalize('NFKC').replace(/\d+/g, (digits) => digits.padStart(12, '0'));
}

type Key = string | number | null;

/**
 * Sorted by keys computed once per snapshot (a comparator that rebuilt keys or used a locale collator
 * cost more than the query on 3,000 rows). Rows without the key go last in either direction, except
 * the last inspection: never inspected is the most overdue, so it comes first when ascending. Ties go
 * by 整理番号, then id, so the order never jumps between keystrokes.
 */
function sortEntries(entries: Entry[], sort: RegisterSort, descending: boolean): RegisterRow[] {
  const keyOf: (e: Entry) => Key = {
    ref_number: (e: Entry) => e.ref,
    address: (e: Entry) => e.place,
    status: (e: Entry) => STATUS_ORDER.get(e.row.status) ?? 99,
    year_built: (e: Entry) => e.row.yearBuilt,
    last_inspection: (e: Entry) => e.row.lastInspection ?? '',
  }[sort];
  const keyed = entries.map((e) => ({ e, key: keyOf(e), tie: e.ref ?? '\uffff' }));
  const dir = descending ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.key !== b.key) {
      if (a.key === null) return 1;
      if (b.key === null) return -1;
      return (a.key < b.key ? -1 : 1) * dir;
    }
    if (a.tie !== b.tie) return a.tie < b.tie ? -1 : 1;
    return a.e.row.id < b.e.row.id ? -1 : a.e.row.id > b.e.row.id ? 1 : 0;
  });
  return keyed.map((k) => k.e.row);
}

/** The matches whose 整理番号, 住居表示, 地番 or 地区 contain the typed text (normalised alike). */
function visibleMatches(entries: readonly Entry[], found: Set<string>, typed: string): Set<string> {
  const kept = new Set<string>();
  for (const { row } of entries) {
    if (!found.has(row.id)) continue;
    const shown = [row.refNumber, row.address, row.lotNumber, row.district]
      .map((part) => normalizeForSearch(part ?? ''))
      .join('\n');
    if (typed !== '' && shown.includes(typed)) kept.add(row.id);
  }
  return kept;
}
