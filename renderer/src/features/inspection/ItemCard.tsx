import { type DragEvent, type KeyboardEvent, memo, useEffect, useId, useRef, useState } from 'react';
import { COULD_NOT_CHECK } from '../../../../shared/domain/inspection/template-schema.ts';
import type { InspectionAnswerView } from '../../../../shared/ipc/views/inspections.ts';
import type { AttachmentItemView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { bilingual, type ChecklistItem } from './checklist-text.ts';
import { ItemPhotos } from './ItemPhotos.tsx';
import type { ItemSave, PhotoState } from './use-inspection.ts';

/** How long typing may pause before the note is saved (it is saved on leaving the field too). */
const NOTE_PAUSE_MS = 800;

export interface ItemCardProps {
  item: ChecklistItem;
  answer: InspectionAnswerView | undefined;
  /** A choice tapped and not yet stored (shown as on its way, not as given). */
  pending: string | null | undefined;
  save: ItemSave | undefined;
  photos: readonly AttachmentItemView[];
  photoState: PhotoState | undefined;
  readOnly: boolean;
  onAnswer: (itemKey: string, choice: string) => void;
  onNote: (itemKey: string, note: string) => void;
  onPhotos: (itemKey: string, files: File[]) => void;
  onOpenPhoto: (itemKey: string, index: number) => void;
}

/**
 * One checklist item on the tablet: its label and help, a big button per choice and 「確認できず」,
 * a note, and its photos (a button that opens the picker, or a drop on the card). Digit keys choose
 * while focus is inside the card. Memoised: answering one item re-renders that card alone.
 */
export const ItemCard = memo(function ItemCard({
  item,
  answer,
  pending,
  save,
  photos,
  photoState,
  readOnly,
  onAnswer,
  onNote,
  onPhotos,
  onOpenPhoto,
}: ItemCardProps) {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const headingId = useId();
  const statusId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const label = bilingual(item.label, lang);
  const stored = answer?.choice ?? null;
  const choices = [
    ...item.choices.map((c) => ({ key: c.key, label: bilingual(c.label, lang) })),
    { key: COULD_NOT_CHECK, label: t('inspection:item.couldNotCheck') },
  ];

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (readOnly || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement;
    if (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT') return;
    if (!/^[0-9]$/.test(e.key)) return;
    const n = Number(e.key);
    const choice = n === 0 ? choices.at(-1) : n <= item.choices.length ? choices[n - 1] : undefined;
    if (!choice) return;
    e.preventDefault();
    onAnswer(item.key, choice.key);
  };
  const onDragOver = (e: DragEvent<HTMLElement>) => {
    if (readOnly || !e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDrop = (e: DragEvent<HTMLElement>) => {
    if (readOnly) return;
    e.preventDefault();
    setDragging(false);
    onPhotos(item.key, Array.from(e.dataTransfer.files));
  };

  const unanswered = stored === null;
  return (
    <article
      id={`item-${item.key}`}
      className={`insp-item${unanswered ? ' unanswered' : ''}${dragging ? ' dragging' : ''}`}
      aria-labelledby={headingId}
      data-testid="inspection-item"
      data-item={item.key}
      data-answered={unanswered ? 'no' : 'yes'}
      onKeyDown={onKeyDown}
      onDragOver={onDragOver}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <header className="insp-item-head">
        <h3 id={headingId}>{label}</h3>
        <span className="insp-tags">
          {unanswered ? <span className="insp-tag open">{t('inspection:item.unanswered')}</span> : null}
          {item.needsEntry ? <span className="insp-tag">{t('inspection:item.needsEntry')}</span> : null}
          {item.photoExpected ? <span className="insp-tag">{t('inspection:item.photoExpected')}</span> : null}
        </span>
      </header>
      <p className="insp-help">{bilingual(item.help, lang)}</p>
      <fieldset className="insp-choices" aria-describedby={statusId}>
        <legend className="visually-hidden">{t('inspection:item.choicesLabel', { item: label })}</legend>
        {choices.map((c, i) => {
          const digit = c.key === COULD_NOT_CHECK ? '0' : String(i + 1);
          return (
            <button
              key={c.key}
              type="button"
              className={`insp-choice${c.key === COULD_NOT_CHECK ? ' cnc' : ''}${pending === c.key ? ' pending' : ''}`}
              aria-pressed={stored === c.key}
              disabled={readOnly}
              aria-keyshortcuts={Number(digit) <= 9 ? digit : undefined}
              onClick={() => {
                if (stored !== c.key || pending !== undefined) onAnswer(item.key, c.key);
              }}
              data-choice={c.key}
            >
              <span>{c.label}</span>
              {!readOnly && (c.key === COULD_NOT_CHECK || i < 9) ? (
                <span className="insp-kbd" aria-hidden="true">
                  {digit}
                </span>
              ) : null}
            </button>
          );
        })}
      </fieldset>
      <div className="insp-item-foot">
        <NoteField
          itemKey={item.key}
          itemLabel={label}
          stored={answer?.note ?? ''}
          readOnly={readOnly}
          onNote={onNote}
        />
        {readOnly ? null : (
          <div className="insp-photo-add">
            <button
              type="button"
              className="insp-photo-button"
              onClick={() => input.current?.click()}
              disabled={photoState?.adding}
              aria-label={t('inspection:item.photoLabel', { item: label })}
            >
              {photoState?.adding ? t('inspection:item.photoAdding') : t('inspection:item.photo')}
            </button>
            <input
              ref={input}
              type="file"
              accept="image/*"
              multiple
              capture="environment"
              hidden
              data-testid="item-photo-input"
              onChange={(e) => {
                const files = Array.from(e.currentTarget.files ?? []);
                e.currentTarget.value = '';
                onPhotos(item.key, files);
              }}
            />
          </div>
        )}
      </div>
      {photos.length > 0 ? (
        <ItemPhotos itemKey={item.key} itemLabel={label} photos={photos} onOpen={onOpenPhoto} />
      ) : null}
      <p
        id={statusId}
        className={`insp-save ${save?.state ?? 'idle'}`}
        data-testid="item-save"
        aria-live="polite"
      >
        {save?.state === 'saving'
          ? t('inspection:item.saving')
          : save?.state === 'saved'
            ? t('inspection:item.saved')
            : save?.state === 'failed'
              ? save.message
              : ''}
      </p>
      {photoState && photoState.refused.length > 0 ? (
        <ul className="insp-refused" role="alert">
          {photoState.refused.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same reason may repeat for two files.
            <li key={i}>{r}</li>
          ))}
        </ul>
      ) : null}
    </article>
  );
});

/** The item's note: typed freely, saved after a pause and on leaving the field. */
function NoteField({
  itemKey,
  itemLabel,
  stored,
  readOnly,
  onNote,
}: {
  itemKey: string;
  itemLabel: string;
  stored: string;
  readOnly: boolean;
  onNote: (itemKey: string, note: string) => void;
}) {
  const { t } = useT();
  const [text, setText] = useState(stored);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const editing = useRef(false);
  // A note stored from elsewhere (a reload) shows unless the surveyor is typing in this one.
  useEffect(() => {
    if (!editing.current) setText(stored);
  }, [stored]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const flush = (value: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    onNote(itemKey, value);
  };
  return (
    <label className="insp-note">
      <span className="visually-hidden">{t('inspection:item.noteLabel', { item: itemLabel })}</span>
      <textarea
        value={text}
        rows={1}
        placeholder={t('inspection:item.note')}
        readOnly={readOnly}
        maxLength={2000}
        onFocus={() => {
          editing.current = true;
        }}
        onChange={(e) => {
          const value = e.target.value;
          setText(value);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => flush(value), NOTE_PAUSE_MS);
        }}
        onBlur={(e) => {
          editing.current = false;
          if (!readOnly) flush(e.target.value);
        }}
      />
    </label>
  );
}
