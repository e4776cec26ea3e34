import {
  APPLICATION_STATUSES,
  ATTENDANCE_STATUSES,
  BUILDING_TYPES,
  BUILDING_USES,
  CHECKIN_KINDS,
  CONDITIONS,
  CONSENT_PURPOSES,
  DEAL_TYPES,
  DETERMINATIONS,
  DISCLOSURE_KINDS,
  ENQUIRY_CHANNELS,
  ENQUIRY_OUTCOMES,
  EVENT_KINDS,
  EVENT_PLACE_KINDS,
  EVENT_STATUSES,
  INHERITANCE_STATES,
  INSPECTION_GRADES,
  INSPECTION_STATUSES,
  OWNER_INTENTS,
  PROGRAMMES,
  PROPERTY_STATUSES,
  RELATIONS,
  REPAIR_NEEDS,
  type Role,
  STAY_STATUSES,
  STRUCTURES,
  VACANCY_LIKELIHOODS,
} from '../domain/enums.ts';
import type { LocalTableSpec, PersonalSpec, RecordLabel, RecordSpec, SearchRole } from './types.ts';

/**
 * The table registry: every table of the laptop's database, declared once. A synced record kind says
 * here which columns it has (of what kind, how they merge, who receives them), which of them are a
 * family's personal data that an erasure wipes (and why the others are kept), how a conflict names the
 * record, whether it is searchable and whether it takes attachments. A device-local table says which
 * columns it has and why it never syncs.
 *
 * Everything else is derived from here: the wire's table list (shared/sync/tables.ts), the personal
 * columns every erasure path honours (shared/sync/personal.ts), the bookkeeping columns, the conflict
 * labels (electron/core/sync/sync-views.ts), the search document kinds (electron/core/search/), the
 * tables an attachment may belong to. Tests hold it to the migrated SQL (tests/unit/registry.test.ts)
 * and prove an erasure leaves no personal column behind (tests/unit/erase-everything.test.ts).
 * docs/architecture.md, "Adding a record kind", is the checklist.
 */

/**
 * Columns every synced table has that never travel as changes: the server derives them from the
 * authenticated device, so a laptop cannot claim another author or town. (`deleted_at` is synced
 * like any other column and is declared per table.)
 */
export const AUTHORSHIP = ['created_at', 'created_by', 'updated_at', 'updated_by'] as const;
export const BOOKKEEPING = ['id', 'municipality_id', ...AUTHORSHIP] as const;
export type BookkeepingColumn = (typeof BOOKKEEPING)[number];

const STAFF: readonly Role[] = ['coordinator', 'town_admin'];
const EVERYONE_IN_TOWN: readonly Role[] = ['coordinator', 'surveyor', 'town_admin'];
const ADMINS: readonly Role[] = ['town_admin', 'consortium_admin'];

const deleted = { deleted_at: { kind: 'instant' } } as const;

/** A record about the town's houses or events, never about a family: nothing for an erasure. */
const NOT_ABOUT_A_FAMILY = {
  none: 'about the town (a house, an inspection, an event), not a family',
} as const;

/** The family's name, through the row's `family_id`. */
const FAMILY_NAME: RecordLabel = { via: [{ column: 'family_id', table: 'family' }], column: 'family_name' };

export const SYNCED_RECORDS = {
  family: {
    roles: STAFF,
    columns: {
      family_name: { kind: 'text', required: true, max: 200 },
      family_name_kana: { kind: 'text', required: true, max: 200 },
      home_postal_code: { kind: 'text', max: 7 },
      home_prefecture: { kind: 'text', max: 20 },
      home_city: { kind: 'text', max: 200 },
      phone: { kind: 'text', max: 40 },
      email: { kind: 'text', max: 320 },
      emergency_contact_name: { kind: 'text', max: 200 },
      emergency_contact_phone: { kind: 'text', max: 40 },
      referral_source: { kind: 'text', max: 500 },
      consent_photo: { kind: 'flag' },
      consent_share: { kind: 'flag' },
      notes: { kind: 'text' },
      erased_at: { kind: 'instant' },
      ...deleted,
    },
    personal: {
      link: { via: 'self' },
      wipe: {
        family_name: '',
        family_name_kana: '',
        home_postal_code: null,
        home_city: null,
        phone: null,
        email: null,
        emergency_contact_name: null,
        emergency_contact_phone: null,
        referral_source: null,
        notes: null,
      },
      kept: ['home_prefecture', 'consent_photo', 'consent_share', 'erased_at', 'deleted_at'],
      keptBecause:
        'the prefecture is the consortium\'s "where do families come from" figure; erased_at marks the erasure',
    },
    label: { column: 'family_name' },
    search: { document: 'family' },
    attachments: true,
  },
  family_member: {
    roles: STAFF,
    columns: {
      family_id: { kind: 'id', required: true },
      given_name: { kind: 'text', required: true, max: 200 },
      given_name_kana: { kind: 'text', required: true, max: 200 },
      relation: { kind: 'text', required: true, values: RELATIONS },
      birth_date: { kind: 'date' },
      grade: { kind: 'text', max: 100 },
      allergies: { kind: 'text' },
      care_notes: { kind: 'text' },
      ...deleted,
    },
    personal: {
      link: { via: 'family_id' },
      wipe: {
        given_name: '',
        given_name_kana: '',
        birth_date: null,
        grade: null,
        allergies: null,
        care_notes: null,
      },
      kept: ['family_id', 'relation', 'deleted_at'],
      keptBecause: 'the relation counts heads (parents, children) and says nothing about who they are',
    },
    label: FAMILY_NAME,
    search: { partOf: 'family', via: 'family_id' },
  },
  enquiry: {
    roles: STAFF,
    columns: {
      contact_name: { kind: 'text', required: true, max: 200 },
      contact_name_kana: { kind: 'text', max: 200 },
      phone: { kind: 'text', max: 40 },
      email: { kind: 'text', max: 320 },
      channel: { kind: 'text', required: true, values: ENQUIRY_CHANNELS },
      received_on: { kind: 'date', required: true },
      topic: { kind: 'text', required: true },
      outcome: { kind: 'text', values: ENQUIRY_OUTCOMES },
      next_action: { kind: 'text' },
      next_action_on: { kind: 'date' },
      family_id: { kind: 'id' },
      ...deleted,
    },
    personal: {
      link: { via: 'family_id' },
      wipe: {
        contact_name: '',
        contact_name_kana: null,
        phone: null,
        email: null,
        topic: '',
        next_action: null,
      },
      kept: ['channel', 'received_on', 'outcome', 'next_action_on', 'family_id', 'deleted_at'],
      keptBecause: 'channel, date and outcome are the enquiry figures (how families find the town)',
    },
    label: { column: 'contact_name' },
  },
  property: {
    roles: EVERYONE_IN_TOWN,
    columns: {
      address: { kind: 'text', required: true, max: 500 },
      lot_number: { kind: 'text', max: 100 },
      latitude: { kind: 'real' },
      longitude: { kind: 'real' },
      structure: { kind: 'text', values: STRUCTURES },
      floors: { kind: 'int' },
      year_built: { kind: 'int' },
      permit_date: { kind: 'date' },
      floor_area_m2: { kind: 'real' },
      land_area_m2: { kind: 'real' },
      owner_name: { kind: 'text', max: 200 },
      owner_contact: { kind: 'text', max: 500 },
      consent_bank: { kind: 'flag' },
      consent_share: { kind: 'flag' },
      status: { kind: 'text', values: PROPERTY_STATUSES },
      intended_use: { kind: 'text', max: 500 },
      rent_yen: { kind: 'int' },
      price_yen: { kind: 'int' },
      notes: { kind: 'text' },
      ref_number: { kind: 'text', max: 50 },
      district: { kind: 'text', max: 100 },
      map_number: { kind: 'text', max: 100 },
      building_use: { kind: 'text', values: BUILDING_USES },
      building_type: { kind: 'text', values: BUILDING_TYPES },
      vacant_since: { kind: 'text', max: 7 },
      outbuildings: { kind: 'json' },
      road_access: { kind: 'text', max: 500 },
      vacancy_likelihood: { kind: 'text', values: VACANCY_LIKELIHOODS },
      deal_type: { kind: 'text', values: DEAL_TYPES },
      layout: { kind: 'text', max: 50 },
      facilities: { kind: 'json' },
      parking: { kind: 'text', max: 200 },
      hazard: { kind: 'text', max: 500 },
      with_farmland: { kind: 'flag' },
      with_shop: { kind: 'flag' },
      repairs: { kind: 'text', values: REPAIR_NEEDS },
      furniture_left: { kind: 'flag' },
      nearby: { kind: 'text', max: 1000 },
      surroundings: { kind: 'text', max: 1000 },
      owner_name_kana: { kind: 'text', max: 200 },
      owner_address: { kind: 'text', max: 500 },
      owner_phone: { kind: 'text', max: 40 },
      inheritance: { kind: 'text', values: INHERITANCE_STATES },
      owner_intent: { kind: 'text', values: OWNER_INTENTS },
      ...deleted,
    },
    groups: [['latitude', 'longitude']],
    personal: NOT_ABOUT_A_FAMILY,
    label: { column: 'address' },
    search: { document: 'property' },
    attachments: true,
  },
  property_consent: {
    roles: EVERYONE_IN_TOWN,
    columns: {
      property_id: { kind: 'id', required: true },
      purpose: { kind: 'text', required: true, values: CONSENT_PURPOSES },
      recipient: { kind: 'text', required: true, max: 200 },
      scope: { kind: 'json', required: true },
      given_on: { kind: 'date', required: true },
      expires_on: { kind: 'date' },
      withdrawn_on: { kind: 'date' },
      notes: { kind: 'text' },
      ...deleted,
    },
    groups: [['given_on', 'expires_on']],
    personal: NOT_ABOUT_A_FAMILY,
    label: { via: [{ column: 'property_id', table: 'property' }], column: 'address' },
  },
  property_status_change: {
    roles: EVERYONE_IN_TOWN,
    appendOnly: true,
    columns: {
      property_id: { kind: 'id', required: true },
      from_status: { kind: 'text', values: PROPERTY_STATUSES },
      to_status: { kind: 'text', required: true, values: PROPERTY_STATUSES },
      changed_on: { kind: 'date', required: true },
      note: { kind: 'text' },
      ...deleted,
    },
    personal: NOT_ABOUT_A_FAMILY,
    label: { via: [{ column: 'property_id', table: 'property' }], column: 'address' },
  },
  disclosure: {
    roles: EVERYONE_IN_TOWN,
    appendOnly: true,
    columns: {
      property_id: { kind: 'id', required: true },
      consent_id: { kind: 'id', required: true },
      purpose: { kind: 'text', required: true, values: CONSENT_PURPOSES },
      what: { kind: 'text', required: true, values: DISCLOSURE_KINDS },
      recipient: { kind: 'text', required: true, max: 200 },
      disclosed_at: { kind: 'instant', required: true },
      ...deleted,
    },
    personal: NOT_ABOUT_A_FAMILY,
    label: { via: [{ column: 'property_id', table: 'property' }], column: 'address' },
  },
  stay: {
    roles: STAFF,
    columns: {
      family_id: { kind: 'id', required: true },
      programme: { kind: 'text', required: true, values: PROGRAMMES },
      planned_arrival: { kind: 'date', required: true },
      planned_departure: { kind: 'date', required: true },
      actual_arrival: { kind: 'date' },
      actual_departure: { kind: 'date' },
      lodging_property_id: { kind: 'id' },
      lodging_text: { kind: 'text', max: 500 },
      status: { kind: 'text', values: STAY_STATUSES },
      school_name: { kind: 'text', max: 200 },
      notes: { kind: 'text' },
      ...deleted,
    },
    groups: [
      ['planned_arrival', 'planned_departure'],
      ['actual_arrival', 'actual_departure'],
      ['lodging_property_id', 'lodging_text'],
    ],
    personal: {
      link: { via: 'family_id' },
      wipe: { notes: null, school_name: null },
      kept: [
        'family_id',
        'programme',
        'planned_arrival',
        'planned_departure',
        'actual_arrival',
        'actual_departure',
        'lodging_property_id',
        'lodging_text',
        'status',
        'deleted_at',
      ],
      keptBecause:
        'dates, programme, status and lodging are the KPIs (nights, stays per programme, lodging use)',
    },
    label: FAMILY_NAME,
  },
  stay_member: {
    roles: STAFF,
    columns: {
      stay_id: { kind: 'id', required: true },
      member_id: { kind: 'id', required: true },
      school_name: { kind: 'text', max: 200 },
      ...deleted,
    },
    personal: {
      link: { via: 'parent', column: 'stay_id', parent: 'stay' },
      wipe: { school_name: null },
      kept: ['stay_id', 'member_id', 'deleted_at'],
      keptBecause: 'who stayed is the head count of the stay',
    },
    label: {
      via: [
        { column: 'stay_id', table: 'stay' },
        { column: 'family_id', table: 'family' },
      ],
      column: 'family_name',
    },
  },
  checkin: {
    roles: STAFF,
    appendOnly: true,
    columns: {
      stay_id: { kind: 'id', required: true },
      family_id: { kind: 'id', required: true },
      date: { kind: 'date', required: true },
      recorded_at: { kind: 'instant', required: true },
      kind: { kind: 'text', required: true, values: CHECKIN_KINDS },
      condition: { kind: 'text', required: true, values: CONDITIONS },
      note: { kind: 'text' },
      attendance: { kind: 'json' },
      follow_up_needed: { kind: 'flag' },
      follow_up_on: { kind: 'date' },
      follow_up_done_at: { kind: 'instant' },
      ...deleted,
    },
    personal: {
      link: { via: 'family_id' },
      wipe: { note: null },
      kept: [
        'stay_id',
        'family_id',
        'date',
        'recorded_at',
        'kind',
        'condition',
        'attendance',
        'follow_up_needed',
        'follow_up_on',
        'follow_up_done_at',
        'deleted_at',
      ],
      keptBecause: 'attendance holds member ids and ticks only; condition and follow-ups are counted',
    },
    label: FAMILY_NAME,
    attachments: true,
  },
  inspection: {
    roles: EVERYONE_IN_TOWN,
    columns: {
      property_id: { kind: 'id', required: true },
      inspected_on: { kind: 'date', required: true },
      surveyor_name: { kind: 'text', max: 200 },
      weather: { kind: 'text', max: 100 },
      template_id: { kind: 'text', required: true, max: 100 },
      template_version: { kind: 'int', required: true },
      // v1's grade, no longer written (the score replaces it).
      overall_grade: { kind: 'text', values: INSPECTION_GRADES },
      recommended_action: { kind: 'text' },
      follow_up_on: { kind: 'date' },
      ...deleted,
      status: { kind: 'text', values: INSPECTION_STATUSES },
      started_at: { kind: 'instant' },
      finished_at: { kind: 'instant' },
      town_rules_id: { kind: 'text', max: 100 },
      town_rules_version: { kind: 'int' },
      entry_permitted: { kind: 'flag' },
      // Derived from the answers when the inspection is finished, stored for fast lists.
      score_measure: { kind: 'text', max: 60 },
      score_total: { kind: 'real' },
      score_band: { kind: 'text', max: 60 },
      judgement: { kind: 'text', max: 60 },
      score_provisional: { kind: 'flag' },
      // The town's 判定: a town administrator's, later and separate from the surveyor's answers.
      determination: { kind: 'text', values: DETERMINATIONS },
      determined_by: { kind: 'id' },
      determined_on: { kind: 'date' },
      determination_note: { kind: 'text' },
    },
    personal: NOT_ABOUT_A_FAMILY,
    label: { via: [{ column: 'property_id', table: 'property' }], column: 'address' },
    attachments: true,
  },
  inspection_answer: {
    roles: EVERYONE_IN_TOWN,
    columns: {
      inspection_id: { kind: 'id', required: true },
      item_key: { kind: 'text', required: true, max: 100 },
      // v1's grade, no longer written: `choice` holds the template's choice key or 'could_not_check'.
      grade: { kind: 'text', values: INSPECTION_GRADES },
      note: { kind: 'text' },
      ...deleted,
      choice: { kind: 'text', max: 60 },
    },
    personal: NOT_ABOUT_A_FAMILY,
    label: {
      via: [
        { column: 'inspection_id', table: 'inspection' },
        { column: 'property_id', table: 'property' },
      ],
      column: 'address',
    },
  },
  attachment: {
    roles: EVERYONE_IN_TOWN,
    appendOnly: true,
    columns: {
      // The tables with `attachments: true` (checked by tests/unit/registry.test.ts).
      owner_table: {
        kind: 'text',
        required: true,
        values: ['family', 'property', 'inspection', 'event', 'checkin'],
      },
      owner_id: { kind: 'id', required: true },
      item_key: { kind: 'text', max: 100 },
      sha256: { kind: 'text', required: true, max: 64 },
      mime_type: { kind: 'text', required: true, max: 100 },
      size_bytes: { kind: 'int', required: true },
      width: { kind: 'int' },
      height: { kind: 'int' },
      taken_at: { kind: 'instant' },
      latitude: { kind: 'real' },
      longitude: { kind: 'real' },
      preview_sha256: { kind: 'text', max: 64 },
      // As picked or dropped; written once with the row.
      file_name: { kind: 'text', max: 255 },
      // 説明: editable afterwards, merging by last writer like deleted_at.
      caption: { kind: 'text', max: 500 },
      ...deleted,
    },
    personal: {
      link: { via: 'owner' },
      // When and where a family's photo was taken says where the family was; a file's name and a
      // caption are free text that may name a person.
      wipe: { taken_at: null, latitude: null, longitude: null, file_name: null, caption: null },
      kept: [
        'owner_table',
        'owner_id',
        'item_key',
        'sha256',
        'mime_type',
        'size_bytes',
        'width',
        'height',
        'preview_sha256',
        'deleted_at',
      ],
      keptBecause:
        'the checklist item, content hashes, type and size say nothing about who is pictured; the bytes go with their owner',
    },
    label: { column: 'file_name' },
  },
  event: {
    roles: EVERYONE_IN_TOWN,
    columns: {
      title: { kind: 'text', required: true, max: 200 },
      kind: { kind: 'text', required: true, values: EVENT_KINDS },
      starts_at: { kind: 'instant', required: true },
      ends_at: { kind: 'instant', required: true },
      place: { kind: 'text', max: 500 },
      capacity: { kind: 'int' },
      organiser: { kind: 'text', max: 200 },
      description: { kind: 'text' },
      ...deleted,
      kind_label: { kind: 'text', max: 100 },
      place_kind: { kind: 'text', values: EVENT_PLACE_KINDS },
      place_property_id: { kind: 'id' },
      online_url: { kind: 'text', max: 2000 },
      conditions: { kind: 'text', max: 1000 },
      application_opens_on: { kind: 'date' },
      application_closes_on: { kind: 'date' },
      fee_yen: { kind: 'int' },
      fee_note: { kind: 'text', max: 500 },
      partners: { kind: 'text', max: 1000 },
      status: { kind: 'text', values: EVENT_STATUSES },
    },
    // One author's dates, one author's place: never a start from one edit and an end from another.
    groups: [
      ['starts_at', 'ends_at'],
      ['place_kind', 'place', 'place_property_id', 'online_url'],
      ['application_opens_on', 'application_closes_on'],
    ],
    personal: NOT_ABOUT_A_FAMILY,
    label: { column: 'title' },
    search: { document: 'event' },
    attachments: true,
  },
  attendance: {
    roles: STAFF,
    appendOnly: true,
    columns: {
      event_id: { kind: 'id', required: true },
      family_id: { kind: 'id' },
      person_name: { kind: 'text', max: 200 },
      status: { kind: 'text', values: ATTENDANCE_STATUSES },
      head_count: { kind: 'int' },
      ...deleted,
    },
    personal: {
      link: { via: 'family_id' },
      wipe: { person_name: null },
      kept: ['event_id', 'family_id', 'status', 'head_count', 'deleted_at'],
      keptBecause: 'status and head count are the event figures',
    },
    label: { via: [{ column: 'event_id', table: 'event' }], column: 'title' },
  },
  /**
   * 関係人口名簿. A supporter is not a family, but may become one: linked to a family member, erasing that
   * family erases the supporter too. A supporter erased on its own request is wiped by
   * SupporterService.erase with the same `wipe` (docs/events.md).
   */
  supporter: {
    roles: STAFF,
    columns: {
      name: { kind: 'text', required: true, max: 200 },
      name_kana: { kind: 'text', max: 200 },
      home_prefecture: { kind: 'text', max: 20 },
      home_city: { kind: 'text', max: 200 },
      phone: { kind: 'text', max: 40 },
      email: { kind: 'text', max: 320 },
      connections: { kind: 'json' },
      /** What an 「その他」 connection is (migration 0009); null unless `connections` holds 'other'. */
      connection_other: { kind: 'text', max: 100 },
      first_connected_on: { kind: 'date' },
      contact_consent: { kind: 'flag' },
      contact_channels: { kind: 'json' },
      family_member_id: { kind: 'id' },
      merged_into: { kind: 'id' },
      note: { kind: 'text' },
      erased_at: { kind: 'instant' },
      ...deleted,
    },
    groups: [['contact_consent', 'contact_channels']],
    personal: {
      link: { via: 'parent', column: 'family_member_id', parent: 'family_member' },
      wipe: {
        name: '',
        name_kana: null,
        home_city: null,
        phone: null,
        email: null,
        note: null,
        // Free text: it may name a person (「山田さんの紹介」), so it goes with the name.
        connection_other: null,
      },
      kept: [
        'home_prefecture',
        'contact_consent',
        'contact_channels',
        'connections',
        'first_connected_on',
        'family_member_id',
        'merged_into',
        'erased_at',
        'deleted_at',
      ],
      keptBecause:
        'prefecture, kinds of connection and the first date are the relationship-population figures; the links keep one person one person; consent codes name no one (follow-up skips erased people)',
    },
    label: { column: 'name' },
    search: { document: 'supporter' },
  },
  event_application: {
    roles: STAFF,
    columns: {
      event_id: { kind: 'id', required: true },
      family_id: { kind: 'id' },
      supporter_id: { kind: 'id' },
      member_ids: { kind: 'json' },
      head_count: { kind: 'int', required: true },
      status: { kind: 'text', values: APPLICATION_STATUSES },
      applied_at: { kind: 'instant', required: true },
      walk_in: { kind: 'flag' },
      note: { kind: 'text', max: 500 },
      ...deleted,
    },
    personal: {
      link: { via: 'family_id' },
      wipe: { note: null },
      kept: [
        'event_id',
        'family_id',
        'supporter_id',
        'member_ids',
        'head_count',
        'status',
        'applied_at',
        'walk_in',
        'deleted_at',
      ],
      keptBecause: 'who applied is ids only; head counts and statuses are the event figures',
    },
    label: { via: [{ column: 'event_id', table: 'event' }], column: 'title' },
  },
  event_attendance: {
    roles: STAFF,
    appendOnly: true,
    columns: {
      event_id: { kind: 'id', required: true },
      application_id: { kind: 'id' },
      family_id: { kind: 'id' },
      member_id: { kind: 'id' },
      supporter_id: { kind: 'id' },
      marked_at: { kind: 'instant', required: true },
      ...deleted,
    },
    personal: {
      link: { via: 'family_id' },
      wipe: {},
      kept: [
        'event_id',
        'application_id',
        'family_id',
        'member_id',
        'supporter_id',
        'marked_at',
        'deleted_at',
      ],
      keptBecause: 'ids and a time only: who came is counted, never named, once the names are wiped',
    },
    label: { via: [{ column: 'event_id', table: 'event' }], column: 'title' },
  },
  /**
   * The town's ripple-effect coefficients, one row per version (docs/reports.md). Coordinators receive
   * them (their figures price the nights); only administrators write them, the consortium's for its own
   * town (with the town's lock policy, the only synced tables its laptop receives).
   */
  kpi_coefficient: {
    roles: [...STAFF, 'consortium_admin'],
    writers: ADMINS,
    appendOnly: true,
    columns: {
      effective_from: { kind: 'date', required: true },
      spend_per_person_night_yen: { kind: 'int', required: true },
      ripple_multiplier: { kind: 'text', required: true, max: 8 },
      note: { kind: 'text', max: 500 },
      set_at: { kind: 'instant', required: true },
      ...deleted,
    },
    personal: { none: "the town's coefficients for the ripple-effect figure, not about a family" },
    label: { column: 'effective_from' },
  },
  /**
   * The town's lock policy, one row per version (docs/security.md): idle minutes before the app locks
   * and days without the server before the records lock. Every laptop of the town receives it (each
   * one locks by it, the consortium administrator's too); only a town administrator writes it. The
   * version in force is the latest set_at, then the greatest id (lock/town-policy.ts).
   */
  town_policy: {
    roles: [...EVERYONE_IN_TOWN, 'consortium_admin'],
    writers: ['town_admin'],
    appendOnly: true,
    columns: {
      idle_minutes: { kind: 'int', required: true },
      offline_lock_days: { kind: 'int', required: true },
      note: { kind: 'text', max: 500 },
      set_at: { kind: 'instant', required: true },
      ...deleted,
    },
    personal: { none: "the town's lock settings, not about a family" },
    label: { column: 'set_at' },
  },
  /**
   * Written by the server when a write lost to one its author never saw (docs/sync-principles.md, P5).
   * Devices receive conflicts as data and resolve them by writing `resolved_*`.
   */
  sync_conflict: {
    roles: EVERYONE_IN_TOWN,
    columns: {
      table_name: { kind: 'text', required: true, max: 64 },
      row_id: { kind: 'id', required: true },
      /** A column, or a group's columns joined by '+', or 'deleted_at' for edit-versus-delete. */
      field: { kind: 'text', required: true, max: 200 },
      kind: { kind: 'text', required: true, values: ['overwrite', 'edit_vs_delete'] },
      /** JSON of the losing write: { values, hlc, author }. */
      lost: { kind: 'json', required: true },
      /** JSON of the write that won when the conflict opened: { values, hlc, author }. */
      won: { kind: 'json', required: true },
      resolved_at: { kind: 'instant' },
      resolved_by: { kind: 'text', max: 100 },
      /** 'kept' (the current value stays), 'restored' (the author re-wrote the lost value) or 'superseded'. */
      resolution: { kind: 'text', values: ['kept', 'restored', 'superseded'] },
      ...deleted,
    },
    personal: {
      none: 'scrubbed through the row it is about: shared/sync/personal.ts scrubConflict',
    },
    label: { column: 'field' },
    /** The server writes these; a device only resolves them. */
    serverWritten: true,
  },
} as const satisfies Record<string, RecordSpec>;

/**
 * Tables that stay on this laptop. `personal` says what an erasure does about them, so a table that
 * could hold a family's data is a decision, not an accident.
 */
export const LOCAL_TABLES = {
  municipality: {
    columns: ['id', 'prefecture', 'name', 'name_kana', 'is_lead'],
    why: 'the towns of the consortium, loaded with the app',
    personal: 'none: towns only',
  },
  local_profile: {
    columns: [
      'id',
      'municipality_id',
      'display_name',
      'display_name_kana',
      'role',
      'device_id',
      'created_at',
      'updated_at',
    ],
    why: 'who uses this laptop; the server knows people through enrolment, not through this table',
    personal: "the staff member's own name, never a family's",
  },
  app_setting: {
    columns: ['key', 'value'],
    why: "this laptop's settings, the clock and the sync cursor",
    personal: 'none: settings and counters',
  },
  audit_log: {
    columns: ['id', 'at', 'municipality_id', 'actor_id', 'action', 'table_name', 'row_id', 'details'],
    why: "this laptop's own record of who changed what",
    personal: 'never holds values, only the names of changed fields (record-writer.ts)',
  },
  field_clock: {
    columns: ['table_name', 'row_id', 'column_name', 'hlc'],
    why: 'the clock of each stored value, for last-writer-wins merging',
    personal: 'none: clocks only',
  },
  outbox: {
    columns: [
      'seq',
      'op_id',
      'municipality_id',
      'table_name',
      'row_id',
      'op',
      'changes',
      'hlc',
      'created_at',
      'state',
      'last_error',
      'acked_at',
      'reason_code',
    ],
    why: "this laptop's operations waiting to go up (and kept a while after)",
    personal: 'scrubbed: an erasure overwrites the personal values of every operation about the family',
  },
  sync_run: {
    columns: [
      'id',
      'started_at',
      'finished_at',
      'trigger',
      'outcome',
      'error_code',
      'requests',
      'pushed',
      'pulled',
      'conflicts',
      'quarantined',
      'bytes_up',
      'bytes_down',
    ],
    why: 'the recent sync exchanges, for the 同期 page and the diagnostics bundle',
    personal: 'none: counts and codes',
  },
  blob_upload: {
    columns: [
      'sha256',
      'kind',
      'mime_type',
      'size_bytes',
      'state',
      'tus_url',
      'upload_offset',
      'attempts',
      'last_error',
      'next_attempt_at',
      'created_at',
      'confirmed_at',
    ],
    why: 'attachment bytes still to send; another laptop learns of them from the attachment row',
    personal: 'none: content hashes and progress',
  },
  search_doc: {
    columns: ['rowid', 'kind', 'ref_id', 'municipality_id', 'sort_key'],
    why: 'derived from the records by the search index, rebuilt on any laptop',
    personal: 'removed: an erased family has no search document',
  },
  search_index: {
    columns: ['grams', 'chars'],
    why: 'the contentless FTS5 index of search_doc (term lists only)',
    personal: 'removed with its search_doc row',
  },
  schema_migration: {
    columns: ['version', 'name', 'checksum', 'applied_at'],
    why: 'the migration ledger',
    personal: 'none',
  },
} as const satisfies Record<string, LocalTableSpec>;

// ------------------------------------------------------------------------------------------------
// Derived lists and types

export type SyncedRecordName = keyof typeof SYNCED_RECORDS;
export type LocalTableName = keyof typeof LOCAL_TABLES;

export const SYNCED_RECORD_NAMES = Object.keys(SYNCED_RECORDS) as SyncedRecordName[];
export const LOCAL_TABLE_NAMES = Object.keys(LOCAL_TABLES) as LocalTableName[];

type Records = typeof SYNCED_RECORDS;

/** The tables whose rows are about a family and carry personal columns an erasure wipes. */
export type FamilyLinkedName = {
  [K in SyncedRecordName]: Records[K]['personal'] extends { link: unknown } ? K : never;
}[SyncedRecordName];

/** Kinds of search document (`search_doc.kind`): the tables declaring `search: { document }`. */
export type SearchDocKind = {
  [K in SyncedRecordName]: Records[K] extends { search: { document: infer D } } ? D : never;
}[SyncedRecordName];

/** Tables an attachment may belong to: those declaring `attachments: true`. */
export type AttachmentOwnerName = {
  [K in SyncedRecordName]: Records[K] extends { attachments: true } ? K : never;
}[SyncedRecordName];

function recordsWhere(test: (spec: RecordSpec) => boolean): SyncedRecordName[] {
  return SYNCED_RECORD_NAMES.filter((t) => test(SYNCED_RECORDS[t] as RecordSpec));
}

export const FAMILY_LINKED_NAMES = recordsWhere((s) => 'link' in s.personal) as FamilyLinkedName[];

export const SEARCH_DOC_KINDS = SYNCED_RECORD_NAMES.flatMap((t) => {
  const search: SearchRole | undefined = (SYNCED_RECORDS[t] as RecordSpec).search;
  return search && 'document' in search ? [search.document] : [];
}) as SearchDocKind[];

export const ATTACHMENT_OWNERS = recordsWhere((s) => s.attachments === true) as AttachmentOwnerName[];

/** Tables whose conflict label is a family's name (the review shows it as 「〜家」). */
export const LABELLED_BY_FAMILY_NAME = SYNCED_RECORD_NAMES.filter((t) => {
  const label: RecordLabel = SYNCED_RECORDS[t].label;
  return label.column === 'family_name';
});

export function recordSpec(table: SyncedRecordName): RecordSpec {
  return SYNCED_RECORDS[table];
}

/** The personal declaration of a family-linked table. */
export function personalOf(table: FamilyLinkedName): PersonalSpec {
  return SYNCED_RECORDS[table].personal as PersonalSpec;
}
