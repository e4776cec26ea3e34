import type { Programme, Relation, StayStatus } from '../../domain/enums.ts';
import type { EnquiryView } from './enquiries.ts';
import type { StayView } from './stays.ts';

/** Families, their members and their history (plain JSON, camelCase, never raw rows). */

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
  /** Who the family is, parents first: given names and 満年齢 today (null without a birth date). */
  people: FamilyPerson[];
  /** The stay in town today, else the next planned one, else the most recent. */
  stay: FamilyStayGlance | null;
}

export interface FamilyPerson {
  givenName: string;
  relation: Relation;
  age: number | null;
}

export interface FamilyStayGlance {
  /** in_town: here today; next: planned, arriving later; past: the last one. */
  when: 'in_town' | 'next' | 'past';
  arrival: string;
  departure: string;
  programme: Programme;
  status: StayStatus;
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
  /** Whether allergies or care notes are recorded (their text needs `members.sensitive`). */
  hasSensitive: boolean;
}

export interface SensitiveNotes {
  allergies: string | null;
  careNotes: string | null;
}

export interface HistoryEntry {
  at: string;
  actorName: string | null;
  /** `conflict`: a sync conflict opened on this record; `conflict_resolved`: a person settled it. */
  action: 'create' | 'update' | 'delete' | 'erase' | 'view_sensitive' | 'conflict' | 'conflict_resolved';
  table: string;
  rowId: string;
  fields: string[];
  /** Set on the conflict entries: which conflict, and how it ended (null while open). */
  conflict?: { id: string; kind: 'overwrite' | 'edit_vs_delete'; resolution: string | null };
}

export interface FamilyDetail extends FamilySummary {
  homePostalCode: string | null;
  email: string | null;
  emergencyContactName: string | null;
  emergencyContactPhone: string | null;
  referralSource: string | null;
  consentPhoto: boolean;
  consentShare: boolean;
  notes: string | null;
  members: MemberView[];
  stays: StayView[];
  enquiries: EnquiryView[];
}
