import type { Handlers } from '../../../shared/ipc/contract.ts';
import { akiyaRegisterHandlers } from './akiya-register.ts';
import { appHandlers } from './app.ts';
import { attachmentHandlers } from './attachments.ts';
import { checkinHandlers } from './checkins.ts';
import { communityEventHandlers } from './community-events.ts';
import { consentHandlers } from './consents.ts';
import { consortiumReportHandlers } from './consortium-reports.ts';
import type { CoreContext } from './context.ts';
import { deviceAdminHandlers } from './devices.ts';
import { enquiryHandlers } from './enquiries.ts';
import { exportHandlers } from './exports.ts';
import { familyHandlers } from './families.ts';
import { inspectionSummaryHandlers } from './inspection-summary.ts';
import { inspectionHandlers } from './inspections.ts';
import { lockHandlers } from './lock.ts';
import { propertyPageHandlers } from './properties.ts';
import { reportHandlers } from './reports.ts';
import { searchHandlers } from './search.ts';
import { propertyHandlers, stayHandlers } from './stays.ts';
import { syncHandlers } from './sync.ts';
import { trialCalendarHandlers } from './trial-calendar.ts';

/**
 * Every channel's handler, merged once from the per-domain modules. Each module returns exactly the
 * channels of its contract module, and the result must be the full `Handlers` map: a missing,
 * misspelled or mistyped handler does not compile.
 */
export function createHandlers(core: CoreContext): Handlers {
  return {
    ...appHandlers(core),
    ...familyHandlers(core),
    ...stayHandlers(core),
    ...propertyHandlers(core),
    ...propertyPageHandlers(core),
    ...checkinHandlers(core),
    ...enquiryHandlers(core),
    ...searchHandlers(core),
    ...syncHandlers(core),
    ...attachmentHandlers(core),
    ...trialCalendarHandlers(core),
    ...consentHandlers(core),
    ...akiyaRegisterHandlers(core),
    ...inspectionHandlers(core),
    ...communityEventHandlers(core),
    ...inspectionSummaryHandlers(core),
    ...exportHandlers(core),
    ...consortiumReportHandlers(core),
    ...reportHandlers(core),
    ...lockHandlers(core),
    ...deviceAdminHandlers(core),
  };
}

export type { CoreContext } from './context.ts';
