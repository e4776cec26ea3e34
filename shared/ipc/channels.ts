/**
 * Channel and event names, as plain constants with no dependencies: the sandboxed preload bundles
 * this file (it cannot load zod), while `contract.ts` checks at compile time that the two agree.
 */
export const IPC_PREFIX = 'futasato:';

export const CHANNEL_NAMES = [
  'app.info',
  'app.setLocale',
  'municipalities.list',
  'profile.get',
  'profile.setup',
  'profile.update',
  'sample.load',
  'families.list',
  'families.get',
  'families.create',
  'families.update',
  'families.erase',
  'families.history',
  'members.save',
  'members.remove',
  'members.restore',
  'members.sensitive',
  'stays.save',
  'stays.get',
  'stays.lodgingConflicts',
  'properties.lodgings',
  'checkins.list',
  'checkins.closeFollowUp',
  'checkins.retract',
  'enquiries.list',
  'enquiries.get',
  'enquiries.save',
  'enquiries.convert',
  'search.all',
  'today.board',
  'checkins.record',
  'sync.status',
  'sync.enroll',
  'sync.now',
  'sync.quarantined',
  'sync.conflicts',
  'sync.resolve',
  'sync.diagnostics',
  'sync.backups',
  'attachments.list',
  'attachments.add',
  'attachments.open',
  'attachments.remove',
  'attachments.setCaption',
  'attachments.queue',
  'attachments.holdOriginals',
] as const;

export const EVENT_NAMES = [
  'data.changed',
  'sync.changed',
  'attachments.progress',
  'attachments.download',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];
