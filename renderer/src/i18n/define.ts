/**
 * The shape of a feature's dictionary, in a module that imports nothing: every `features/*\/messages.ts`
 * imports it, and the registry (`resources.ts`) imports those, so the imports only ever point one way.
 */

/** The English side has exactly the Japanese side's keys, each a plain string. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export interface FeatureMessages<T> {
  ja: T;
  en: Widen<T>;
}

/** A feature's `{ ja, en }`; `en` missing or adding a key of `ja` is a compile error. */
export function featureMessages<T>(ja: T, en: Widen<T>): FeatureMessages<T> {
  return { ja, en };
}
