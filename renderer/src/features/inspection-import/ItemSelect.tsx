import type { InspectionItemsView } from '../../../../shared/ipc/views/inspections.ts';
import { useT } from '../../i18n/use-t.ts';

/** The value a <select> holds for "no item" (an item key is never empty). */
const NONE = '';

/** A checklist item chooser: the inspection's items grouped by section, plus "no item". */
export function ItemSelect({
  sections,
  value,
  onChange,
  label,
  disabled,
  testId,
}: {
  sections: InspectionItemsView['sections'];
  value: string | null;
  onChange: (itemKey: string | null) => void;
  label: string;
  disabled?: boolean;
  testId?: string;
}) {
  const { t, i18n } = useT();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  return (
    <select
      className="imp-item-select"
      aria-label={label}
      value={value ?? NONE}
      disabled={disabled}
      data-testid={testId}
      onChange={(e) => onChange(e.currentTarget.value === NONE ? null : e.currentTarget.value)}
    >
      <option value={NONE}>{t('inspectionImport:item.none')}</option>
      {sections.map((s) => (
        <optgroup key={s.key} label={s.label[lang]}>
          {s.items.map((i) => (
            <option key={i.key} value={i.key}>
              {i.label[lang]}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

/** An item's label in the page's language, or the "no item" text. */
export function itemLabel(
  sections: InspectionItemsView['sections'],
  itemKey: string | null,
  lang: string,
  none: string,
): string {
  if (itemKey === null) return none;
  for (const s of sections)
    for (const i of s.items) if (i.key === itemKey) return lang === 'en' ? i.label.en : i.label.ja;
  return itemKey;
}
