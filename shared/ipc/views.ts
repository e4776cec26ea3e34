/**
 * What the main side sends back to the renderer. Plain JSON, camelCase, never raw rows. One module
 * per domain under `views/`, beside its contract module (`contract/<domain>.ts`); this file only
 * gathers them, so imports of `shared/ipc/views.ts` keep working.
 */

export * from './views/akiya-register.ts';
export * from './views/app.ts';
export * from './views/attachments.ts';
export * from './views/checkins.ts';
export * from './views/community-events.ts';
export * from './views/consents.ts';
export * from './views/enquiries.ts';
export * from './views/exports.ts';
export * from './views/families.ts';
export * from './views/inspection-summary.ts';
export * from './views/inspections.ts';
export * from './views/lock.ts';
export * from './views/properties.ts';
export * from './views/reports.ts';
export * from './views/search.ts';
export * from './views/stays.ts';
export * from './views/sync.ts';
export * from './views/updates.ts';
