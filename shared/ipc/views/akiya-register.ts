import type { SeismicStandard } from '../../domain/akiya/seismic.ts';
import type { PropertyStatus, Structure, VacancyLikelihood } from '../../domain/enums.ts';

/**
 * The 空き家台帳 register: one row per live property of the town, with what staff scan the list for.
 * The owner is deliberately absent (name, contact, intent): the register is open to every role, the
 * owner's details only to some, on request (docs/akiya.md "Owner data").
 */

/** Where the property's 空き家バンク掲載 consent stands today. */
export const REGISTER_CONSENT_STATES = ['valid', 'expired', 'withdrawn', 'none'] as const;
export type RegisterConsentState = (typeof REGISTER_CONSENT_STATES)[number];

export const REGISTER_SORTS = ['ref_number', 'address', 'status', 'year_built', 'last_inspection'] as const;
export type RegisterSort = (typeof REGISTER_SORTS)[number];

export interface RegisterRow {
  id: string;
  refNumber: string | null;
  /** Another live property of the town has the same 整理番号 (two laptops offline took it). */
  duplicateRef: boolean;
  /** 住居表示; empty when only the 地番 is known. */
  address: string;
  lotNumber: string | null;
  district: string | null;
  status: PropertyStatus;
  structure: Structure | null;
  yearBuilt: number | null;
  seismic: SeismicStandard;
  vacancyLikelihood: VacancyLikelihood | null;
  bankConsent: RegisterConsentState;
  /** The latest inspection's day, or null when none yet. */
  lastInspection: string | null;
  priceYen: number | null;
  rentYen: number | null;
}

export interface RegisterView {
  /** The asked-for window (offset, limit) of the sorted, filtered rows. */
  rows: RegisterRow[];
  offset: number;
  /** How many rows the filters and search leave (all windows together). */
  total: number;
  /** Per status, with every other filter (and the search) applied but not the status one. */
  statusCounts: Record<PropertyStatus, number>;
  /** Every 地区 of the town's live properties, for the filter. */
  districts: string[];
  /** The day the consent states and inspection ages were judged on (the town's calendar). */
  day: string;
}
