import { type DragEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import {
  ATTACHMENT_ACCEPT,
  type AttachmentOwnerTable,
  MAX_ATTACHMENT_BYTES,
} from '../../../../shared/domain/attachments.ts';
import { type T, useT } from '../../i18n/use-t.ts';
import { ApiError, call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { AttachmentTile } from './AttachmentTile.tsx';
import { AttachmentViewer } from './AttachmentViewer.tsx';
import { keptFileName } from './attachment-format.ts';
import { useUploadProgress } from './use-upload-progress.ts';
import './attachments.css';

/**
 * 写真・添付 of one record: add photos and PDFs (file picker or drag and drop), see them as a grid
 * with each upload's progress, open one large. Usable on any record that takes attachments.
 */
export function AttachmentsPanel({
  ownerTable,
  ownerId,
  notice,
}: {
  ownerTable: AttachmentOwnerTable;
  ownerId: string;
  /** Shown above the grid (the family page's photo-consent note). */
  notice?: ReactNode;
}) {
  const { t } = useT();
  const list = useCall('attachments.list', { ownerTable, ownerId });
  const { live, settled } = useUploadProgress();
  const { reload } = list;
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [added, setAdded] = useState<number | null>(null);
  // Which file is being read and downscaled: a 12 MP photo takes seconds, and must not look stuck.
  const [processing, setProcessing] = useState<{ name: string; index: number; total: number } | null>(null);
  const [refusals, setRefusals] = useState<string[]>([]);
  const [open, setOpen] = useState<number | null>(null);

  // An upload finished or failed: its state is in the database now, read it back.
  useEffect(() => {
    if (settled > 0) reload();
  }, [settled, reload]);

  const addFiles = async (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    setAdded(null);
    setRefusals([]);
    let count = 0;
    const refused: string[] = [];
    for (const [index, file] of files.entries()) {
      setProcessing({ name: file.name, index: index + 1, total: files.length });
      // Checked here first so a 2 GB video is never read into memory or sent; the core checks again.
      if (file.size > MAX_ATTACHMENT_BYTES) {
        refused.push(refusal(t, file.name, new ApiError({ code: 'ATTACHMENT_TOO_LARGE', message: '' })));
        continue;
      }
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        await call('attachments.add', { ownerTable, ownerId, bytes, fileName: keptFileName(file.name) });
        count += 1;
      } catch (e) {
        refused.push(refusal(t, file.name, e));
      }
    }
    setBusy(false);
    setProcessing(null);
    setAdded(count > 0 ? count : null);
    setRefusals(refused);
    reload();
  };

  const onDrop = (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    setDragging(false);
    void addFiles(Array.from(e.dataTransfer.files));
  };
  const onDragOver = (e: DragEvent<HTMLElement>) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  const items = list.data ?? [];
  const closeViewer = useCallback(() => setOpen(null), []);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: drag and drop is a shortcut; the button below does the same from the keyboard.
    <div
      className={`att-panel${dragging ? ' dragging' : ''}`}
      onDragOver={onDragOver}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="attachments-panel"
    >
      {notice}
      <div className="att-toolbar">
        <button type="button" className="primary" onClick={() => input.current?.click()} disabled={busy}>
          {busy ? t('attachments:panel.adding') : t('attachments:panel.add')}
        </button>
        <span className="muted att-hint">
          {dragging ? t('attachments:panel.dropHere') : t('attachments:panel.dropHint')}
        </span>
        <input
          ref={input}
          type="file"
          multiple
          accept={ATTACHMENT_ACCEPT}
          hidden
          data-testid="attachments-input"
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            // Cleared, so choosing the same file again after a refusal fires again.
            e.currentTarget.value = '';
            void addFiles(files);
          }}
        />
      </div>
      <div aria-live="polite" role="status" className="att-added" data-testid="attachments-added">
        {processing ? (
          <span className="att-processing" data-testid="attachments-processing">
            <progress aria-hidden="true" />
            {t('attachments:panel.processing', processing)}
          </span>
        ) : added ? (
          t('attachments:panel.added', { count: added })
        ) : (
          ''
        )}
      </div>
      {refusals.length > 0 ? (
        <div role="alert" data-testid="attachments-refused">
          <ul className="att-refusals">
            {refusals.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {list.error ? <p role="alert">{errorText(t, list.error)}</p> : null}
      {items.length === 0 ? (
        list.data ? (
          <p className="muted att-empty">{t('attachments:panel.empty')}</p>
        ) : null
      ) : (
        <ul className="att-grid" aria-label={t('attachments:panel.listLabel')}>
          {items.map((item, i) => (
            <AttachmentTile key={item.id} item={item} live={live} onOpen={() => setOpen(i)} />
          ))}
        </ul>
      )}
      {open !== null && items[open] ? (
        <AttachmentViewer
          items={items}
          index={open}
          live={live}
          onIndex={setOpen}
          onClose={closeViewer}
          onFetched={reload}
        />
      ) : null}
    </div>
  );
}

function refusal(t: T, name: string, error: unknown): string {
  return t('attachments:panel.refused', { name, reason: errorText(t, error) });
}
