import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { MAX_ATTACHMENT_BYTES } from '../../../../shared/domain/attachments.ts';
import { useT } from '../../i18n/use-t.ts';
import { ApiError, call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateLong } from '../../lib/format.ts';
import { useToast } from '../../lib/forms/toast.tsx';
import { useCall } from '../../lib/use-call.ts';
import { keptFileName } from '../attachments/attachment-format.ts';
import { ItemSelect, itemLabel } from './ItemSelect.tsx';
import {
  byCaptureTime,
  counts,
  editable,
  type ImportPhoto,
  type ImportStatus,
  isImageFile,
  sha256Hex,
  toImport,
} from './import-model.ts';
import { PhotoCard } from './PhotoCard.tsx';
import { mapLimited, readCaptureFacts } from './read-photo.ts';
import './inspection-import.css';

/** EXIF is read from a few files at a time: each read is a small slice, and the page stays responsive. */
const EXIF_READERS = 4;

let nextPhotoId = 0;

/**
 * /inspections/:inspectionId/import[?item=<itemKey>] — 写真の取り込み: many photos from an SD card or a
 * folder (picked, picked as a folder, or dropped), shown by capture time with their position, each
 * filed under a checklist item, then imported one by one through attachments.add. A failed photo does
 * not stop the others and can be imported again on its own; bytes already on the inspection are skipped.
 */
export function InspectionImportPage() {
  const { t, i18n } = useT();
  const { inspectionId = '' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const toast = useToast();
  const inspection = useCall('inspections.get', { inspectionId });
  const checklist = useCall('inspections.items', { inspectionId });
  const sections = useMemo(() => checklist.data?.sections ?? [], [checklist.data]);
  const lang = i18n.language === 'en' ? 'en' : 'ja';

  const requested = search.get('item');
  const requestedKnown = sections.some((s) => s.items.some((i) => i.key === requested));
  // undefined until the surveyor changes it: the item named in the link, when the checklist has it.
  const [chosenDefault, setChosenDefault] = useState<string | null | undefined>(undefined);
  const defaultItem = chosenDefault === undefined ? (requestedKnown ? requested : null) : chosenDefault;

  const [photos, setPhotos] = useState<ImportPhoto[]>([]);
  const photosRef = useRef(photos);
  photosRef.current = photos;
  const [reading, setReading] = useState(0);
  const [run, setRun] = useState<{ index: number; total: number } | null>(null);
  const [bulkItem, setBulkItem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const busy = run !== null || reading > 0;

  // Thumbnails are object URLs of the files: each is given back when its photo leaves, and all on leaving.
  useEffect(
    () => () => {
      for (const p of photosRef.current) URL.revokeObjectURL(p.url);
    },
    [],
  );

  const addFiles = async (picked: File[]) => {
    setNotice(null);
    setFailure(null);
    const files = picked.filter(isImageFile);
    if (files.length === 0) {
      if (picked.length > 0) setNotice(t('inspectionImport:pick.noImages'));
      return;
    }
    setReading(files.length);
    const facts = await mapLimited(files, EXIF_READERS, readCaptureFacts);
    const added: ImportPhoto[] = files.map((file, i) => ({
      id: `p${++nextPhotoId}`,
      file,
      url: URL.createObjectURL(file),
      facts: facts[i] ?? null,
      itemKey: defaultItem,
      selected: false,
      status: { kind: 'ready' },
    }));
    setPhotos((prev) => [...prev, ...added].sort(byCaptureTime));
    setReading(0);
  };

  const setStatus = (id: string, status: ImportStatus) =>
    setPhotos((prev) => prev.map((p) => (p.id === id ? { ...p, status, selected: false } : p)));
  const onItem = useCallback(
    (id: string, itemKey: string | null) =>
      setPhotos((prev) => prev.map((p) => (p.id === id ? { ...p, itemKey } : p))),
    [],
  );
  const onSelect = useCallback(
    (id: string, selected: boolean) =>
      setPhotos((prev) => prev.map((p) => (p.id === id ? { ...p, selected } : p))),
    [],
  );
  const onRemove = useCallback((id: string) => {
    setPhotos((prev) => {
      const gone = prev.find((p) => p.id === id);
      if (gone) URL.revokeObjectURL(gone.url);
      return prev.filter((p) => p.id !== id);
    });
  }, []);

  const selectable = photos.filter(editable);
  const selected = selectable.filter((p) => p.selected);
  const allSelected = selectable.length > 0 && selected.length === selectable.length;
  const applyToSelected = () => {
    const ids = new Set(selected.map((p) => p.id));
    setPhotos((prev) => prev.map((p) => (ids.has(p.id) ? { ...p, itemKey: bulkItem, selected: false } : p)));
    setNotice(
      t('inspectionImport:bulk.applied', {
        count: ids.size,
        item: itemLabel(sections, bulkItem, lang, t('inspectionImport:item.none')),
      }),
    );
  };

  const runImport = async (onlyFailed: boolean) => {
    const targets = photosRef.current.filter((p) => toImport(p, onlyFailed));
    if (targets.length === 0) return;
    setNotice(null);
    setFailure(null);
    setRun({ index: 0, total: targets.length });
    // What this inspection holds already, by content: the same bytes are never attached twice.
    let known: Set<string>;
    try {
      const listed = await call('attachments.list', { ownerTable: 'inspection', ownerId: inspectionId });
      known = new Set(listed.map((a) => a.sha256));
    } catch (e) {
      setRun(null);
      setFailure(errorText(t, e));
      return;
    }
    const outcome = new Map<string, ImportStatus['kind']>();
    for (const [index, target] of targets.entries()) {
      setRun({ index: index + 1, total: targets.length });
      setStatus(target.id, { kind: 'uploading' });
      const photo = photosRef.current.find((p) => p.id === target.id) ?? target;
      try {
        // Checked here first so a huge file is never read into memory; the core checks again.
        if (photo.file.size > MAX_ATTACHMENT_BYTES)
          throw new ApiError({ code: 'ATTACHMENT_TOO_LARGE', message: `${photo.file.size} bytes` });
        const bytes = new Uint8Array(await photo.file.arrayBuffer());
        const sha256 = await sha256Hex(bytes);
        if (known.has(sha256)) {
          outcome.set(photo.id, 'duplicate');
          setStatus(photo.id, { kind: 'duplicate' });
          continue;
        }
        await call('attachments.add', {
          ownerTable: 'inspection',
          ownerId: inspectionId,
          bytes,
          fileName: keptFileName(photo.file.name),
          itemKey: photo.itemKey,
        });
        known.add(sha256);
        outcome.set(photo.id, 'done');
        setStatus(photo.id, { kind: 'done' });
      } catch (e) {
        const error = e instanceof ApiError ? e : new ApiError({ code: 'INTERNAL', message: String(e) });
        outcome.set(photo.id, 'failed');
        setStatus(photo.id, { kind: 'failed', error });
      }
    }
    setRun(null);

    const all = photosRef.current.map((p) => ({ ...p, kind: outcome.get(p.id) ?? p.status.kind }));
    const failed = all.filter((p) => p.kind === 'failed').length;
    if (failed > 0) {
      setFailure(t('inspectionImport:run.someFailed', { failed }));
      return;
    }
    const done = all.filter((p) => p.kind === 'done').length;
    const duplicate = all.filter((p) => p.kind === 'duplicate').length;
    toast({
      message:
        duplicate > 0
          ? t('inspectionImport:run.summaryDuplicates', { done, duplicate })
          : t('inspectionImport:run.summary', { done }),
    });
    // Back to the inspection, at the section of the first photo's item (capture order).
    const firstItem = all.find((p) => p.itemKey !== null)?.itemKey ?? null;
    const section = sections.find((s) => s.items.some((i) => i.key === firstItem))?.key;
    navigate(`/inspections/${inspectionId}${section ? `?section=${encodeURIComponent(section)}` : ''}`);
  };

  const onDrop = (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    setDragging(false);
    if (!busy) void addFiles(Array.from(e.dataTransfer.files));
  };
  const onDragOver = (e: DragEvent<HTMLElement>) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onPicked = (input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    // Cleared, so picking the same files again fires again.
    input.value = '';
    void addFiles(files);
  };

  const c = counts(photos);
  const ready = photos.filter((p) => toImport(p, false)).length;
  const view = inspection.data;
  const loadError = inspection.error ?? checklist.error;

  return (
    <section className="page imp-page">
      <div className="imp-head">
        <div>
          <h1>{t('inspectionImport:page.title')}</h1>
          {view ? (
            <p className="muted imp-subtitle">
              {t('inspectionImport:page.subtitle', {
                address: view.propertyAddress ?? '',
                date: formatDateLong(view.inspectedOn, i18n.language),
              })}
            </p>
          ) : null}
        </div>
        <Link className="imp-back" to={`/inspections/${inspectionId}`}>
          {t('inspectionImport:page.back')}
        </Link>
      </div>
      {loadError ? <p role="alert">{errorText(t, loadError)}</p> : null}
      {!checklist.data && !loadError ? <p className="muted">{t('app.loading')}</p> : null}
      {checklist.data ? (
        <>
          <p className="imp-intro">{t('inspectionImport:page.intro')}</p>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: drag and drop is a shortcut; the buttons do the same from the keyboard. */}
          <div
            className={`imp-pick${dragging ? ' dragging' : ''}`}
            onDragOver={onDragOver}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="import-drop"
          >
            <div className="imp-pick-buttons">
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => filesInput.current?.click()}
              >
                {t('inspectionImport:pick.files')}
              </button>
              <button type="button" disabled={busy} onClick={() => folderInput.current?.click()}>
                {t('inspectionImport:pick.folder')}
              </button>
              <span className="muted">
                {dragging ? t('inspectionImport:pick.dropHere') : t('inspectionImport:pick.dropHint')}
              </span>
            </div>
            <div className="imp-default">
              <span aria-hidden="true">{t('inspectionImport:defaultItem.label')}</span>
              <ItemSelect
                sections={sections}
                value={defaultItem}
                onChange={setChosenDefault}
                label={t('inspectionImport:defaultItem.label')}
                testId="import-default-item"
              />
            </div>
            <input
              ref={filesInput}
              type="file"
              multiple
              accept="image/*"
              hidden
              data-testid="import-files"
              onChange={(e) => onPicked(e.currentTarget)}
            />
            <input
              ref={(input) => {
                folderInput.current = input;
                // A folder picker: a non-standard attribute React does not pass through as a prop.
                input?.setAttribute('webkitdirectory', '');
              }}
              type="file"
              multiple
              hidden
              data-testid="import-folder"
              onChange={(e) => onPicked(e.currentTarget)}
            />
          </div>

          <div aria-live="polite" role="status" className="imp-live" data-testid="import-live">
            {reading > 0
              ? t('inspectionImport:pick.reading', { count: reading })
              : run
                ? t('inspectionImport:run.progress', run)
                : (notice ?? '')}
          </div>
          {failure ? (
            <div role="alert" className="imp-failure" data-testid="import-failure">
              <p>{failure}</p>
              <ul>
                {photos.map((p) =>
                  p.status.kind === 'failed' ? (
                    <li key={p.id}>
                      {t('inspectionImport:run.failedOne', {
                        name: p.file.name,
                        reason: errorText(t, p.status.error),
                      })}
                    </li>
                  ) : null,
                )}
              </ul>
            </div>
          ) : null}

          {photos.length === 0 ? (
            <p className="muted imp-empty">{t('inspectionImport:grid.empty')}</p>
          ) : (
            <>
              <div className="imp-bulk">
                <label className="imp-check">
                  <input
                    type="checkbox"
                    checked={allSelected}
                    disabled={busy || selectable.length === 0}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setPhotos((prev) => prev.map((p) => (editable(p) ? { ...p, selected: on } : p)));
                    }}
                  />
                  {t('inspectionImport:bulk.selectAll')}
                </label>
                <span className="muted">
                  {t('inspectionImport:bulk.selected', { count: selected.length })}
                </span>
                <ItemSelect
                  sections={sections}
                  value={bulkItem}
                  onChange={setBulkItem}
                  label={t('inspectionImport:bulk.itemLabel')}
                  disabled={busy}
                  testId="import-bulk-item"
                />
                <button type="button" disabled={busy || selected.length === 0} onClick={applyToSelected}>
                  {t('inspectionImport:bulk.apply')}
                </button>
                <span className="muted imp-counts">
                  {t('inspectionImport:grid.count', { count: c.total })}
                  {c.withoutExif > 0
                    ? `（${t('inspectionImport:grid.withoutExif', { count: c.withoutExif })}）`
                    : ''}
                </span>
              </div>
              <ul className="imp-grid" aria-label={t('inspectionImport:grid.label')}>
                {photos.map((p) => (
                  <PhotoCard
                    key={p.id}
                    photo={p}
                    sections={sections}
                    busy={busy}
                    onItem={onItem}
                    onSelect={onSelect}
                    onRemove={onRemove}
                  />
                ))}
              </ul>
              <div className="imp-run">
                {run ? (
                  <progress
                    value={run.index}
                    max={run.total}
                    aria-label={t('inspectionImport:run.progressLabel')}
                    data-testid="import-progress"
                  />
                ) : null}
                {c.failed > 0 && !run ? (
                  <button type="button" className="primary" onClick={() => void runImport(true)}>
                    {t('inspectionImport:run.retry', { count: c.failed })}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="primary"
                    disabled={busy || ready === 0}
                    onClick={() => void runImport(false)}
                  >
                    {t('inspectionImport:run.start', { count: ready })}
                  </button>
                )}
              </div>
            </>
          )}
        </>
      ) : null}
    </section>
  );
}
