import { useState } from 'react';
import type { AttachmentItemView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { AttachmentViewer } from '../attachments/AttachmentViewer.tsx';
import { formatMoment, formatPosition } from '../attachments/attachment-format.ts';
import { useAttachmentImage } from '../attachments/use-attachment-image.ts';

const NO_PROGRESS = new Map();

/** Thumbnails of one item's photos, each with its capture time and position; a tap opens the viewer. */
export function PhotoStrip({
  photos,
  itemLabel,
  onFetched,
}: {
  photos: readonly AttachmentItemView[];
  itemLabel: string;
  onFetched: () => void;
}) {
  const { t } = useT();
  const [open, setOpen] = useState<number | null>(null);
  if (photos.length === 0) return <span className="muted">{t('inspectionSummary:score.noPhotos')}</span>;
  return (
    <>
      <ul className="is-photos" data-testid="item-photos">
        {photos.map((p, n) => (
          <Thumb key={p.id} photo={p} itemLabel={itemLabel} onOpen={() => setOpen(n)} />
        ))}
      </ul>
      {open !== null ? (
        <AttachmentViewer
          items={[...photos]}
          index={open}
          live={NO_PROGRESS}
          onIndex={setOpen}
          onClose={() => setOpen(null)}
          onFetched={onFetched}
        />
      ) : null}
    </>
  );
}

function Thumb({
  photo,
  itemLabel,
  onOpen,
}: {
  photo: AttachmentItemView;
  itemLabel: string;
  onOpen: () => void;
}) {
  const { t, i18n } = useT();
  const image = useAttachmentImage(photo.id, photo.displayHere);
  const when = photo.takenAt
    ? t('inspectionSummary:photo.takenAt', { time: formatMoment(photo.takenAt, i18n.language) })
    : t('inspectionSummary:photo.noTime');
  const where =
    photo.latitude !== null && photo.longitude !== null
      ? formatPosition(t, photo.latitude, photo.longitude)
      : null;
  return (
    <li className="is-photo" data-testid="item-photo">
      <button type="button" className="is-photo-open" onClick={onOpen}>
        {/* The name is in the content, not aria-label: the tile's visible words (未取得) then belong
            to it, as WCAG 2.5.3 asks (axe cannot find Japanese words inside an aria-label). */}
        <span className="visually-hidden">{t('inspectionSummary:photo.open', { item: itemLabel })}</span>
        {image.kind === 'ready' ? (
          <img src={image.url} alt="" draggable={false} />
        ) : (
          <span className="is-photo-placeholder">
            {photo.displayHere ? '' : t('inspectionSummary:photo.notHere')}
          </span>
        )}
      </button>
      <span className="is-photo-meta">{when}</span>
      {where ? <span className="is-photo-meta">{where}</span> : null}
    </li>
  );
}
