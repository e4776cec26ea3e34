import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { japanDate } from '../../../shared/domain/dates.ts';
import type { Locale } from '../../../shared/domain/enums.ts';
import { dateExamples } from '../../../shared/text/japanese-date.ts';
import { FEATURES, resources } from './resources.ts';

/** Japanese is the default and the fallback: an untranslated key shows Japanese, never a raw key. */
export async function initI18n(locale: Locale = 'ja'): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources,
    ns: ['common', ...Object.keys(FEATURES)],
    defaultNS: 'common',
    lng: locale,
    fallbackLng: 'ja',
    // React escapes already. The date hints' examples come from the day the app was opened.
    interpolation: { escapeValue: false, defaultVariables: dateExamples(japanDate(new Date())) },
    returnNull: false,
  });
  document.documentElement.lang = locale;
  return i18next;
}

export async function changeLocale(locale: Locale): Promise<void> {
  await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}
