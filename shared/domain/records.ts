/**
 * Zod schemas for every record's editable fields, one module per domain under `inputs/`. They are the
 * single definition used by the IPC contract (input parsing), the services (write path) and the forms.
 * This file only gathers them, so imports of `shared/domain/records.ts` keep working.
 */

export * from './inputs/checkins.ts';
export * from './inputs/enquiries.ts';
export * from './inputs/events.ts';
export * from './inputs/families.ts';
export { isoDate, isoDateTime, NOTE_MAX, plainText, uuid } from './inputs/fields.ts';
export * from './inputs/inspections.ts';
export * from './inputs/properties.ts';
export * from './inputs/stays.ts';
