import type { FamilySort, Programme, StayStatus } from '../../../../shared/domain/enums.ts';

/** The list's stay filters, as families.list takes them (an absent key means "any"). */
export interface ListFilters {
  programme?: Programme;
  stayStatus?: StayStatus;
  from?: string;
  to?: string;
  area?: string;
}

/**
 * The list as the user left it, so coming back from a family (browser back, the breadcrumb or Alt+2)
 * finds the same search and filters. Memory only: a new session starts with the whole list. Not kept
 * in the URL, because a router navigation on every keystroke doubled the time the list takes to answer.
 */
export const lastListView: { query: string; filters: ListFilters; sort: FamilySort } = {
  query: '',
  filters: {},
  // Who is here now is what a coordinator looks for first.
  sort: 'in_town',
};

export function hasFilters(filters: ListFilters): boolean {
  return Object.values(filters).some((v) => v !== undefined && v !== '');
}
