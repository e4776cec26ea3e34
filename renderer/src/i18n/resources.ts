/**
 * Every dictionary the app shows, as i18next namespaces. `common` (ja.ts / en.ts) holds what is
 * app-wide (navigation, enums, validation and error codes, form buttons); each feature folder has its
 * own namespace of the same name, written in its `messages.ts` (`t('families:form.title')`).
 * `i18next.d.ts` declares these to the compiler, so a key that is not here does not typecheck.
 */
import { akiyaMessages } from '../features/akiya/messages.ts';
import { attachmentMessages } from '../features/attachments/messages.ts';
import { consentMessages } from '../features/consents/messages.ts';
import { consortiumReportMessages } from '../features/consortium-reports/messages.ts';
import { deviceMessages } from '../features/device/messages.ts';
import { deviceAdminMessages } from '../features/device-admin/messages.ts';
import { enquiryMessages } from '../features/enquiries/messages.ts';
import { eventMessages } from '../features/events/messages.ts';
import { exportMessages } from '../features/exports/messages.ts';
import { familyListMessages } from '../features/families/list-messages.ts';
import { familiesWorkspaceMessages } from '../features/families/messages.ts';
import { inspectionMessages } from '../features/inspection/messages.ts';
import { inspectionImportMessages } from '../features/inspection-import/messages.ts';
import { inspectionSummaryMessages } from '../features/inspection-summary/messages.ts';
import { lockMessages } from '../features/lock/messages.ts';
import { propertyMessages } from '../features/property/messages.ts';
import { reportMessages } from '../features/reports/messages.ts';
import { stayMessages } from '../features/stays/messages.ts';
import { supporterMessages } from '../features/supporters/messages.ts';
import { syncMessages } from '../features/sync/messages.ts';
import { boardMessages } from '../features/today/messages.ts';
import { trialCalendarMessages } from '../features/trial-calendar/messages.ts';
import type { FeatureMessages } from './define.ts';
import { en } from './en.ts';
import { ja } from './ja.ts';
import type { Namespace } from './namespaces.ts';

/** Two files of one feature in one namespace; their keys must not overlap (tests/unit/i18n.test.ts). */
function joined<A extends object, B extends object>(a: FeatureMessages<A>, b: FeatureMessages<B>) {
  return { ja: { ...a.ja, ...b.ja }, en: { ...a.en, ...b.en } };
}

/**
 * Feature folder → its messages. A new feature folder adds one line here and its name in namespaces.ts;
 * the `satisfies` refuses either without the other (a missing key, or an excess one).
 */
export const FEATURES = {
  akiya: akiyaMessages,
  attachments: attachmentMessages,
  consents: consentMessages,
  consortiumReports: consortiumReportMessages,
  device: deviceMessages,
  deviceAdmin: deviceAdminMessages,
  enquiries: enquiryMessages,
  events: eventMessages,
  exports: exportMessages,
  families: joined(familiesWorkspaceMessages, familyListMessages),
  inspection: inspectionMessages,
  inspectionImport: inspectionImportMessages,
  inspectionSummary: inspectionSummaryMessages,
  lock: lockMessages,
  property: propertyMessages,
  reports: reportMessages,
  stays: stayMessages,
  supporters: supporterMessages,
  sync: syncMessages,
  today: boardMessages,
  trialCalendar: trialCalendarMessages,
} as const satisfies Record<Exclude<Namespace, 'common'>, FeatureMessages<object>>;

type Dictionaries<L extends 'ja' | 'en'> = { common: typeof ja } & {
  [N in keyof typeof FEATURES]: (typeof FEATURES)[N][L];
};

const dictionaries = <L extends 'ja' | 'en'>(lang: L, common: typeof ja): Dictionaries<L> =>
  ({
    common,
    ...Object.fromEntries(Object.entries(FEATURES).map(([ns, m]) => [ns, m[lang]])),
  }) as Dictionaries<L>;

export const resources = {
  ja: dictionaries('ja', ja),
  en: dictionaries('en', en),
};

/** What the compiler checks keys against: the Japanese text, the default and the fallback. */
export type Resources = Dictionaries<'ja'>;
