/**
 * Closed vocabularies of the domain (docs/domain.md). The values are stable codes stored
 * in the database and sent over the wire; the Japanese labels live in i18n (`enums.<name>.<value>`).
 */
export const ROLES = ['coordinator', 'surveyor', 'town_admin', 'consortium_admin'] as const;
export type Role = (typeof ROLES)[number];

export const PROGRAMMES = [
  'nursery_stay',
  'school_stay',
  'trial_living',
  'workation',
  'dual_region',
  'other',
] as const;
export type Programme = (typeof PROGRAMMES)[number];

export const STAY_STATUSES = ['planned', 'in_town', 'completed', 'cancelled'] as const;
export type StayStatus = (typeof STAY_STATUSES)[number];

export const RELATIONS = ['parent', 'child', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

export const CHECKIN_KINDS = ['arrival', 'daily', 'visit', 'call', 'departure'] as const;
export type CheckinKind = (typeof CHECKIN_KINDS)[number];

export const CONDITIONS = ['good', 'attention', 'urgent'] as const;
export type Condition = (typeof CONDITIONS)[number];

export const ENQUIRY_CHANNELS = ['phone', 'email', 'web', 'visit', 'event', 'other'] as const;
export type EnquiryChannel = (typeof ENQUIRY_CHANNELS)[number];

export const ENQUIRY_OUTCOMES = ['open', 'booked', 'declined', 'no_reply'] as const;
export type EnquiryOutcome = (typeof ENQUIRY_OUTCOMES)[number];

export const PROPERTY_STATUSES = [
  'candidate',
  'surveyed',
  'negotiating',
  'bank_listed',
  'renovating',
  'trial_housing',
  'contracted',
  'demolished',
] as const;
export type PropertyStatus = (typeof PROPERTY_STATUSES)[number];

/** 用途 of a building (akiya survey sheet). */
export const BUILDING_USES = ['residence', 'shop_residence', 'shop', 'inn', 'warehouse', 'other'] as const;
export type BuildingUse = (typeof BUILDING_USES)[number];

/** 建て方. */
export const BUILDING_TYPES = ['detached', 'row', 'apartment'] as const;
export type BuildingType = (typeof BUILDING_TYPES)[number];

/** 附属建物: 物置, 蔵, 車庫. */
export const OUTBUILDINGS = ['shed', 'storehouse', 'garage', 'other'] as const;
export type Outbuilding = (typeof OUTBUILDINGS)[number];

/** 空家可能性 from the signs of vacancy. */
export const VACANCY_LIKELIHOODS = ['low', 'medium', 'high'] as const;
export type VacancyLikelihood = (typeof VACANCY_LIKELIHOODS)[number];

/** 売買 / 賃貸 on the 空き家バンク. */
export const DEAL_TYPES = ['sale', 'rent', 'sale_or_rent'] as const;
export type DealType = (typeof DEAL_TYPES)[number];

/** 修繕要否. */
export const REPAIR_NEEDS = ['none', 'minor', 'major'] as const;
export type RepairNeed = (typeof REPAIR_NEEDS)[number];

/** 相続 status of the owner's title. */
export const INHERITANCE_STATES = ['registered', 'unregistered', 'in_progress', 'unknown'] as const;
export type InheritanceState = (typeof INHERITANCE_STATES)[number];

/** 所有者意向. */
export const OWNER_INTENTS = ['sell', 'rent', 'demolish', 'undecided'] as const;
export type OwnerIntent = (typeof OWNER_INTENTS)[number];

/** What an owner's consent (同意) is for. */
export const CONSENT_PURPOSES = [
  'bank_listing',
  'residence_support_corp',
  'management_support_corp',
  'photo_publication',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** The groups of a property's fields a consent may cover. */
export const CONSENT_SCOPES = ['identification', 'listing', 'owner', 'photos'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

/** What kind of hand-over a disclosure was. */
export const DISCLOSURE_KINDS = ['listing_sheet', 'export', 'share'] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];

export const STRUCTURES = ['wood', 'steel', 'rc', 'src', 'other'] as const;
export type Structure = (typeof STRUCTURES)[number];

export const INSPECTION_GRADES = ['a', 'b', 'c', 'd'] as const;
export type InspectionGrade = (typeof INSPECTION_GRADES)[number];

/** An inspection is answered item by item while in progress, and scored when finished. */
export const INSPECTION_STATUSES = ['in_progress', 'finished'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

/** The town's 判定 on an inspected house: 特定空家等, 管理不全空家等, or neither. */
export const DETERMINATIONS = ['tokutei', 'kanri_fuzen', 'none'] as const;
export type Determination = (typeof DETERMINATIONS)[number];

/** 交流会, 体験, 説明会, 相談会, オンライン, その他 (an 'other' event says what it is in its kind_label). */
export const EVENT_KINDS = ['exchange', 'experience', 'briefing', 'consultation', 'online', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Where an event takes place: in town (a property or a place named in text), outside the town, online. */
export const EVENT_PLACE_KINDS = ['in_town', 'outside', 'online'] as const;
export type EventPlaceKind = (typeof EVENT_PLACE_KINDS)[number];

/** An event is planned until it is called off (中止); a cancelled event takes no applications. */
export const EVENT_STATUSES = ['planned', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * What is stored of an application: 申込, キャンセル待ち, キャンセル, 欠席. 参加 is never stored: it is read
 * from the roll call (event_attendance), which two laptops may both write (docs/events.md).
 */
export const APPLICATION_STATUSES = ['applied', 'waiting', 'cancelled', 'absent'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** What the renderer shows: the stored status, or 参加 when the roll call marked someone of it. */
export const APPLICATION_VIEW_STATUSES = [...APPLICATION_STATUSES, 'attended'] as const;
export type ApplicationViewStatus = (typeof APPLICATION_VIEW_STATUSES)[number];

/** How a supporter is connected to the town (関係人口の種類). */
export const SUPPORTER_CONNECTIONS = [
  'event',
  'furusato_nozei',
  'volunteer',
  'side_job',
  'fan_club',
  'former_resident',
  'other',
] as const;
export type SupporterConnection = (typeof SUPPORTER_CONNECTIONS)[number];

/** The channels a supporter agreed to be contacted by. */
export const CONTACT_CHANNELS = ['email', 'phone', 'post', 'sns'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const ATTENDANCE_STATUSES = ['registered', 'attended', 'no_show'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const SAMPLE_SIZES = ['small', 'medium', 'large'] as const;
export type SampleSize = (typeof SAMPLE_SIZES)[number];

/** How the family list is ordered: 五十音順, families in town (then arriving soon) first, or most recently changed. */
export const FAMILY_SORTS = ['kana', 'in_town', 'recent'] as const;
export type FamilySort = (typeof FAMILY_SORTS)[number];
