import { memo, useEffect, useRef, useState } from 'react';
import type { AttachmentItemView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { useAttachmentImage } from '../attachments/use-attachment-image.ts';

/**
 * An item's photos as small thumbnails. A thumbnail reads its bytes only once it scrolls near the
 * screen: an inspection with 30+ photos must not decode them all when it opens.
 */
export const ItemPhotos = memo(function ItemPhotos({
  itemKey,
  itemLabel,
  photos,
  onOpen,
}: {
  itemKey: string;
  itemLabel: string;
  photos: readonly AttachmentItemView[];
  onOpen: (itemKey: string, index: number) => void;
}) {
  const { t } = useT();
  return (
    <ul className="insp-photos" aria-label={t('inspection:item.photos', { item: itemLabel })}>
      {photos.map((p, i) => (
        <li key={p.id}>
          <button
            type="button"
            className="insp-thumb"
            onClick={() => onOpen(itemKey, i)}
            aria-label={t('inspection:item.photoOpen', { n: i + 1 })}
            data-testid="item-photo"
          >
            <LazyThumb photo={p} />
          </button>
        </li>
      ))}
    </ul>
  );
});

function LazyThumb({ photo }: { photo: AttachmentItemView }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || near) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setNear(true);
      },
      { rootMargin: '200px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [near]);
  const image = useAttachmentImage(
    photo.id,
    near && photo.displayHere && photo.mimeType.startsWith('image/'),
  );
  return (
    <span ref={ref} className="insp-thumb-frame">
      {image.kind === 'ready' ? <img src={image.url} alt="" draggable={false} /> : null}
    </span>
  );
}
