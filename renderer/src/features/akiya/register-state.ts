import type { PropertyStatus, VacancyLikelihood } from '../../../../shared/domain/enums.ts';
import type { RegisterConsentState, RegisterSort } from '../../../../shared/ipc/views/akiya-register.ts';

/** The register's filters, as akiya.register takes them (an absent key means "any"). */
export interface RegisterFilters {
  district?: string;
  seismic?: 'old' | 'new' | 'unknown';
  vacancyLikelihood?: VacancyLikelihood;
  bankConsent?: RegisterConsentState;
  inspection?: 'none' | 'older';
  olderThanMonths?: number;
}

export interface RegisterOrder {
  sort: RegisterSort;
  descending: boolean;
}

/**
 * The register as the user left it, so coming back from a property finds the same search, filters and
 * order. Memory only, as for the family list (a router navigation per keystroke is too slow).
 */
export const lastRegisterView: {
  query: string;
  statuses: PropertyStatus[];
  filters: RegisterFilters;
  order: RegisterOrder;
} = { query: '', statuses: [], filters: {}, order: { sort: 'ref_number', descending: false } };

export function hasFilters(filters: RegisterFilters): boolean {
  return Object.entries(filters).some(([k, v]) => k !== 'olderThanMonths' && v !== undefined && v !== '');
}
