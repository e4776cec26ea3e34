import type { PropertyStatus } from '../../domain/enums.ts';

/** Search results (plain JSON, camelCase, never raw rows). */

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
