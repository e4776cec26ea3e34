import type BetterSqlite3 from 'better-sqlite3';
import type { RegisterRow } from '../../../shared/ipc/views/akiya-register.ts';
import type { EventSummary } from '../../../shared/ipc/views/community-events.ts';
import { LABELS, label } from './labels.ts';
import type { Cell, ExportTable } from './table.ts';

/**
 * The record lists as tables. Which records is decided by the list services with the filters the
 * page shows (FamilyService.list, EventService.list, PropertyRegister.list), so a file holds exactly
 * the rows on screen, in the screen's order; the columns are read here, in a few queries over those
 * ids. Allergies and care notes are never exported (they stay behind the audited view).
 */

/** The same stay conditions the family list filters by (FamilyService's stay filter). */
export interface StayConditions {
  programme?: string | undefined;
  stayStatus?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  area?: string | undefined;
}

const yesNo = (v: number | null) => (v ? LABELS.yes : LABELS.no);

/** Whole days from one calendar day to another (departure − arrival). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

interface FamilyRow {
  id: string;
  family_name: string;
  family_name_kana: string;
  home_postal_code: string | null;
  home_prefecture: string | null;
  home_city: string | null;
  phone: string | null;
  email: string | null;
  emergency_contact_name: string | null;
  emergency_contact_phone: string | null;
  referral_source: string | null;
  consent_photo: number;
  consent_share: number;
  notes: string | null;
  updated_at: string;
  members: number;
  children: number;
  stays: number;
  last_arrival: string | null;
}

export function familyTables(
  sqlite: BetterSqlite3.Database,
  town: string,
  ids: readonly string[],
): ExportTable[] {
  const rows = sqlite
    .prepare(
      `SELECT f.id, f.family_name, f.family_name_kana, f.home_postal_code, f.home_prefecture, f.home_city,
              f.phone, f.email, f.emergency_contact_name, f.emergency_contact_phone, f.referral_source,
              f.consent_photo, f.consent_share, f.notes, f.updated_at,
              (SELECT count(*) FROM family_member m WHERE m.family_id = f.id AND m.deleted_at IS NULL) AS members,
              (SELECT count(*) FROM family_member m WHERE m.family_id = f.id AND m.deleted_at IS NULL
                 AND m.relation = 'child') AS children,
              (SELECT count(*) FROM stay s WHERE s.family_id = f.id AND s.deleted_at IS NULL
                 AND s.status <> 'cancelled') AS stays,
              (SELECT max(s.arrival) FROM stay s WHERE s.family_id = f.id AND s.deleted_at IS NULL
                 AND s.status <> 'cancelled') AS last_arrival
         FROM family f
        WHERE f.municipality_id = ? AND f.deleted_at IS NULL AND f.id IN (SELECT value FROM json_each(?))`,
    )
    .all(town, JSON.stringify(ids)) as FamilyRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = ids.flatMap((id) => byId.get(id) ?? []);
  const families: ExportTable = {
    name: '家族',
    columns: [
      { header: '家族名', kind: 'text', width: 14 },
      { header: 'ふりがな', kind: 'text', width: 16 },
      { header: '郵便番号', kind: 'text', width: 10 },
      { header: '都道府県', kind: 'text', width: 10 },
      { header: '市区町村', kind: 'text', width: 14 },
      { header: '電話', kind: 'text', width: 15 },
      { header: 'メール', kind: 'text', width: 26 },
      { header: '緊急連絡先', kind: 'text', width: 14 },
      { header: '緊急連絡先電話', kind: 'text', width: 15 },
      { header: '知ったきっかけ', kind: 'text', width: 18 },
      { header: '写真の利用同意', kind: 'text', width: 8 },
      { header: '連携先との共有同意', kind: 'text', width: 8 },
      { header: '人数', kind: 'int', width: 7 },
      { header: '子ども', kind: 'int', width: 7 },
      { header: '滞在回数', kind: 'int', width: 8 },
      { header: '最終到着日', kind: 'date' },
      { header: 'メモ', kind: 'text', width: 30 },
      { header: '更新日時', kind: 'datetime' },
    ],
    rows: ordered.map((f) => [
      f.family_name,
      f.family_name_kana,
      f.home_postal_code,
      f.home_prefecture,
      f.home_city,
      f.phone,
      f.email,
      f.emergency_contact_name,
      f.emergency_contact_phone,
      f.referral_source,
      yesNo(f.consent_photo),
      yesNo(f.consent_share),
      f.members,
      f.children,
      f.stays,
      f.last_arrival,
      f.notes,
      f.updated_at,
    ]),
  };
  const members = sqlite
    .prepare(
      `SELECT m.family_id, m.given_name, m.given_name_kana, m.relation, m.birth_date, m.grade
         FROM family_member m
        WHERE m.municipality_id = ? AND m.deleted_at IS NULL AND m.family_id IN (SELECT value FROM json_each(?))
        ORDER BY CASE m.relation WHEN 'parent' THEN 0 WHEN 'child' THEN 1 ELSE 2 END, m.birth_date, m.id`,
    )
    .all(town, JSON.stringify(ids)) as {
    family_id: string;
    given_name: string;
    given_name_kana: string;
    relation: string;
    birth_date: string | null;
    grade: string | null;
  }[];
  const order = new Map(ids.map((id, i) => [id, i]));
  members.sort((a, b) => (order.get(a.family_id) ?? 0) - (order.get(b.family_id) ?? 0));
  const memberTable: ExportTable = {
    name: '家族構成',
    columns: [
      { header: '家族名', kind: 'text', width: 14 },
      { header: '名', kind: 'text', width: 12 },
      { header: 'ふりがな', kind: 'text', width: 14 },
      { header: '続柄', kind: 'text', width: 8 },
      { header: '生年月日', kind: 'date' },
      { header: '学年', kind: 'text', width: 10 },
    ],
    rows: members.map((m) => [
      byId.get(m.family_id)?.family_name ?? null,
      m.given_name,
      m.given_name_kana,
      label(LABELS.relation, m.relation),
      m.birth_date,
      m.grade,
    ]),
  };
  return [families, memberTable];
}

interface StayRow {
  family_id: string;
  family_name: string;
  family_name_kana: string;
  programme: string;
  status: string;
  planned_arrival: string;
  planned_departure: string;
  actual_arrival: string | null;
  actual_departure: string | null;
  arrival: string;
  departure: string;
  lodging: string | null;
  school_name: string | null;
  notes: string | null;
  people: number;
}

/** The stays of the listed families that meet the list's stay conditions (all of them when none). */
export function stayTable(
  sqlite: BetterSqlite3.Database,
  town: string,
  familyIds: readonly string[],
  when: StayConditions,
): ExportTable {
  const area = when.area ? `%${when.area.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = sqlite
    .prepare(
      `SELECT s.family_id, f.family_name, f.family_name_kana, s.programme, s.status, s.planned_arrival,
              s.planned_departure, s.actual_arrival, s.actual_departure, s.arrival, s.departure,
              coalesce(p.address, s.lodging_text) AS lodging, s.school_name, s.notes,
              (SELECT count(*) FROM stay_member sm WHERE sm.stay_id = s.id AND sm.deleted_at IS NULL) AS people
         FROM stay s
         JOIN family f ON f.id = s.family_id
         LEFT JOIN property p ON p.id = s.lodging_property_id
        WHERE s.municipality_id = ? AND s.deleted_at IS NULL
          AND s.family_id IN (SELECT value FROM json_each(?))
          AND (? IS NULL OR s.programme = ?)
          AND (? IS NULL OR s.status = ?)
          AND (? IS NULL OR s.departure >= ?)
          AND (? IS NULL OR s.arrival <= ?)
          AND (? IS NULL OR p.address LIKE ? ESCAPE '\\' OR s.lodging_text LIKE ? ESCAPE '\\')
        ORDER BY s.arrival, f.family_name_kana, s.id`,
    )
    .all(
      town,
      JSON.stringify(familyIds),
      when.programme ?? null,
      when.programme ?? null,
      when.stayStatus ?? null,
      when.stayStatus ?? null,
      when.from ?? null,
      when.from ?? null,
      when.to ?? null,
      when.to ?? null,
      area,
      area,
      area,
    ) as StayRow[];
  return {
    name: '滞在',
    columns: [
      { header: '家族名', kind: 'text', width: 14 },
      { header: 'ふりがな', kind: 'text', width: 16 },
      { header: 'プログラム', kind: 'text', width: 14 },
      { header: '状態', kind: 'text', width: 8 },
      { header: '到着予定日', kind: 'date' },
      { header: '出発予定日', kind: 'date' },
      { header: '到着日', kind: 'date' },
      { header: '出発日', kind: 'date' },
      { header: '泊数', kind: 'int', width: 7 },
      { header: '人数', kind: 'int', width: 7 },
      { header: '人泊', kind: 'int', width: 8 },
      { header: '宿泊先', kind: 'text', width: 24 },
      { header: '学校・園', kind: 'text', width: 16 },
      { header: 'メモ', kind: 'text', width: 30 },
    ],
    rows: rows.map((s): Cell[] => {
      // Nights by the domain's rule (actual dates when known, else planned); none for a cancelled stay.
      const nights = s.status === 'cancelled' ? null : daysBetween(s.arrival, s.departure);
      return [
        s.family_name,
        s.family_name_kana,
        label(LABELS.programme, s.programme),
        label(LABELS.stayStatus, s.status),
        s.planned_arrival,
        s.planned_departure,
        s.actual_arrival,
        s.actual_departure,
        nights,
        s.people,
        nights === null ? null : nights * s.people,
        s.lodging,
        s.school_name,
        s.notes,
      ];
    }),
  };
}

interface CheckinRow {
  date: string;
  recorded_at: string;
  family_name: string;
  kind: string;
  condition: string;
  note: string | null;
  follow_up_needed: number;
  follow_up_on: string | null;
  follow_up_done_at: string | null;
}

/** The check-ins of the listed families, on days within [from, to] when the list has a period. */
export function checkinTable(
  sqlite: BetterSqlite3.Database,
  town: string,
  familyIds: readonly string[],
  when: Pick<StayConditions, 'from' | 'to'>,
): ExportTable {
  const rows = sqlite
    .prepare(
      `SELECT c.date, c.recorded_at, f.family_name, c.kind, c.condition, c.note, c.follow_up_needed,
              c.follow_up_on, c.follow_up_done_at
         FROM checkin c JOIN family f ON f.id = c.family_id
        WHERE c.municipality_id = ? AND c.deleted_at IS NULL
          AND c.family_id IN (SELECT value FROM json_each(?))
          AND (? IS NULL OR c.date >= ?) AND (? IS NULL OR c.date <= ?)
        ORDER BY c.date, c.recorded_at, c.id`,
    )
    .all(
      town,
      JSON.stringify(familyIds),
      when.from ?? null,
      when.from ?? null,
      when.to ?? null,
      when.to ?? null,
    ) as CheckinRow[];
  return {
    name: '日々の記録',
    columns: [
      { header: '日付', kind: 'date' },
      { header: '記録日時', kind: 'datetime' },
      { header: '家族名', kind: 'text', width: 14 },
      { header: '種類', kind: 'text', width: 8 },
      { header: '状態', kind: 'text', width: 8 },
      { header: 'メモ', kind: 'text', width: 40 },
      { header: '要フォロー', kind: 'text', width: 8 },
      { header: 'フォロー期日', kind: 'date' },
      { header: 'フォロー完了', kind: 'datetime' },
    ],
    rows: rows.map((c) => [
      c.date,
      c.recorded_at,
      c.family_name,
      label(LABELS.checkinKind, c.kind),
      label(LABELS.condition, c.condition),
      c.note,
      c.follow_up_needed ? LABELS.yes : null,
      c.follow_up_on,
      c.follow_up_done_at,
    ]),
  };
}

interface ApplicationRow {
  event_id: string;
  family_name: string | null;
  supporter_name: string | null;
  head_count: number;
  status: string;
  walk_in: number;
  applied_at: string;
  marks: number;
}

/** The listed events, and every application to them with its roll-call marks. */
export function eventTables(
  sqlite: BetterSqlite3.Database,
  town: string,
  events: readonly EventSummary[],
  now: string,
  fees: ReadonlyMap<string, number | null>,
): ExportTable[] {
  const eventTable: ExportTable = {
    name: 'イベント',
    columns: [
      { header: '開始日時', kind: 'datetime' },
      { header: '終了日時', kind: 'datetime' },
      { header: 'タイトル', kind: 'text', width: 28 },
      { header: '種類', kind: 'text', width: 10 },
      { header: '場所', kind: 'text', width: 24 },
      { header: '定員', kind: 'int', width: 7 },
      { header: '状態', kind: 'text', width: 9 },
      { header: '申込人数', kind: 'int', width: 9 },
      { header: 'キャンセル待ち', kind: 'int', width: 9 },
      { header: '参加者数', kind: 'int', width: 9 },
      { header: '参加費', kind: 'yen' },
    ],
    rows: events.map((e) => [
      e.startsAt,
      e.endsAt,
      e.title,
      e.kindLabel ?? label(LABELS.eventKind, e.kind),
      e.placeText,
      e.capacity,
      e.status === 'cancelled'
        ? LABELS.eventStatus.cancelled
        : e.endsAt < now
          ? LABELS.eventStatus.held
          : LABELS.eventStatus.planned,
      e.counts.appliedHeads,
      e.counts.waiting,
      e.counts.attendedPeople,
      fees.get(e.id) ?? null,
    ]),
  };
  const apps = sqlite
    .prepare(
      `SELECT a.event_id, f.family_name, s.name AS supporter_name, a.head_count, a.status, a.walk_in,
              a.applied_at,
              (SELECT count(*) FROM event_attendance t WHERE t.application_id = a.id AND t.deleted_at IS NULL) AS marks
         FROM event_application a
         LEFT JOIN family f ON f.id = a.family_id
         LEFT JOIN supporter s ON s.id = a.supporter_id
        WHERE a.municipality_id = ? AND a.deleted_at IS NULL AND a.event_id IN (SELECT value FROM json_each(?))
        ORDER BY a.applied_at, a.id`,
    )
    .all(town, JSON.stringify(events.map((e) => e.id))) as ApplicationRow[];
  const order = new Map(events.map((e, i) => [e.id, i]));
  apps.sort((a, b) => (order.get(a.event_id) ?? 0) - (order.get(b.event_id) ?? 0));
  const byId = new Map(events.map((e) => [e.id, e]));
  const attendance: ExportTable = {
    name: '参加記録',
    columns: [
      { header: 'イベント', kind: 'text', width: 28 },
      { header: '開始日時', kind: 'datetime' },
      { header: '申込者', kind: 'text', width: 16 },
      { header: '区分', kind: 'text', width: 9 },
      { header: '人数', kind: 'int', width: 7 },
      { header: '申込状態', kind: 'text', width: 12 },
      { header: '参加マーク', kind: 'int', width: 9 },
      { header: '当日参加', kind: 'text', width: 8 },
      { header: '申込日時', kind: 'datetime' },
    ],
    rows: apps.map((a) => [
      byId.get(a.event_id)?.title ?? null,
      byId.get(a.event_id)?.startsAt ?? null,
      a.family_name ?? a.supporter_name,
      a.family_name !== null ? '家族' : 'サポーター',
      a.head_count,
      label(LABELS.applicationStatus, a.status),
      a.marks,
      a.walk_in ? LABELS.yes : null,
      a.applied_at,
    ]),
  };
  return [eventTable, attendance];
}

/** Owner columns for one property: the values, or a reason they were left out. */
export type OwnerCells = { name: string | null; contact: string | null } | 'withheld';

/** The register rows as the list shows them, with the owner columns when asked for. */
export function registerTable(
  rows: readonly RegisterRow[],
  owners: ReadonlyMap<string, OwnerCells> | null,
): ExportTable {
  const columns: ExportTable['columns'] = [
    { header: '整理番号', kind: 'text', width: 10 },
    { header: '住所', kind: 'text', width: 28 },
    { header: '地番', kind: 'text', width: 12 },
    { header: '地区', kind: 'text', width: 10 },
    { header: '状態', kind: 'text', width: 12 },
    { header: '構造', kind: 'text', width: 8 },
    { header: '建築年', kind: 'int', width: 8 },
    { header: '耐震基準', kind: 'text', width: 8 },
    { header: '空家可能性', kind: 'text', width: 8 },
    { header: 'バンク掲載同意', kind: 'text', width: 10 },
    { header: '最終調査日', kind: 'date' },
    { header: '価格', kind: 'yen' },
    { header: '賃料', kind: 'yen' },
  ];
  if (owners) {
    columns.push(
      { header: '所有者氏名', kind: 'text', width: 14 },
      { header: '所有者連絡先', kind: 'text', width: 20 },
      { header: '所有者情報', kind: 'text', width: 18 },
    );
  }
  return {
    name: '空き家台帳',
    columns,
    rows: rows.map((r) => {
      const cells: Cell[] = [
        r.refNumber,
        r.address,
        r.lotNumber,
        r.district,
        label(LABELS.propertyStatus, r.status),
        label(LABELS.structure, r.structure),
        r.yearBuilt,
        label(LABELS.seismic, r.seismic),
        label(LABELS.vacancy, r.vacancyLikelihood),
        label(LABELS.consent, r.bankConsent),
        r.lastInspection,
        r.priceYen,
        r.rentYen,
      ];
      if (owners) {
        const o = owners.get(r.id) ?? 'withheld';
        if (o === 'withheld') cells.push(null, null, '同意なし（記載せず）');
        else cells.push(o.name, o.contact, '同意に基づき記載');
      }
      return cells;
    }),
  };
}
