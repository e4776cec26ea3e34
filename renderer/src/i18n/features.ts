/**
 * Per-feature dictionaries, each under its own top-level key (`t('familyForm.title')`), so features
 * can grow their text without touching one shared file. Each feature's `messages.ts` exports
 * `{ ja, en }` where `en` has exactly `ja`'s keys (the `FeatureMessages` type makes a missing one a
 * compile error; tests/unit/i18n.test.ts checks it too).
 */
import { attachmentMessages } from '../features/attachments/messages.ts';
import { deviceMessages } from '../features/device/messages.ts';
import { enquiryMessages } from '../features/enquiries/messages.ts';
import { familyListMessages } from '../features/families/list-messages.ts';
import { familiesWorkspaceMessages } from '../features/families/messages.ts';
import { stayMessages } from '../features/stays/messages.ts';
import { syncMessages } from '../features/sync/messages.ts';
import { boardMessages } from '../features/today/messages.ts';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export interface FeatureMessages<T> {
  ja: T;
  en: Widen<T>;
}

export function featureMessages<T>(ja: T, en: Widen<T>): FeatureMessages<T> {
  return { ja, en };
}

// Register each feature's messages here: namespace → messages.
export const FEATURES: Record<string, FeatureMessages<unknown>> = {
  // messages: families workspace
  familyWs: familiesWorkspaceMessages as FeatureMessages<unknown>,
  // messages: today board, stays and enquiries
  board: boardMessages as FeatureMessages<unknown>,
  stayForm: stayMessages as FeatureMessages<unknown>,
  enquiry: enquiryMessages as FeatureMessages<unknown>,
  // messages: sync indicator, 同期 page, enrolment and conflict review
  syncUi: syncMessages as FeatureMessages<unknown>,
  // messages: photos and files (写真・添付) and the photo queue on the 同期 page
  attachUi: attachmentMessages as FeatureMessages<unknown>,
  // messages: the laptop itself (roles, practice mode, touch and menu)
  device: deviceMessages as FeatureMessages<unknown>,
  // messages: the family list's rows at a glance and its order
  familyList: familyListMessages as FeatureMessages<unknown>,
};
