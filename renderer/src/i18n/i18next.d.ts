import 'i18next';
import type { Resources } from './resources.ts';

// Typed keys: `t('families:form.title')` with a key or namespace that does not exist fails typecheck.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: Resources;
  }
}
