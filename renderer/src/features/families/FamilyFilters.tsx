import { useState } from 'react';
import {
  PROGRAMMES,
  type Programme,
  STAY_STATUSES,
  type StayStatus,
} from '../../../../shared/domain/enums.ts';
import { useT } from '../../i18n/use-t.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import { validationKey } from '../../lib/forms/form-model.ts';
import { hasFilters, type ListFilters } from './list-filters.ts';

type DateKey = 'from' | 'to';

/** Narrows the list to families with a stay of this programme, status, period and area. */
export function FamilyFilters({
  filters,
  onChange,
}: {
  filters: ListFilters;
  onChange: (next: ListFilters) => void;
}) {
  const { t } = useT();
  // A date still being typed (or mistyped) is not applied until it is a real date, and its error is
  // only shown once the user leaves the box, not after every keystroke of 令和…
  const [pending, setPending] = useState<Record<DateKey, string | null>>({ from: null, to: null });
  const [dateErrors, setDateErrors] = useState<Record<DateKey, string | null>>({ from: null, to: null });
  // Remounts the date inputs on 「条件をクリア」, which also discards text that never became a date.
  const [generation, setGeneration] = useState(0);

  const set = <K extends keyof ListFilters>(key: K, value: ListFilters[K] | undefined) => {
    const next = { ...filters };
    if (value === undefined || value === '') delete next[key];
    else next[key] = value;
    onChange(next);
  };

  const setDate = (key: DateKey, r: { date: string | null; error: string | null }) => {
    setPending((e) => ({ ...e, [key]: r.error }));
    if (!r.error) {
      setDateErrors((e) => ({ ...e, [key]: null }));
      set(key, r.date ?? undefined);
    }
  };

  const reversed = Boolean(filters.from && filters.to && filters.to < filters.from);
  const clear = () => {
    setPending({ from: null, to: null });
    setDateErrors({ from: null, to: null });
    setGeneration((g) => g + 1);
    onChange({});
  };

  return (
    <fieldset className="fam-filters" onBlur={() => setDateErrors(pending)}>
      <legend className="visually-hidden">{t('families:list.filters')}</legend>
      <Field label={t('families:list.programme')}>
        <select
          value={filters.programme ?? ''}
          onChange={(e) => set('programme', (e.target.value || undefined) as Programme | undefined)}
        >
          <option value="">{t('families:list.anyProgramme')}</option>
          {PROGRAMMES.map((p) => (
            <option key={p} value={p}>
              {t(`enums.programme.${p}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('families:list.stayStatus')}>
        <select
          value={filters.stayStatus ?? ''}
          onChange={(e) => set('stayStatus', (e.target.value || undefined) as StayStatus | undefined)}
        >
          <option value="">{t('families:list.anyStatus')}</option>
          {STAY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`enums.stayStatus.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label={t('families:list.from')}
        error={
          dateErrors.from
            ? t(validationKey(dateErrors.from))
            : reversed
              ? t('families:list.periodReversed')
              : null
        }
      >
        <DateInput
          key={`from-${generation}`}
          value={filters.from ?? null}
          onChange={(r) => setDate('from', r)}
        />
      </Field>
      <Field label={t('families:list.to')} error={dateErrors.to ? t(validationKey(dateErrors.to)) : null}>
        <DateInput key={`to-${generation}`} value={filters.to ?? null} onChange={(r) => setDate('to', r)} />
      </Field>
      <Field label={t('families:list.area')}>
        <input
          type="text"
          value={filters.area ?? ''}
          maxLength={50}
          placeholder={t('families:list.areaPlaceholder')}
          onChange={(e) => set('area', e.target.value)}
        />
      </Field>
      <button
        type="button"
        className="fam-filters-clear"
        onClick={clear}
        disabled={!hasFilters(filters) && !pending.from && !pending.to}
      >
        {t('families:list.clearFilters')}
      </button>
    </fieldset>
  );
}
