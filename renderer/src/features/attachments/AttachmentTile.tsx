import { useId } from 'react';
import type { AttachmentItemView, AttachmentProgressView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { useSyncStatus } from '../sync/use-sync-status.ts';
import { formatMoment, isImage, liveUpload, tileStatus, tileStatusText } from './attachment-format.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { useAttachmentImage } from './use-attachment-image.ts';

/**
 * One attachment in the grid: its thumbnail when the bytes are on this laptop (a colleague's photo
 * shows 「未取得」 until someone opens it), when it was taken, and for this laptop's own photos how
 * far its upload has got. A file (a PDF) shows the name it was added with, and any caption shows under
 * the thumbnail.
 */
export function AttachmentTile({
  item,
  live,
  onOpen,
}: {
  item: AttachmentItemView;
  live: ReadonlyMap<string, AttachmentProgressView>;
  onOpen: () => void;
}) {
  const { t, i18n } = useT();
  const statusId = useId();
  const image = isImage(item);
  const thumb = useAttachmentImage(item.id, image && item.displayHere);
  const preview = liveUpload(item.upload.preview, item.hasPreview ? item.displaySha256 : null, live);
  const original = liveUpload(item.upload.original, item.sha256, live);
  const computed = tileStatus(item, preview, original);
  // A laptop with no server has nowhere to send to: its photos are kept here, not 送信待ち.
  const enrolled = useSyncStatus().data?.phase !== 'not_enrolled';
  const status: typeof computed.status =
    !enrolled && computed.status.kind === 'waiting' ? { kind: 'localOnly' } : computed.status;
  const percent = computed.percent;
  const what = t(image ? 'attachments:panel.photo' : 'attachments:panel.file');
  const when = item.takenAt
    ? t('attachments:panel.takenAt', { at: formatMoment(item.takenAt, i18n.language) })
    : t('attachments:panel.addedAt', { at: formatMoment(item.createdAt, i18n.language) });
  const uploading = original !== null && status.kind !== 'sent' && status.kind !== 'localOnly';

  return (
    <li className="att-tile" data-testid="attachment-tile" data-status={status.kind}>
      <button type="button" className="att-open" onClick={onOpen} aria-describedby={statusId}>
        {thumb.kind === 'ready' ? (
          <img src={thumb.url} alt="" className="att-thumb" draggable={false} />
        ) : (
          <span className={`att-placeholder${item.displayHere ? '' : ' remote'}`}>
            {image ? (item.displayHere ? '' : t('attachments:status.notFetched')) : fileLabel(item.mimeType)}
          </span>
        )}
        {/* The button's name: what opening it shows (visible text above stays part of the name). */}
        <span className="visually-hidden">
          {t('attachments:panel.open', { what: `${what}${t('common.paren', { text: when })}` })}
        </span>
      </button>
      <div className="att-meta">
        {!image && item.fileName ? (
          <span className="att-file-name" data-testid="attachment-file-name" title={item.fileName}>
            {item.fileName}
          </span>
        ) : null}
        {item.caption ? (
          <span className="att-caption" data-testid="attachment-caption">
            {item.caption}
          </span>
        ) : null}
        <span className="att-when">{when}</span>
        <span className={`att-status ${status.kind}`} id={statusId} data-testid="attachment-status">
          {tileStatusText(t, status)}
        </span>
        {uploading ? (
          <ProgressBar
            value={percent}
            label={t('common.labelled', {
              label: t('attachments:status.label'),
              value: tileStatusText(t, status),
            })}
            testId="attachment-progress"
          />
        ) : null}
      </div>
    </li>
  );
}

/** 「PDF」「HEIC」: what a file without a thumbnail is. */
export function fileLabel(mimeType: string): string {
  const sub = mimeType.split('/')[1] ?? mimeType;
  return sub.toUpperCase();
}
