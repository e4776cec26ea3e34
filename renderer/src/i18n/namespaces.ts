/**
 * The namespaces, in a module that imports nothing (components import it; the dictionaries do not
 * have to load to name them). `common` is app-wide; the rest are named after feature folders.
 * resources.ts checks this list against the registered features.
 */
export const NAMESPACES = [
  'common',
  'akiya',
  'attachments',
  'consents',
  'consortiumReports',
  'device',
  'deviceAdmin',
  'enquiries',
  'events',
  'exports',
  'families',
  'inspection',
  'inspectionImport',
  'inspectionSummary',
  'lock',
  'property',
  'reports',
  'stays',
  'supporters',
  'sync',
  'today',
  'trialCalendar',
] as const;

export type Namespace = (typeof NAMESPACES)[number];
