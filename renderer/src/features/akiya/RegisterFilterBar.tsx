import { VACANCY_LIKELIHOODS, type VacancyLikelihood } from '../../../../shared/domain/enums.ts';
import {
  REGISTER_CONSENT_STATES,
  type RegisterConsentState,
} from '../../../../shared/ipc/views/akiya-register.ts';
import { useT } from '../../i18n/use-t.ts';
import { Field } from '../../lib/forms/Field.tsx';
import { hasFilters, type RegisterFilters } from './register-state.ts';

const SEISMIC = ['old', 'new', 'unknown'] as const;
const DEFAULT_MONTHS = 12;

/** Narrows the register by 地区, 旧耐震, 空家可能性, bank consent and how long since the last inspection. */
export function RegisterFilterBar({
  filters,
  districts,
  onChange,
}: {
  filters: RegisterFilters;
  districts: string[];
  onChange: (next: RegisterFilters) => void;
}) {
  const { t } = useT();
  const set = <K extends keyof RegisterFilters>(key: K, value: RegisterFilters[K] | undefined) => {
    const next = { ...filters };
    if (value === undefined || value === '') delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const months = filters.olderThanMonths ?? DEFAULT_MONTHS;

  return (
    <fieldset className="akiya-filters">
      <legend className="visually-hidden">{t('akiya:filters.legend')}</legend>
      <Field label={t('akiya:filters.district')}>
        <select value={filters.district ?? ''} onChange={(e) => set('district', e.target.value || undefined)}>
          <option value="">{t('akiya:filters.anyDistrict')}</option>
          {districts.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('akiya:filters.seismic')}>
        <select
          value={filters.seismic ?? ''}
          onChange={(e) => set('seismic', (e.target.value || undefined) as RegisterFilters['seismic'])}
        >
          <option value="">{t('akiya:filters.anySeismic')}</option>
          {SEISMIC.map((s) => (
            <option key={s} value={s}>
              {t(`akiya:seismic.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('akiya:filters.vacancy')}>
        <select
          value={filters.vacancyLikelihood ?? ''}
          onChange={(e) =>
            set('vacancyLikelihood', (e.target.value || undefined) as VacancyLikelihood | undefined)
          }
        >
          <option value="">{t('akiya:filters.anyVacancy')}</option>
          {VACANCY_LIKELIHOODS.map((v) => (
            <option key={v} value={v}>
              {t(`akiya:vacancy.${v}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('akiya:filters.consent')}>
        <select
          value={filters.bankConsent ?? ''}
          onChange={(e) =>
            set('bankConsent', (e.target.value || undefined) as RegisterConsentState | undefined)
          }
        >
          <option value="">{t('akiya:filters.anyConsent')}</option>
          {REGISTER_CONSENT_STATES.map((c) => (
            <option key={c} value={c}>
              {t(`akiya:consent.${c}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('akiya:filters.inspection')}>
        <select
          value={filters.inspection ?? ''}
          onChange={(e) => set('inspection', (e.target.value || undefined) as RegisterFilters['inspection'])}
        >
          <option value="">{t('akiya:filters.anyInspection')}</option>
          <option value="none">{t('akiya:filters.inspectionNone')}</option>
          <option value="older">{t('akiya:filters.inspectionOlder', { months })}</option>
        </select>
      </Field>
      {filters.inspection === 'older' ? (
        <Field label={t('akiya:filters.months')}>
          <input
            type="number"
            className="akiya-months"
            min={1}
            max={240}
            value={months}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 1 && n <= 240) set('olderThanMonths', n);
            }}
          />
        </Field>
      ) : null}
      <button
        type="button"
        className="akiya-clear"
        onClick={() => onChange({})}
        disabled={!hasFilters(filters)}
      >
        {t('akiya:filters.clear')}
      </button>
    </fieldset>
  );
}
