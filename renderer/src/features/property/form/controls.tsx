import type { ChangeEvent } from 'react';
import { useT } from '../../../i18n/use-t.ts';

/** A select over an enum's values with the feature's labels, and an empty 「選択してください」. */
export function EnumSelect({
  values,
  label,
  value,
  onChange,
  ...rest
}: {
  values: readonly string[];
  label: (value: string) => string;
  value: string;
  onChange: (value: string) => void;
  id?: string;
  'aria-describedby'?: string | undefined;
  'aria-invalid'?: boolean | undefined;
}) {
  const { t } = useT();
  return (
    <select
      {...rest}
      value={value}
      onChange={(e: ChangeEvent<HTMLSelectElement>) => onChange(e.target.value)}
    >
      <option value="">{t('property:form.choose')}</option>
      {values.map((v) => (
        <option key={v} value={v}>
          {label(v)}
        </option>
      ))}
    </select>
  );
}

/** A checkbox with its label on the right, at least 44 px tall. */
export function Check({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="prop-check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
