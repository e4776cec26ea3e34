import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { japanDate } from '../../../../shared/domain/dates.ts';
import type { AttachmentItemView, AttachmentProgressView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatBytes } from '../sync/sync-format.ts';
import { fileLabel } from './AttachmentTile.tsx';
import {
  formatMoment,
  formatPosition,
  isImage,
  liveUpload,
  tileStatus,
  tileStatusText,
} from './attachment-format.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { useAttachmentImage } from './use-attachment-image.ts';
import { useDownloadProgress } from './use-upload-progress.ts';

/**
 * The large view of one attachment, on the native modal <dialog>: focus moves in and is trapped, Esc
 * closes, ← and → step through the record's attachments. Opening a colleague's photo fetches it from
 * the server (with its progress), then shows it; the tile behind shows it from then on.
 */
export function AttachmentViewer({
  items,
  index,
  live,
  onIndex,
  onClose,
  onFetched,
}: {
  items: AttachmentItemView[];
  index: number;
  live: ReadonlyMap<string, AttachmentProgressView>;
  onIndex: (index: number) => void;
  onClose: () => void;
  /** The bytes of a colleague's photo arrived: the list should read itself again. */
  onFetched: () => void;
}) {
  const { t } = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const item = items[index];

  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  // Every way out (Esc, 閉じる, a removal) closes the native dialog first; its `close` event then
  // puts focus back on the tile that opened it and lets the panel unmount the view.
  const close = () => ref.current?.close();

  if (!item) return null;
  const step = (by: number) => onIndex((index + by + items.length) % items.length);
  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key === 'ArrowLeft' && items.length > 1) {
      e.preventDefault();
      step(-1);
    } else if (e.key === 'ArrowRight' && items.length > 1) {
      e.preventDefault();
      step(1);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog att-viewer"
      aria-labelledby="att-viewer-title"
      onClose={() => {
        opener.current?.focus();
        onClose();
      }}
      onKeyDown={onKeyDown}
      data-testid="attachment-viewer"
    >
      <div className="att-viewer-head">
        <h2 id="att-viewer-title">
          {t('attachments:viewer.title')}
          {items.length > 1 ? (
            <span className="muted att-position">
              {t('attachments:viewer.position', { index: index + 1, total: items.length })}
            </span>
          ) : null}
        </h2>
        <div className="att-viewer-nav">
          {items.length > 1 ? (
            <>
              <button type="button" onClick={() => step(-1)}>
                {t('attachments:viewer.previous')}
              </button>
              <button type="button" onClick={() => step(1)}>
                {t('attachments:viewer.next')}
              </button>
            </>
          ) : null}
          <button type="button" className="primary" onClick={close}>
            {t('attachments:viewer.close')}
          </button>
        </div>
      </div>
      <ViewerBody key={item.id} item={item} live={live} onFetched={onFetched} onRemoved={close} />
    </dialog>
  );
}

function ViewerBody({
  item,
  live,
  onFetched,
  onRemoved,
}: {
  item: AttachmentItemView;
  live: ReadonlyMap<string, AttachmentProgressView>;
  onFetched: () => void;
  onRemoved: () => void;
}) {
  const { t, i18n } = useT();
  const image = isImage(item);
  const fetching = !item.displayHere;
  const shown = useAttachmentImage(item.id, image);
  const download = useDownloadProgress(fetching ? item.displaySha256 : null);
  const fetched = useRef(false);
  useEffect(() => {
    if (fetching && shown.kind === 'ready' && !fetched.current) {
      fetched.current = true;
      onFetched();
    }
  }, [fetching, shown.kind, onFetched]);

  const what = t(image ? 'attachments:panel.photo' : 'attachments:panel.file');
  const alt = item.takenAt
    ? t('attachments:viewer.alt', { what, when: formatMoment(item.takenAt, i18n.language) })
    : t('attachments:viewer.altNoDate', { what });
  const preview = liveUpload(item.upload.preview, item.hasPreview ? item.displaySha256 : null, live);
  const original = liveUpload(item.upload.original, item.sha256, live);
  const { status } = tileStatus(item, preview, original);

  return (
    <div className="att-viewer-body">
      <div className="att-stage">
        {!image ? (
          <div className="att-stage-note">
            <span className="att-file-badge" aria-hidden="true">
              {fileLabel(item.mimeType)}
            </span>
            <p>{t('attachments:viewer.notImage', { type: fileLabel(item.mimeType) })}</p>
          </div>
        ) : shown.kind === 'ready' ? (
          <img src={shown.url} alt={alt} className="att-large" data-testid="attachment-large" />
        ) : shown.kind === 'failed' ? (
          <div className="att-stage-note" role="alert">
            <p>{t('attachments:viewer.failed', { reason: errorText(t, shown.error) })}</p>
            <button type="button" onClick={shown.retry}>
              {t('attachments:viewer.retry')}
            </button>
          </div>
        ) : fetching ? (
          <DownloadNote received={download?.bytesReceived ?? 0} total={download?.bytesTotal ?? null} />
        ) : (
          <p className="att-stage-loading">{t('app.loading')}</p>
        )}
      </div>
      <aside className="att-details" aria-label={t('attachments:viewer.details')}>
        <dl>
          {image ? (
            <>
              <dt>{t('attachments:viewer.takenAt')}</dt>
              <dd data-testid="attachment-taken-at">
                {item.takenAt ? formatMoment(item.takenAt, i18n.language) : t('attachments:viewer.unknown')}
              </dd>
              <dt>{t('attachments:viewer.location')}</dt>
              <dd data-testid="attachment-location">
                {item.latitude !== null && item.longitude !== null
                  ? formatPosition(t, item.latitude, item.longitude)
                  : t('attachments:viewer.unknown')}
              </dd>
            </>
          ) : null}
          {item.width && item.height ? (
            <>
              <dt>{t('attachments:viewer.pixels')}</dt>
              <dd>{t('attachments:viewer.pixelsValue', { width: item.width, height: item.height })}</dd>
            </>
          ) : null}
          <dt>{t('attachments:viewer.size')}</dt>
          <dd>{formatBytes(item.sizeBytes, i18n.language)}</dd>
          {item.fileName ? (
            <>
              <dt>{t('attachments:viewer.fileName')}</dt>
              <dd className="att-file-name-full" data-testid="attachment-viewer-file-name">
                {item.fileName}
              </dd>
            </>
          ) : null}
          <dt>{t('attachments:viewer.type')}</dt>
          <dd>{fileLabel(item.mimeType)}</dd>
          <dt>{t('attachments:viewer.addedAt')}</dt>
          <dd>{formatMoment(item.createdAt, i18n.language)}</dd>
          <dt>{t('attachments:viewer.state')}</dt>
          <dd>{tileStatusText(t, status)}</dd>
          {!item.mine ? (
            <>
              <dt>{t('attachments:caption.label')}</dt>
              <dd data-testid="attachment-viewer-caption">{item.caption ?? t('attachments:caption.none')}</dd>
            </>
          ) : null}
        </dl>
        {item.mine ? <CaptionEditor item={item} onSaved={onFetched} /> : null}
        <SaveOriginal item={item} image={image} />
        {item.mine ? <RemoveAttachment id={item.id} onRemoved={onRemoved} /> : null}
      </aside>
    </div>
  );
}

function DownloadNote({ received, total }: { received: number; total: number | null }) {
  const { t, i18n } = useT();
  const percent = total ? Math.floor((received / total) * 100) : null;
  return (
    <div className="att-stage-note" role="status" data-testid="attachment-downloading">
      <p>
        {total
          ? t('attachments:viewer.downloading', {
              percent: `${formatBytes(received, i18n.language)} / ${formatBytes(total, i18n.language)}`,
            })
          : t('attachments:viewer.downloadingUnknown')}
      </p>
      <ProgressBar value={percent} label={t('attachments:viewer.downloadLabel')} />
    </div>
  );
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
};

/** 「元画像を保存」/「ファイルを保存」: the original, fetched once if it is a colleague's, saved by the browser's download. */
function SaveOriginal({ item, image }: { item: AttachmentItemView; image: boolean }) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const { bytes, mimeType } = await call('attachments.open', { id: item.id, variant: 'original' });
      // The name it was added with; one added before names were kept gets the date and a short id.
      const day = japanDate(new Date(item.takenAt ?? item.createdAt));
      const name = item.fileName ?? `futasato-${day}-${item.id.slice(-8)}.${EXTENSIONS[mimeType] ?? 'bin'}`;
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="att-save">
      <button type="button" onClick={save} disabled={busy}>
        {busy
          ? t('attachments:viewer.saving')
          : t(image ? 'attachments:viewer.saveOriginal' : 'attachments:viewer.saveFile')}
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}

/** A two-step removal inside the dialog (a second modal on top of a modal would fight for focus). */
function RemoveAttachment({ id, onRemoved }: { id: string; onRemoved: () => void }) {
  const { t } = useT();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setError(null);
    try {
      await call('attachments.remove', { id });
      onRemoved();
    } catch (e) {
      setError(errorText(t, e));
    }
  };
  if (!asking) {
    return (
      <button type="button" className="danger-outline att-remove" onClick={() => setAsking(true)}>
        {t('attachments:viewer.remove')}
      </button>
    );
  }
  return (
    <div className="att-remove-confirm">
      <p>{t('attachments:viewer.removeConfirm')}</p>
      <button type="button" className="danger" onClick={remove}>
        {t('attachments:viewer.removeYes')}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {t('attachments:viewer.removeNo')}
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}

/**
 * 説明: its author edits it here (only the author may, as only the author may remove it); saved as one
 * synced edit, the panel behind reading the list again so the tile shows it.
 */
function CaptionEditor({ item, onSaved }: { item: AttachmentItemView; onSaved: () => void }) {
  const { t } = useT();
  const id = useId();
  const [text, setText] = useState(item.caption ?? '');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setNote(null);
    try {
      const saved = await call('attachments.setCaption', { id: item.id, caption: text });
      setText(saved.caption ?? '');
      setNote({ ok: true, text: t('attachments:caption.saved') });
      onSaved();
    } catch (error) {
      setNote({ ok: false, text: t('attachments:caption.failed', { reason: errorText(t, error) }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="att-caption-form" onSubmit={save}>
      <label htmlFor={id}>{t('attachments:caption.label')}</label>
      <textarea
        id={id}
        value={text}
        maxLength={500}
        rows={3}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${id}-hint`}
        data-testid="attachment-caption-input"
      />
      <p className="muted att-caption-hint" id={`${id}-hint`}>
        {t('attachments:caption.hint')}
      </p>
      <button type="submit" disabled={busy}>
        {busy ? t('attachments:caption.saving') : t('attachments:caption.save')}
      </button>
      {note ? <p role={note.ok ? 'status' : 'alert'}>{note.text}</p> : null}
    </form>
  );
}
