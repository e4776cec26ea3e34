import type { Programme, PropertyStatus, StayStatus } from '../../domain/enums.ts';

/** The お試し住宅 month calendar (plain JSON, camelCase). Family names are personal data: role-gated. */

export interface TrialCalendarStay {
  stayId: string;
  familyId: string;
  familyName: string;
  programme: Programme;
  status: StayStatus;
  /** Effective dates (actual when known, else planned); nights run arrival … departure − 1. */
  arrival: string;
  departure: string;
  /** Another live stay in the same house shares a night with this one (the stays' own rule). */
  doubleBooked: boolean;
  /** The stays it shares nights with (they may lie partly outside the month). */
  overlapsWith: string[];
}

export interface TrialCalendarHouse {
  propertyId: string;
  /** 住居表示; may be empty where only the 地番 is known. */
  address: string;
  lotNumber: string | null;
  refNumber: string | null;
  status: PropertyStatus;
  /** The live stays lodged here that have a night in the month, by arrival. */
  stays: TrialCalendarStay[];
}

export interface TrialCalendarMonth {
  /** YYYY-MM */
  month: string;
  /** The first night of the month and the day after its last (exclusive). */
  from: string;
  to: string;
  houses: TrialCalendarHouse[];
}
