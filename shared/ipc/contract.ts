import type { z } from 'zod';
import type { CHANNEL_NAMES, EVENT_NAMES, EventName } from './channels.ts';
import { akiyaRegisterChannels } from './contract/akiya-register.ts';
import { appChannels } from './contract/app.ts';
import { attachmentChannels } from './contract/attachments.ts';
import { checkinChannels } from './contract/checkins.ts';
import { communityEventChannels } from './contract/community-events.ts';
import { consentChannels, consentMainChannels } from './contract/consents.ts';
import { consortiumReportChannels } from './contract/consortium-reports.ts';
import { deviceAdminChannels } from './contract/devices.ts';
import { enquiryChannels } from './contract/enquiries.ts';
import type { EventPayloads } from './contract/events.ts';
import { exportChannels, exportMainChannels } from './contract/exports.ts';
import { familyChannels } from './contract/families.ts';
import { inspectionSummaryChannels, inspectionSummaryMainChannels } from './contract/inspection-summary.ts';
import { inspectionChannels } from './contract/inspections.ts';
import { lockChannels } from './contract/lock.ts';
import { propertyPageChannels } from './contract/properties.ts';
import { reportChannels } from './contract/reports.ts';
import { searchChannels } from './contract/search.ts';
import { propertyChannels, stayChannels } from './contract/stays.ts';
import { syncChannels } from './contract/sync.ts';
import { trialCalendarChannels } from './contract/trial-calendar.ts';

/**
 * The one IPC contract, merged from one module per domain (`contract/*.ts`). The main side must supply
 * a handler for every channel (`Handlers` below: a missing or misspelled one is a compile error), the
 * preload forwards only the names in `channels.ts` (checked against this object below), and the
 * renderer's typed client is derived from the same object.
 */
export const contract = {
  ...appChannels,
  ...familyChannels,
  ...stayChannels,
  ...propertyChannels,
  ...propertyPageChannels,
  ...checkinChannels,
  ...enquiryChannels,
  ...searchChannels,
  ...syncChannels,
  ...attachmentChannels,
  ...trialCalendarChannels,
  ...consentChannels,
  ...consentMainChannels,
  ...akiyaRegisterChannels,
  ...inspectionChannels,
  ...communityEventChannels,
  ...inspectionSummaryChannels,
  ...inspectionSummaryMainChannels,
  ...exportChannels,
  ...exportMainChannels,
  ...consortiumReportChannels,
  ...reportChannels,
  ...lockChannels,
  ...deviceAdminChannels,
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>;
export type ChannelOutput<K extends ChannelName> = NonNullable<Contract[K]['output']>['value'];

/** One channel's handler: given the parsed input, it answers the channel's output. */
export type Handler<K extends ChannelName> = (
  input: ParsedInput<K>,
) => Promise<ChannelOutput<K>> | ChannelOutput<K>;

/**
 * Channels the Electron main process answers itself (they need a window or a dialog); the core never
 * sees them, and the preload forwards them like any other.
 */
const mainChannels = { ...consentMainChannels, ...inspectionSummaryMainChannels, ...exportMainChannels };
export const MAIN_PROCESS_CHANNELS = Object.keys(mainChannels) as (keyof typeof mainChannels)[];
export type MainProcessChannel = (typeof MAIN_PROCESS_CHANNELS)[number];
export type CoreChannelName = Exclude<ChannelName, MainProcessChannel>;

/** What the core implements: one function per channel it answers. */
export type Handlers = { [K in CoreChannelName]: Handler<K> };

/** A domain's part of the handlers: exactly the channels of the given names. */
export type HandlerSlice<K extends ChannelName> = { [P in K]: Handler<P> };

export { CHANNEL_NAMES, EVENT_NAMES, type EventName, IPC_PREFIX } from './channels.ts';
export { type SetupInput, setupInput } from './contract/app.ts';
export type { Channel } from './contract/define.ts';
export type { ChangeOrigin, DataChanged, EventPayloads } from './contract/events.ts';
export { CHANGE_ORIGINS } from './contract/events.ts';

export type EventPayload<E extends EventName> = EventPayloads[E];

// Compile-time proof that channels.ts lists exactly the contract's channels and events, in both
// directions (the preload cannot import this file: it would bundle zod). channels.test.ts checks
// the same at run time, and that no name is listed twice.
type Listed = (typeof CHANNEL_NAMES)[number];
const everyContractChannelIsListed: Record<ChannelName, true> = {} as Record<Listed, true>;
const everyListedChannelIsInContract: Record<Listed, true> = {} as Record<ChannelName, true>;
type ListedEvent = (typeof EVENT_NAMES)[number];
const everyEventHasAPayload: Record<keyof EventPayloads, true> = {} as Record<ListedEvent, true>;
const everyPayloadIsAnEvent: Record<ListedEvent, true> = {} as Record<keyof EventPayloads, true>;
void everyContractChannelIsListed;
void everyListedChannelIsInContract;
void everyEventHasAPayload;
void everyPayloadIsAnEvent;
