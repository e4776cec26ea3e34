import { useDeferredValue, useId, useMemo, useState } from 'react';
import type { PropertyOption } from '../../../../shared/ipc/views.ts';
import { normalizeForSearch } from '../../../../shared/text/search-normalize.ts';
import { useT } from '../../i18n/use-t.ts';
import { Field } from '../../lib/forms/Field.tsx';
import { useCall } from '../../lib/use-call.ts';
import type { StayPlan } from './stay-draft.ts';

type Lodging = Pick<StayPlan, 'lodgingMode' | 'lodgingPropertyId' | 'lodgingText'>;

/** Shown at once; typing narrows the rest (a town's inventory can run to a thousand houses). */
const SHOWN = 200;

/**
 * 宿泊先: a property from the akiya inventory (trial houses first, narrowed by typing part of the
 * address the way search works everywhere: any width, kana or kanji variant) or free text.
 */
export function LodgingPicker({
  value,
  onChange,
  error,
}: {
  value: Lodging;
  onChange: (next: Partial<Lodging>) => void;
  error?: string | undefined;
}) {
  const { t } = useT();
  const id = useId();
  const options = useCall('properties.lodgings', {});
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);

  // Each address's search key once per load, not once per keystroke.
  const keyed = useMemo(
    () => (options.data ?? []).map((p) => ({ p, key: normalizeForSearch(p.address) })),
    [options.data],
  );
  const { trial, other } = useMemo(() => {
    const wanted = normalizeForSearch(deferredQuery);
    const shown = keyed
      .filter(({ p, key }) => p.id === value.lodgingPropertyId || key.includes(wanted))
      .slice(0, SHOWN)
      .map(({ p }) => p);
    return {
      trial: shown.filter((p) => p.status === 'trial_housing'),
      other: shown.filter((p) => p.status !== 'trial_housing'),
    };
  }, [keyed, deferredQuery, value.lodgingPropertyId]);

  return (
    <fieldset className="lodging-picker">
      <legend>{t('stays:lodging.legend')}</legend>
      <div className="inline">
        {(['property', 'text'] as const).map((mode) => (
          <label key={mode} className="radio">
            <input
              type="radio"
              name={`${id}-mode`}
              checked={value.lodgingMode === mode}
              onChange={() => onChange({ lodgingMode: mode })}
            />
            {t(`stays:lodging.${mode}`)}
          </label>
        ))}
      </div>
      {value.lodgingMode === 'property' ? (
        <div className="lodging-search">
          <Field label={t('stays:lodging.search')} hint={t('stays:lodging.searchHint')}>
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          </Field>
          <Field
            label={t('stays:lodging.select')}
            error={error}
            hint={trial.length + other.length === 0 ? t('stays:lodging.noMatch') : undefined}
          >
            <select
              size={7}
              value={value.lodgingPropertyId ?? ''}
              onChange={(e) => onChange({ lodgingPropertyId: e.target.value || null })}
            >
              <option value="">{t('stays:lodging.none')}</option>
              <PropertyGroup label={t('stays:lodging.trialHousing')} properties={trial} />
              <PropertyGroup label={t('stays:lodging.otherProperties')} properties={other} />
            </select>
          </Field>
        </div>
      ) : (
        <Field label={t('stays:lodging.freeText')} hint={t('stays:lodging.freeTextHint')} error={error}>
          <input
            value={value.lodgingText}
            maxLength={200}
            onChange={(e) => onChange({ lodgingText: e.target.value })}
          />
        </Field>
      )}
    </fieldset>
  );
}

function PropertyGroup({ label, properties }: { label: string; properties: PropertyOption[] }) {
  if (properties.length === 0) return null;
  return (
    <optgroup label={label}>
      {properties.map((p) => (
        <option key={p.id} value={p.id}>
          {p.address}
        </option>
      ))}
    </optgroup>
  );
}
