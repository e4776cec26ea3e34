import type { Programme, PropertyStatus, Relation, StayStatus } from '../../domain/enums.ts';

/** Stays and their lodging (plain JSON, camelCase, never raw rows). */

export interface StayMemberView {
  memberId: string;
  givenName: string;
  relation: Relation;
  /** 満年齢 on the day of arrival. */
  ageAtArrival: number | null;
}

export interface StayView {
  id: string;
  familyId: string;
  programme: Programme;
  status: StayStatus;
  plannedArrival: string;
  plannedDeparture: string;
  actualArrival: string | null;
  actualDeparture: string | null;
  /** Effective dates: actual when known, else planned. */
  arrival: string;
  departure: string;
  nights: number;
  lodgingPropertyId: string | null;
  lodgingText: string | null;
  /** Display form: the property's address or the free text. */
  lodging: string | null;
  schoolName: string | null;
  notes: string | null;
  members: StayMemberView[];
  /** Other stays in the same lodging on overlapping nights (computed from data, whoever created them). */
  doubleBookings: LodgingConflict[];
}

export interface LodgingConflict {
  stayId: string;
  familyId: string;
  familyName: string;
  arrival: string;
  departure: string;
}

export interface PropertyOption {
  id: string;
  address: string;
  status: PropertyStatus;
}
