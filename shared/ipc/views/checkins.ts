import type { CheckinKind, Condition, Programme, StayStatus } from '../../domain/enums.ts';

/** Check-ins, the 今日 board and follow-ups (plain JSON, camelCase, never raw rows). */

export interface CheckinView {
  id: string;
  stayId: string;
  date: string;
  recordedAt: string;
  kind: CheckinKind;
  condition: Condition;
  note: string | null;
  followUpNeeded: boolean;
  followUpOn: string | null;
  /** When the follow-up was closed; null while it is open (or when none was needed). */
  followUpDoneAt: string | null;
  attendance: { memberId: string; attended: boolean }[];
  authorName: string | null;
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
  /** Open enquiries whose next action falls on or before the date, the most overdue first. */
  enquiriesDue: BoardEnquiry[];
}

export interface BoardEnquiry {
  enquiryId: string;
  contactName: string;
  nextAction: string | null;
  nextActionOn: string;
}

export const FOLLOW_UPS_SHOWN = 50;

export const FOLLOW_UP_SCOPES = ['due', 'overdue', 'open'] as const;

export type FollowUpScope = (typeof FOLLOW_UP_SCOPES)[number];

/** One open follow-up in the town's full list (要フォロー). */
export interface FollowUpItem {
  checkinId: string;
  familyId: string;
  familyName: string;
  /** The day of the check-in that asked for it. */
  checkinDate: string;
  followUpOn: string;
  condition: Condition;
  note: string | null;
  authorName: string | null;
  /** Written by this laptop's coordinator. */
  mine: boolean;
}

export interface CheckinRecorded {
  id: string;
}
