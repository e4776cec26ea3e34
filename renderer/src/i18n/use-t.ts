import type { ParseKeys, TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { NAMESPACES } from './namespaces.ts';

/**
 * `useTranslation` over every namespace: `t('nav.today')` reads `common`, `t('families:form.title')`
 * a feature's, and the compiler knows every key of both.
 */
export const useT = () => useTranslation(NAMESPACES);

/** The `t` of `useT()`, for helpers that format text outside a component. */
export type T = TFunction<typeof NAMESPACES>;

/** Any key `t` takes: `'validation.required'`, `'families:form.title'`. Form errors are held as these. */
export type MessageKey = ParseKeys<typeof NAMESPACES>;
