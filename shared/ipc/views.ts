import type {
  CheckinKind,
  Condition,
  Locale,
  Programme,
  PropertyStatus,
  Relation,
  Role,
  StayStatus,
} from '../domain/enums.ts';
import type { Municipality } from '../domain/municipalities.ts';

/** What the main side sends back to the renderer. Plain JSON, camelCase, never raw rows. */

export interface AppInfo {
  version: string;
  schemaVersion: number;
  locale: Locale;
}

export interface Profile {
  id: string;
  municipality: Municipality;
  displayName: string;
  displayNameKana: string | null;
  role: Role;
  deviceId: string;
}

export interface FamilySummary {
  id: string;
  familyName: string;
  familyNameKana: string;
  homePrefecture: string | null;
  homeCity: string | null;
  phone: string | null;
  memberCount: number;
  childCount: number;
  lastStayArrival: string | null;
  lastStayProgramme: Programme | null;
  erased: boolean;
}

export interface FamilyPage {
  items: FamilySummary[];
  total: number;
}

export interface MemberView {
  id: string;
  givenName: string;
  givenNameKana: string;
  relation: Relation;
  birthDate: string | null;
  grade: string | null;
}

export interface StayView {
  id: string;
  programme: Programme;
  status: StayStatus;
  arrival: string;
  departure: string;
  lodging: string | null;
}

export interface FamilyDetail extends FamilySummary {
  email: string | null;
  members: MemberView[];
  stays: StayView[];
}

export interface BoardChild {
  memberId: string;
  givenName: string;
  givenNameKana: string;
  age: number | null;
  schoolName: string | null;
}

export interface BoardCheckin {
  id: string;
  recordedAt: string;
  condition: Condition;
  kind: CheckinKind;
  note: string | null;
  authorName: string | null;
}

export interface BoardStay {
  stayId: string;
  familyId: string;
  familyName: string;
  familyNameKana: string;
  programme: Programme;
  status: StayStatus;
  arrival: string;
  departure: string;
  lodging: string | null;
  children: BoardChild[];
  checkins: BoardCheckin[];
}

export interface BoardFollowUp {
  checkinId: string;
  familyId: string;
  familyName: string;
  followUpOn: string;
  condition: Condition;
  note: string | null;
}

export interface TodayBoard {
  date: string;
  inTown: BoardStay[];
  arrivingToday: BoardStay[];
  arrivingTomorrow: BoardStay[];
  departingToday: BoardStay[];
  departingTomorrow: BoardStay[];
  /** The most overdue first, at most FOLLOW_UPS_SHOWN of them; `followUpsDueTotal` counts all. */
  followUpsDue: BoardFollowUp[];
  followUpsDueTotal: number;
}

export const FOLLOW_UPS_SHOWN = 50;

export interface SearchHit {
  kind: 'family' | 'property' | 'event';
  id: string;
  title: string;
  subtitle: string | null;
}

export interface PropertySummary {
  id: string;
  address: string;
  lotNumber: string | null;
  status: PropertyStatus;
}

export interface SampleLoadResult {
  families: number;
  checkins: number;
  properties: number;
  events: number;
}

export interface CheckinRecorded {
  id: string;
}
