import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { consentState } from '../../../shared/domain/akiya/consent.ts';
import { FACILITY_VALUES } from '../../../shared/domain/akiya/listing.ts';
import { seismicStandard } from '../../../shared/domain/akiya/seismic.ts';
import {
  APPLICATION_STATUSES,
  BUILDING_TYPES,
  BUILDING_USES,
  CHECKIN_KINDS,
  CONDITIONS,
  CONSENT_PURPOSES,
  CONSENT_SCOPES,
  DEAL_TYPES,
  DISCLOSURE_KINDS,
  ENQUIRY_CHANNELS,
  ENQUIRY_OUTCOMES,
  EVENT_KINDS,
  INHERITANCE_STATES,
  OWNER_INTENTS,
  PROGRAMMES,
  PROPERTY_STATUSES,
  RELATIONS,
  REPAIR_NEEDS,
  STAY_STATUSES,
  STRUCTURES,
  VACANCY_LIKELIHOODS,
} from '../../../shared/domain/enums.ts';
import { storedHeadline } from '../../../shared/domain/inspection/progress.ts';
import { answerFault, scoreInspection } from '../../../shared/domain/inspection/score.ts';
import { answerId } from '../../../shared/ids.ts';
import { templateLibrary } from '../../../shared/node/inspection-templates.ts';
import { normalizePhone } from '../../../shared/text/contact.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../db/migrations-fs.ts';
import { migrate } from '../db/migrator.ts';
import { gradeOn, parseDay } from './dates.ts';
import {
  type ConsentRow,
  generateSample,
  SAMPLE_SIZES_SPEC,
  type SampleData,
  type SampleOptions,
  type StatusChangeRow,
} from './generate.ts';
import {
  BOY_NAMES,
  ELDER_MAN_NAMES,
  ELDER_WOMAN_NAMES,
  FATHER_NAMES,
  GIRL_NAMES,
  MOTHER_NAMES,
  SURNAMES,
} from './names.ts';
import { kanaToRomaji } from './romaji.ts';
import { UUID_V7_RE, uuidV7Time } from './uuid7.ts';

const TODAY = '2025-06-15';
const BASE: Omit<SampleOptions, 'size'> = {
  municipalityId: 'kagoshima-kinko',
  authorId: '0190a0b0-0000-7000-8000-000000000001',
  today: TODAY,
  seed: 42,
};

/** The table each SampleData list goes to. */
const TABLE_OF: Record<keyof SampleData, string> = {
  families: 'family',
  members: 'family_member',
  properties: 'property',
  consents: 'property_consent',
  statusChanges: 'property_status_change',
  disclosures: 'disclosure',
  stays: 'stay',
  stayMembers: 'stay_member',
  checkins: 'checkin',
  inspections: 'inspection',
  inspectionAnswers: 'inspection_answer',
  events: 'event',
  supporters: 'supporter',
  applications: 'event_application',
  eventAttendance: 'event_attendance',
  enquiries: 'enquiry',
  coefficients: 'kpi_coefficient',
};

type ColumnType = 'TEXT' | 'INTEGER' | 'REAL';

/**
 * Column names and declared types of every table after all migrations (later ones add columns at the
 * end), without the generated columns (table_info leaves them out).
 */
function migrationColumns(): Map<string, { name: string; type: ColumnType; notNull: boolean }[]> {
  const db = new BetterSqlite3(':memory:');
  migrate(db, loadMigrationsFromDir(REPO_MIGRATIONS_DIR));
  const tables = new Map<string, { name: string; type: ColumnType; notNull: boolean }[]>();
  for (const table of Object.values(TABLE_OF)) {
    const info = db.prepare(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`).all(table) as {
      name: string;
      type: ColumnType;
      notnull: number;
      pk: number;
    }[];
    tables.set(
      table,
      info.map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1 || c.pk === 1 })),
    );
  }
  db.close();
  return tables;
}

const HIRAGANA = /^[\u3041-\u3096ー]+$/u;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const NOW = '2025-06-15T03:00:00.000Z'; // noon JST on TODAY

const HIRAGANA_NAME = /^[\u3041-\u3096ー]+ [\u3041-\u3096ー]+$/u;
const FULL_NAME_KANA = /^[\u3041-\u3096ー]+　[\u3041-\u3096ー]+$/u;
const BIT = new Set<unknown>([0, 1]);

/**
 * A plain assertion for the per-row checks: `expect` on a few hundred thousand rows of the large
 * sample costs seconds, and the message names the offending row anyway.
 */
function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

function hash(data: SampleData): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex');
}

function rows(data: SampleData): [keyof SampleData, Record<string, unknown>[]][] {
  return (Object.keys(TABLE_OF) as (keyof SampleData)[]).map((k) => [
    k,
    data[k] as unknown as Record<string, unknown>[],
  ]);
}

/** Everything that must hold for any size. */
function checkInvariants(data: SampleData, options: SampleOptions): void {
  const columns = migrationColumns();
  const ids = new Set<string>();
  const today = parseDay(TODAY);

  for (const [key, list] of rows(data)) {
    const cols = columns.get(TABLE_OF[key]);
    expect(cols, TABLE_OF[key]).toBeDefined();
    const joined = (cols ?? []).map((c) => c.name).join();
    for (const row of list) {
      // Exactly the table's columns, in its order, with values of the declared STRICT type.
      check(Object.keys(row).join() === joined, `${key}: columns ${Object.keys(row).join()}`);
      for (const c of cols ?? []) {
        const v = row[c.name];
        if (v === null) {
          if (c.notNull) throw new Error(`${key}.${c.name} is null`);
          continue;
        }
        const ok =
          c.type === 'TEXT'
            ? typeof v === 'string'
            : c.type === 'INTEGER'
              ? Number.isInteger(v)
              : typeof v === 'number';
        if (!ok) throw new Error(`${key}.${c.name}: ${JSON.stringify(v)} is not ${c.type}`);
      }
      const id = row.id as string;
      if (ids.has(id)) throw new Error(`duplicate id ${id}`);
      ids.add(id);
      // An answer's id is derived from (inspection, item) as the app derives it (checked below).
      if (key !== 'inspectionAnswers') {
        if (!UUID_V7_RE.test(id)) throw new Error(`${key}: not a UUIDv7: ${id}`);
        // The id's timestamp is the creation time.
        check(uuidV7Time(id) === Date.parse(row.created_at as string), `${key}: id time ≠ created_at`);
      }
      check(row.municipality_id === options.municipalityId, `${key}: municipality_id`);
      check(row.created_by === options.authorId && row.updated_by === options.authorId, `${key}: author`);
      check(row.deleted_at === null, `${key}: deleted_at`);
      for (const c of ['created_at', 'updated_at']) {
        if (!INSTANT.test(row[c] as string)) throw new Error(`${key}.${c}: ${row[c]}`);
      }
      if ((row.updated_at as string) < (row.created_at as string))
        throw new Error(`${key}: updated before created`);
      if ((row.updated_at as string) > NOW) throw new Error(`${key}: updated after now: ${row.updated_at}`);
    }
  }

  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((r) => [r.id, r]));
  const families = byId(data.families);
  const members = byId(data.members);
  const properties = byId(data.properties);
  const stays = byId(data.stays);
  const inspections = byId(data.inspections);
  const events = byId(data.events);
  const refNumbers = new Set<string | null>();
  const fk = (map: Map<string, unknown>, id: string | null, what: string) => {
    if (id !== null && !map.has(id)) throw new Error(`dangling ${what}: ${id}`);
  };

  const inSet = (values: readonly string[], v: string, what: string) => {
    if (!values.includes(v)) throw new Error(`${what}: ${v} not in CHECK list`);
  };

  for (const f of data.families) {
    if (!HIRAGANA.test(f.family_name_kana)) throw new Error(`family kana: ${f.family_name_kana}`);
    for (const p of [f.phone, f.emergency_contact_phone])
      check(p === null || normalizePhone(p) === p, `phone ${p}`);
    check(f.phone === null || /^0[789]0\d{8}$/.test(f.phone), `mobile ${f.phone}`);
    check(f.email === null || /^[a-z0-9._]+@example\.(jp|com)$/.test(f.email), `email ${f.email}`);
    check(BIT.has(f.consent_photo) && BIT.has(f.consent_share), 'family consents');
  }
  for (const m of data.members) {
    fk(families, m.family_id, 'member.family_id');
    inSet(RELATIONS, m.relation, 'relation');
    if (!HIRAGANA.test(m.given_name_kana)) throw new Error(`member kana: ${m.given_name_kana}`);
    check(m.birth_date === null || DATE.test(m.birth_date), `birth_date ${m.birth_date}`);
    const grade = m.relation === 'child' ? gradeOn(parseDay(m.birth_date as string), today) : null;
    check(m.grade === grade, `grade ${m.grade} ≠ ${grade}`);
  }
  for (const p of data.properties) {
    inSet(PROPERTY_STATUSES, p.status, 'property.status');
    if (p.structure !== null) inSet(STRUCTURES, p.structure, 'structure');
    check(p.permit_date === null || DATE.test(p.permit_date), `permit_date ${p.permit_date}`);
    // 住居表示, or (island style) only the 地番.
    check(p.address === '' || p.address.startsWith('鹿児島県肝属郡錦江町'), `address ${p.address}`);
    check(p.address !== '' || (p.lot_number ?? '').startsWith('大字'), `no address and no lot: ${p.id}`);
    check(BIT.has(p.consent_bank) && BIT.has(p.consent_share), 'property consents');
    check(/^\d{4}-\d{4}$/.test(p.ref_number ?? ''), `ref_number ${p.ref_number}`);
    check(!refNumbers.has(p.ref_number), `duplicate ref_number ${p.ref_number}`);
    refNumbers.add(p.ref_number);
    check(
      p.owner_name === null || HIRAGANA_NAME.test(p.owner_name_kana ?? ''),
      `owner kana ${p.owner_name_kana}`,
    );
    check(
      p.owner_phone === null || normalizePhone(p.owner_phone) === p.owner_phone,
      `owner phone ${p.owner_phone}`,
    );
    for (const [c, list] of [
      ['building_use', BUILDING_USES],
      ['building_type', BUILDING_TYPES],
      ['vacancy_likelihood', VACANCY_LIKELIHOODS],
      ['deal_type', DEAL_TYPES],
      ['repairs', REPAIR_NEEDS],
      ['inheritance', INHERITANCE_STATES],
      ['owner_intent', OWNER_INTENTS],
    ] as const) {
      const v = p[c];
      if (v !== null) inSet(list, v, c);
    }
    check(
      p.vacant_since === null || /^\d{4}(-\d{2})?$/.test(p.vacant_since),
      `vacant_since ${p.vacant_since}`,
    );
    if (p.facilities !== null) {
      const f = JSON.parse(p.facilities) as Record<string, string>;
      for (const [k, v] of Object.entries(f))
        check(
          (FACILITY_VALUES[k as keyof typeof FACILITY_VALUES] as readonly string[]).includes(v),
          `facility ${k}`,
        );
    }
    check(
      p.deal_type === null ||
        p.status === 'negotiating' ||
        (p.deal_type === 'sale' ? p.price_yen !== null : p.deal_type === 'rent' ? p.rent_yen !== null : true),
      `listing price ${p.id}`,
    );
  }
  // The status history walks the pipeline to each house's current status, in order, from 候補.
  const changesOf = new Map<string, StatusChangeRow[]>();
  for (const c of data.statusChanges) {
    fk(properties, c.property_id, 'status_change.property_id');
    inSet(PROPERTY_STATUSES, c.to_status, 'to_status');
    check(DATE.test(c.changed_on) && c.changed_on < TODAY, `changed_on ${c.changed_on}`);
    const list = changesOf.get(c.property_id) ?? [];
    list.push(c);
    changesOf.set(c.property_id, list);
  }
  const consentsOf = new Map<string, ConsentRow[]>();
  for (const c of data.consents) {
    fk(properties, c.property_id, 'consent.property_id');
    inSet(CONSENT_PURPOSES, c.purpose, 'purpose');
    check(DATE.test(c.given_on) && c.given_on < TODAY, `given_on ${c.given_on}`);
    check(c.expires_on === null || c.expires_on >= c.given_on, 'expires before given');
    check(c.withdrawn_on === null || c.withdrawn_on > c.given_on, 'withdrawn before given');
    for (const scope of JSON.parse(c.scope) as string[]) inSet(CONSENT_SCOPES, scope, 'scope');
    consentsOf.set(c.property_id, [...(consentsOf.get(c.property_id) ?? []), c]);
  }
  for (const p of data.properties) {
    const steps = changesOf.get(p.id) ?? [];
    check(steps[0]?.from_status === null && steps[0]?.to_status === 'candidate', `history start ${p.id}`);
    check(steps.at(-1)?.to_status === p.status, `history ends elsewhere than ${p.status}: ${p.id}`);
    for (let i = 1; i < steps.length; i++) {
      check(steps[i]?.from_status === steps[i - 1]?.to_status, `history gap ${p.id}`);
      check((steps[i]?.changed_on ?? '') >= (steps[i - 1]?.changed_on ?? ''), `history order ${p.id}`);
    }
    // A house on the bank now has a valid 空き家バンク掲載 consent, given by the day it was listed.
    if (p.status === 'bank_listed') {
      const listedOn = steps.find((x) => x.to_status === 'bank_listed')?.changed_on ?? '';
      const ok = (consentsOf.get(p.id) ?? []).some(
        (c) =>
          c.purpose === 'bank_listing' &&
          c.given_on <= listedOn &&
          consentState(
            { purpose: c.purpose, givenOn: c.given_on, expiresOn: c.expires_on, withdrawnOn: c.withdrawn_on },
            TODAY,
          ) === 'valid',
      );
      check(ok, `listed without a valid consent: ${p.id}`);
    }
  }
  const consents = byId(data.consents);
  for (const d of data.disclosures) {
    fk(properties, d.property_id, 'disclosure.property_id');
    const c = consents.get(d.consent_id);
    check(
      c !== undefined && c.property_id === d.property_id && c.purpose === d.purpose,
      `disclosure consent ${d.id}`,
    );
    inSet(DISCLOSURE_KINDS, d.what, 'what');
    const day = d.disclosed_at.slice(0, 10);
    check(
      c !== undefined && c.given_on <= day && (c.expires_on === null || day <= c.expires_on),
      `disclosed outside consent ${d.id}`,
    );
  }
  for (const s of data.stays) {
    fk(families, s.family_id, 'stay.family_id');
    fk(properties, s.lodging_property_id, 'stay.lodging_property_id');
    inSet(PROGRAMMES, s.programme, 'programme');
    inSet(STAY_STATUSES, s.status, 'stay.status');
    check(s.planned_departure >= s.planned_arrival, `planned departure before arrival: ${s.id}`);
    check(
      !s.actual_arrival || !s.actual_departure || s.actual_departure >= s.actual_arrival,
      `actual departure before arrival: ${s.id}`,
    );
    check(
      s.lodging_property_id === null || properties.get(s.lodging_property_id)?.status === 'trial_housing',
      'lodging is not trial housing',
    );
    // Status follows the dates (actual when known, else planned) relative to today.
    const arrival = s.actual_arrival ?? s.planned_arrival;
    const departure = s.actual_departure ?? s.planned_departure;
    switch (s.status) {
      case 'completed':
        check(
          s.actual_arrival !== null && s.actual_departure !== null && departure < TODAY,
          `completed ${s.id}`,
        );
        break;
      case 'in_town':
        check(s.actual_arrival !== null && s.actual_departure === null, `in_town actual dates ${s.id}`);
        check(arrival <= TODAY && TODAY <= departure, `in_town dates ${s.id}`);
        break;
      case 'planned':
        check(s.actual_arrival === null && arrival >= TODAY, `planned ${s.id}`);
        break;
      case 'cancelled':
        check(s.actual_arrival === null && s.actual_departure === null, `cancelled ${s.id}`);
        break;
    }
  }
  const stayMembersByStay = new Map<string, Set<string>>();
  for (const sm of data.stayMembers) {
    fk(stays, sm.stay_id, 'stay_member.stay_id');
    fk(members, sm.member_id, 'stay_member.member_id');
    check(
      members.get(sm.member_id)?.family_id === stays.get(sm.stay_id)?.family_id,
      'stay member of another family',
    );
    setOf(stayMembersByStay, sm.stay_id).add(sm.member_id);
  }
  for (const c of data.checkins) {
    fk(stays, c.stay_id, 'checkin.stay_id');
    fk(families, c.family_id, 'checkin.family_id');
    inSet(CHECKIN_KINDS, c.kind, 'checkin.kind');
    inSet(CONDITIONS, c.condition, 'condition');
    const s = stays.get(c.stay_id);
    if (!s) continue;
    check(c.family_id === s.family_id, 'check-in family ≠ stay family');
    check(s.status === 'in_town' || s.status === 'completed', `check-in on a ${s.status} stay`);
    // Inside the stay, and never in the future.
    const from = s.actual_arrival as string;
    const to = s.actual_departure ?? TODAY;
    if (!(c.date >= from && c.date <= to && c.date <= TODAY))
      throw new Error(`check-in ${c.date} outside ${from}..${to}`);
    check(INSTANT.test(c.recorded_at) && c.recorded_at <= NOW, `recorded_at ${c.recorded_at}`);
    check(c.recorded_at.slice(0, 10) <= c.date, 'recorded before its (JST) day');
    const attendance = JSON.parse(c.attendance) as { memberId: string; attended: boolean }[];
    for (const a of attendance) {
      check(
        stayMembersByStay.get(c.stay_id)?.has(a.memberId) === true,
        'attendance of a member not on the stay',
      );
      check(typeof a.attended === 'boolean', 'attended not boolean');
    }
    check(c.follow_up_needed === 0 ? c.follow_up_on === null : DATE.test(c.follow_up_on ?? ''), 'follow-up');
    check(c.condition === 'good' || c.note !== null, 'attention/urgent without a note');
  }
  const library = templateLibrary();
  const answersOf = new Map<string, Record<string, string>>();
  for (const a of data.inspectionAnswers) {
    fk(inspections, a.inspection_id, 'inspection_answer.inspection_id');
    check(a.grade === null && a.choice !== null, 'answers carry a choice, never a v1 grade');
    check(a.id === answerId(a.inspection_id, a.item_key), 'answer id derived from (inspection, item)');
    const answers = answersOf.get(a.inspection_id) ?? {};
    check(answers[a.item_key] === undefined, 'UNIQUE (inspection_id, item_key)');
    answers[a.item_key] = a.choice as string;
    answersOf.set(a.inspection_id, answers);
  }
  for (const i of data.inspections) {
    fk(properties, i.property_id, 'inspection.property_id');
    check(properties.get(i.property_id)?.status !== 'candidate', 'inspection of a candidate');
    check(i.overall_grade === null, 'no v1 overall grade');
    const template = library.templates.get(i.template_id, i.template_version);
    if (!template)
      throw new Error(`inspection ${i.id}: checklist ${i.template_id} v${i.template_version} not shipped`);
    check(template.effectiveFrom <= i.inspected_on, 'checklist in effect on the inspection day');
    const townRules =
      i.town_rules_id === null ? null : library.townRules.get(i.town_rules_id, i.town_rules_version ?? 0);
    check(i.town_rules_id === null || townRules !== null, 'town rules shipped');
    const answers = answersOf.get(i.id) ?? {};
    for (const [item, choice] of Object.entries(answers))
      check(
        answerFault(template, townRules, item, choice) === null,
        `answer ${item}=${choice} fits its checklist`,
      );
    if (i.status === 'finished') {
      // The stored headline is what the service's finish stores for these answers.
      expect(
        { ...storedHeadline(scoreInspection(template, answers, townRules)) },
        `headline of ${i.id}`,
      ).toEqual({
        score_measure: i.score_measure,
        score_total: i.score_total,
        score_band: i.score_band,
        judgement: i.judgement,
        score_provisional: i.score_provisional,
      });
      check(i.finished_at !== null && (i.started_at ?? '') <= i.finished_at, 'finished after started');
    } else {
      check(i.score_total === null && i.judgement === null && i.finished_at === null, 'open: no score yet');
      check(i.determination === null, 'a 判定 only on a finished inspection');
    }
    check(
      (i.determination === null) === (i.determined_by === null && i.determined_on === null),
      'a 判定 with who and when',
    );
    if (i.determined_on !== null) check(i.determined_on >= i.inspected_on, '判定 after the inspection');
    check(i.inspected_on <= options.today, 'no inspection in the future');
    check(i.status === 'finished' || i.inspected_on === options.today, "open inspections are today's");
  }
  check(answersOf.size === data.inspections.length, 'inspection without answers');
  for (const e of data.events) {
    inSet(EVENT_KINDS, e.kind, 'event.kind');
    check(INSTANT.test(e.starts_at) && INSTANT.test(e.ends_at) && e.ends_at >= e.starts_at, 'event times');
  }
  const supporters = byId(data.supporters);
  const applications = byId(data.applications);
  const applied = new Set<string>();
  for (const a of data.applications) {
    fk(events, a.event_id, 'event_application.event_id');
    fk(families, a.family_id, 'event_application.family_id');
    fk(supporters, a.supporter_id, 'event_application.supporter_id');
    inSet(APPLICATION_STATUSES, a.status, 'event_application.status');
    check((a.family_id === null) !== (a.supporter_id === null), 'application of a family or a supporter');
    const named = JSON.parse(a.member_ids) as string[];
    for (const m of named) fk(members, m, 'event_application.member_ids');
    check(a.head_count >= Math.max(1, named.length), `head_count ${a.head_count}`);
    const key = `${a.event_id}/${a.family_id ?? a.supporter_id}`;
    check(!applied.has(key), 'applied twice to one event');
    applied.add(key);
  }
  const marks = new Set<string>();
  for (const t of data.eventAttendance) {
    fk(applications, t.application_id, 'event_attendance.application_id');
    const app = applications.get(t.application_id as string);
    check(app?.event_id === t.event_id && app.status === 'applied', 'a mark of an application that came');
    check((t.member_id === null) !== (t.supporter_id === null), 'a mark of one person');
    const key = `${t.event_id}/${t.member_id ?? t.supporter_id}`;
    check(!marks.has(key), 'one person marked twice by the sample');
    marks.add(key);
  }
  for (const q of data.enquiries) {
    fk(families, q.family_id, 'enquiry.family_id');
    inSet(ENQUIRY_CHANNELS, q.channel, 'channel');
    inSet(ENQUIRY_OUTCOMES, q.outcome, 'outcome');
    check(DATE.test(q.received_on) && q.received_on <= TODAY, `received_on ${q.received_on}`);
    check(q.family_id === null || q.outcome === 'booked', 'linked enquiry not booked');
    check(
      q.contact_name_kana === null || FULL_NAME_KANA.test(q.contact_name_kana),
      `kana ${q.contact_name_kana}`,
    );
  }

  // A trial house is double-booked (nights of two live stays overlapping) exactly once, on purpose.
  let doubleBookings = 0;
  const byHouse = new Map<string, [string, string][]>();
  for (const s of data.stays) {
    if (s.lodging_property_id === null || s.status === 'cancelled') continue;
    const span: [string, string] = [
      [s.planned_arrival, s.actual_arrival ?? s.planned_arrival].sort()[0] as string,
      [s.planned_departure, s.actual_departure ?? s.planned_departure].sort()[1] as string,
    ];
    const list = byHouse.get(s.lodging_property_id) ?? [];
    for (const [a, b] of list) if (span[0] < b && a < span[1]) doubleBookings++;
    list.push(span);
    byHouse.set(s.lodging_property_id, list);
  }

  check(
    doubleBookings === (data.stays.some((s) => s.lodging_property_id !== null) ? 1 : 0),
    `double bookings: ${doubleBookings}`,
  );

  // One family is never in two places at once.
  const byFamily = new Map<string, [string, string][]>();
  for (const s of data.stays) {
    const span: [string, string] = [
      s.actual_arrival ?? s.planned_arrival,
      s.actual_departure ?? s.planned_departure,
    ];
    const list = byFamily.get(s.family_id) ?? [];
    for (const [a, b] of list)
      if (span[0] <= b && a <= span[1]) throw new Error(`overlapping stays of ${s.family_id}`);
    list.push(span);
    byFamily.set(s.family_id, list);
  }
}

function inTownToday(data: SampleData): { inTown: number; checkedToday: number } {
  const inTown = data.stays.filter((s) => s.status === 'in_town');
  const checked = new Set(data.checkins.filter((c) => c.date === TODAY).map((c) => c.stay_id));
  return { inTown: inTown.length, checkedToday: inTown.filter((s) => checked.has(s.id)).length };
}

describe('generateSample', () => {
  let small: SampleData;
  let medium: SampleData;
  let large: SampleData;
  let largeMs = 0;

  beforeAll(() => {
    small = generateSample({ ...BASE, size: 'small' });
    medium = generateSample({ ...BASE, size: 'medium' });
    const t0 = performance.now();
    large = generateSample({ ...BASE, size: 'large' });
    largeMs = performance.now() - t0;
  }, 60_000);

  it('is deterministic: same options give identical data, another seed different data', () => {
    const again = generateSample({ ...BASE, size: 'small' });
    expect(again).toEqual(small);
    expect(hash(again)).toBe(hash(small));
    expect(hash(generateSample({ ...BASE, size: 'medium' }))).toBe(hash(medium));
    const other = generateSample({ ...BASE, size: 'small', seed: 43 });
    expect(hash(other)).not.toBe(hash(small));
    expect(other.families[0]?.id).not.toBe(small.families[0]?.id);
    // The default seed is fixed too.
    const { seed: _, ...noSeed } = BASE;
    expect(hash(generateSample({ ...noSeed, size: 'small' }))).toBe(
      hash(generateSample({ ...noSeed, size: 'small' })),
    );
  });

  it('hits the exact counts of each size', () => {
    for (const [size, data] of [
      ['small', small],
      ['medium', medium],
      ['large', large],
    ] as const) {
      const spec = SAMPLE_SIZES_SPEC[size];
      expect(data.families).toHaveLength(spec.families);
      expect(data.checkins).toHaveLength(spec.checkins);
      expect(data.properties).toHaveLength(spec.properties);
      expect(data.events).toHaveLength(spec.events);
      expect(data.enquiries).toHaveLength(spec.families / 5);
    }
    expect(SAMPLE_SIZES_SPEC.large).toEqual({
      families: 10_000,
      checkins: 100_000,
      properties: 3_000,
      events: 1_000,
    });
  });

  it('keeps every invariant of the schema and the domain (small, medium)', () => {
    checkInvariants(small, { ...BASE, size: 'small' });
    checkInvariants(medium, { ...BASE, size: 'medium' });
  });

  it('keeps every invariant for large too, and generates it fast', () => {
    checkInvariants(large, { ...BASE, size: 'large' });
    // The target is well under 3 s; the bound leaves room for a slow CI machine.
    expect(largeMs).toBeLessThan(10_000);
  }, 60_000);

  it('shows every kind of inspection in every size: 不良住宅, 特定空家等の候補, 確認できず, revisits, 判定, town rules', () => {
    for (const d of [small, medium, large]) {
      const finished = d.inspections.filter((i) => i.status === 'finished');
      const furyo = finished.filter((i) => i.template_id === 'furyodo_wooden');
      expect(furyo.some((i) => (i.score_total ?? 0) >= 100 && i.judgement === 'furyo_jutaku')).toBe(true);
      expect(furyo.some((i) => i.judgement === 'not_furyo')).toBe(true);
      expect(finished.some((i) => i.judgement === 'tokutei_candidate')).toBe(true);
      expect(finished.some((i) => i.judgement === 'kanri_fuzen_candidate')).toBe(true);
      expect(new Set(finished.map((i) => i.judgement))).toContain('observe');
      expect(d.inspectionAnswers.some((a) => a.choice === 'could_not_check')).toBe(true);
      const open = d.inspections.filter((i) => i.status === 'in_progress');
      expect(open.length).toBeGreaterThanOrEqual(1);
      expect(open.length).toBeLessThanOrEqual(2);
      expect(finished.filter((i) => i.determination !== null).length).toBeGreaterThanOrEqual(2);
      expect(new Set(finished.map((i) => i.determination))).toContain('tokutei');
      const ruled = finished.filter((i) => i.town_rules_id === 'sample_school_route');
      expect(ruled.length).toBeGreaterThanOrEqual(2);
      // A revisit: the same house's exterior survey again later, worse than before.
      const exterior = new Map<string, (typeof finished)[number][]>();
      for (const i of finished.filter((x) => x.template_id === 'exterior_survey'))
        exterior.set(i.property_id, [...(exterior.get(i.property_id) ?? []), i]);
      const revisits = [...exterior.values()].filter((list) => list.length > 1);
      expect(revisits.length).toBeGreaterThanOrEqual(2);
      for (const list of revisits) {
        const [before, after] = [...list].sort((a, b) => a.inspected_on.localeCompare(b.inspected_on));
        expect((before?.inspected_on ?? '') < (after?.inspected_on ?? '')).toBe(true);
        expect(after?.score_total ?? 0).toBeGreaterThan(before?.score_total ?? 0);
      }
    }
  });

  it('has about 300 families in town today for large (and ~30 / ~8), only some checked on yet', () => {
    const l = inTownToday(large);
    expect(l.inTown).toBeGreaterThanOrEqual(240);
    expect(l.inTown).toBeLessThanOrEqual(360);
    expect(l.checkedToday).toBeGreaterThan(0);
    expect(l.checkedToday).toBeLessThan(l.inTown);
    expect(inTownToday(medium).inTown).toBeGreaterThanOrEqual(24);
    expect(inTownToday(medium).inTown).toBeLessThanOrEqual(36);
    expect(inTownToday(small).inTown).toBeGreaterThanOrEqual(5);
    expect(inTownToday(small).inTown).toBeLessThanOrEqual(11);
  });

  it('looks like a real programme: repeaters, trial houses, every status, variant kanji', () => {
    const data = large;
    const staysPerFamily = new Map<string, number>();
    for (const s of data.stays) staysPerFamily.set(s.family_id, (staysPerFamily.get(s.family_id) ?? 0) + 1);
    expect([...staysPerFamily.values()].filter((n) => n > 1).length).toBeGreaterThan(500);
    // Medium has trial houses enough for most families; large runs 50 (below).
    const lodged = medium.stays.filter(
      (s) => s.status !== 'cancelled' && s.lodging_property_id !== null,
    ).length;
    const live = medium.stays.filter((s) => s.status !== 'cancelled').length;
    expect(lodged / live).toBeGreaterThan(0.45);
    expect(lodged / live).toBeLessThan(0.75);
    const programmes = new Map<string, number>();
    for (const s of data.stays) programmes.set(s.programme, (programmes.get(s.programme) ?? 0) + 1);
    const top = [...programmes.entries()].sort((a, b) => b[1] - a[1]);
    expect(top[0]?.[0]).toBe('nursery_stay');
    expect(new Set(top.map(([p]) => p))).toEqual(new Set(PROGRAMMES));
    expect(new Set(data.stays.map((s) => s.status))).toEqual(new Set(STAY_STATUSES));
    for (const d of [small, medium, large]) {
      expect(new Set(d.properties.map((p) => p.status))).toEqual(new Set(PROPERTY_STATUSES));
    }
    const names = new Set(data.families.map((f) => f.family_name));
    for (const variant of ['髙橋', '渡邊', '齋藤', '山﨑']) expect(names.has(variant)).toBe(true);
    expect(data.checkins.some((c) => c.condition === 'urgent' && c.follow_up_needed === 1)).toBe(true);
    expect(data.enquiries.some((q) => q.family_id !== null)).toBe(true);
    // Supporters as well as families come, some of them again; the signature year is there, with its
    // full 体験 and waiting list.
    expect(data.applications.some((a) => a.supporter_id !== null)).toBe(true);
    const bySupporter = new Map<string, number>();
    for (const a of data.applications)
      if (a.supporter_id) bySupporter.set(a.supporter_id, (bySupporter.get(a.supporter_id) ?? 0) + 1);
    expect([...bySupporter.values()].some((n) => n > 1)).toBe(true);
    expect(data.applications.some((a) => a.status === 'waiting')).toBe(true);
    expect(new Set(data.events.map((e) => e.kind))).toEqual(new Set(EVENT_KINDS));
    expect(data.events.some((e) => e.place_kind === 'outside' && e.kind === 'consultation')).toBe(true);
    expect(data.events.some((e) => e.kind === 'other' && e.kind_label === 'サポーターの集い')).toBe(true);
    expect(
      data.events.some((e) => e.kind === 'experience' && e.ends_at.slice(0, 10) > e.starts_at.slice(0, 10)),
    ).toBe(true);
  });

  it('writes addresses of the chosen town, and falls back for an unknown one', () => {
    const hokkaido = generateSample({ ...BASE, size: 'small', municipalityId: 'hokkaido-koshimizu' });
    for (const p of hokkaido.properties) {
      expect(p.address === '' || p.address.startsWith('北海道斜里郡小清水町')).toBe(true);
      expect(Math.abs((p.latitude as number) - 43.856)).toBeLessThan(0.1);
    }
    const unknown = generateSample({ ...BASE, size: 'small', municipalityId: 'somewhere-new' });
    expect(unknown.families.every((f) => f.municipality_id === 'somewhere-new')).toBe(true);
  });

  it('has a realistic akiya register: 旧耐震 either way, island lots, consents of every fate, 50 trial houses', () => {
    for (const d of [small, medium, large]) {
      const standards = new Set(
        d.properties.map((p) => seismicStandard({ permitDate: p.permit_date, yearBuilt: p.year_built })),
      );
      if (d !== small) expect(standards).toEqual(new Set(['old', 'new', 'unknown']));
      const states = d.consents.map((c) =>
        consentState(
          { purpose: c.purpose, givenOn: c.given_on, expiresOn: c.expires_on, withdrawnOn: c.withdrawn_on },
          TODAY,
        ),
      );
      expect(states.filter((s) => s === 'withdrawn')).toHaveLength(1);
      expect(states.filter((s) => s === 'valid').length).toBeGreaterThan(states.length / 2);
      expect(d.disclosures.length).toBeGreaterThanOrEqual(1);
      expect(d.properties.some((p) => (p.permit_date !== null && p.year_built === 1981) || d === small)).toBe(
        true,
      );
    }
    for (const d of [medium, large]) {
      expect(d.properties.some((p) => p.address === '')).toBe(true);
      expect(new Set(d.consents.map((c) => c.purpose))).toEqual(new Set(CONSENT_PURPOSES));
      const states = d.consents.map((c) =>
        consentState(
          { purpose: c.purpose, givenOn: c.given_on, expiresOn: c.expires_on, withdrawnOn: c.withdrawn_on },
          TODAY,
        ),
      );
      expect(states).toContain('expired');
    }
    const trial = large.properties.filter((p) => p.status === 'trial_housing');
    expect(trial).toHaveLength(50);
    // The trial houses are in use across the months of the timeline.
    const months = new Set(
      large.stays.filter((s) => s.lodging_property_id !== null).map((s) => s.planned_arrival.slice(0, 7)),
    );
    expect(months.size).toBeGreaterThanOrEqual(6);
    expect(new Set(large.stays.map((s) => s.lodging_property_id).filter((id) => id !== null)).size).toBe(50);
  });

  it('rejects bad options', () => {
    expect(() => generateSample({ ...BASE, size: 'small', today: '2025-02-30' })).toThrow();
    expect(() => generateSample({ ...BASE, size: 'huge' as 'small' })).toThrow();
    expect(() => generateSample({ ...BASE, size: 'small', authorId: '' })).toThrow();
  });
});

describe('helpers', () => {
  it('derives the Japanese grade with the 1 April cut-off', () => {
    const on = parseDay('2025-06-15');
    expect(gradeOn(parseDay('2019-04-01'), on)).toBe('小1');
    expect(gradeOn(parseDay('2019-04-02'), on)).toBe('年長');
    expect(gradeOn(parseDay('2021-05-10'), on)).toBe('年少');
    expect(gradeOn(parseDay('2024-12-01'), on)).toBe('0歳児クラス');
    expect(gradeOn(parseDay('2013-04-02'), on)).toBe('小6');
    expect(gradeOn(parseDay('2025-05-01'), on)).toBe('0歳児クラス');
  });

  it('has hiragana furigana for every name, and romaji for the e-mail addresses', () => {
    const all = [
      ...SURNAMES.map(([n]) => n),
      ...FATHER_NAMES,
      ...MOTHER_NAMES,
      ...BOY_NAMES,
      ...GIRL_NAMES,
      ...ELDER_MAN_NAMES,
      ...ELDER_WOMAN_NAMES,
    ];
    for (const n of all) {
      expect(n.kana).toMatch(HIRAGANA);
      expect(kanaToRomaji(n.kana)).toMatch(/^[a-z]+$/);
    }
    expect(SURNAMES.length).toBeGreaterThanOrEqual(80);
    expect(kanaToRomaji('さとう')).toBe('sato');
    expect(kanaToRomaji('いのうえ')).toBe('inoue');
    expect(kanaToRomaji('しょうた')).toBe('shota');
    expect(kanaToRomaji('おおた')).toBe('ota');
    expect(kanaToRomaji('じゅんこ')).toBe('junko');
    expect(kanaToRomaji('はっとり')).toBe('hattori');
  });
});
