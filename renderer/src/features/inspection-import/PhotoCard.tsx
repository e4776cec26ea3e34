import { memo, useState } from 'react';
import type { InspectionItemsView } from '../../../../shared/ipc/views/inspections.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatMoment, formatPosition } from '../attachments/attachment-format.ts';
import { ItemSelect } from './ItemSelect.tsx';
import { editable, type ImportPhoto } from './import-model.ts';

/**
 * One photo of the import: its thumbnail (an object URL of the file itself, drawn lazily and
 * downscaled by Chromium; never a data URL), capture time and position, its item, its state.
 * Memoised: with 30+ photos, changing one photo's item or state redraws that card only.
 */
export const PhotoCard = memo(function PhotoCard({
  photo,
  sections,
  busy,
  onItem,
  onSelect,
  onRemove,
}: {
  photo: ImportPhoto;
  sections: InspectionItemsView['sections'];
  busy: boolean;
  onItem: (id: string, itemKey: string | null) => void;
  onSelect: (id: string, selected: boolean) => void;
  onRemove: (id: string) => void;
}) {
  const { t, i18n } = useT();
  const [broken, setBroken] = useState(false);
  const name = photo.file.name;
  const changeable = editable(photo) && !busy;
  const { status, facts } = photo;
  return (
    <li className={`imp-card ${status.kind}`} data-testid="import-photo" data-name={name}>
      <div className="imp-thumb">
        {broken ? (
          <span className="imp-thumb-broken">{t('inspectionImport:grid.thumbFailed')}</span>
        ) : (
          <img src={photo.url} alt={name} loading="lazy" decoding="async" onError={() => setBroken(true)} />
        )}
        {facts === null ? (
          <span
            className="imp-noexif"
            title={t('inspectionImport:grid.noExifHint')}
            data-testid="import-noexif"
          >
            {t('inspectionImport:grid.noExif')}
          </span>
        ) : null}
      </div>
      <div className="imp-card-body">
        <label className="imp-check">
          <input
            type="checkbox"
            checked={photo.selected}
            disabled={!changeable}
            onChange={(e) => onSelect(photo.id, e.currentTarget.checked)}
            aria-label={t('inspectionImport:grid.select', { name })}
          />
          <span className="imp-name">{name}</span>
        </label>
        <span className="imp-fact" data-testid="import-taken-at">
          {facts?.takenAt ? formatMoment(facts.takenAt, i18n.language) : t('inspectionImport:grid.noTime')}
        </span>
        <span className="imp-fact" data-testid="import-position">
          {facts && facts.latitude !== null && facts.longitude !== null
            ? formatPosition(t, facts.latitude, facts.longitude)
            : t('inspectionImport:grid.noPosition')}
        </span>
        <ItemSelect
          sections={sections}
          value={photo.itemKey}
          disabled={!changeable}
          label={t('inspectionImport:item.label', { name })}
          onChange={(itemKey) => onItem(photo.id, itemKey)}
          testId="import-item"
        />
        <div className="imp-card-foot">
          <span className={`imp-status ${status.kind}`} data-testid="import-status" role="status">
            {status.kind === 'uploading' ? <progress aria-hidden="true" /> : null}
            {status.kind === 'failed'
              ? t('inspectionImport:status.failed', {
                  reason: errorText(t, status.error),
                })
              : t(`inspectionImport:status.${status.kind}`)}
          </span>
          {changeable ? (
            <button
              type="button"
              className="small"
              onClick={() => onRemove(photo.id)}
              aria-label={t('inspectionImport:grid.removeLabel', { name })}
            >
              {t('inspectionImport:grid.remove')}
            </button>
          ) : null}
        </div>
      </div>
    </li>
  );
});
