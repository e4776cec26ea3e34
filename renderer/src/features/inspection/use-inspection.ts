import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  InspectionAnswerView,
  InspectionChecklistView,
  InspectionView,
  SectionProgressView,
} from '../../../../shared/ipc/views/inspections.ts';
import type { AttachmentItemView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { ApiError, call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';

/** Where one item's last save stands: shown beside the item, never a blocking dialog. */
export type ItemSave = { state: 'saving' } | { state: 'saved' } | { state: 'failed'; message: string };

export interface PhotoState {
  adding: boolean;
  refused: string[];
}

type Load =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'ready'; view: InspectionView; checklist: InspectionChecklistView };

const NO_PHOTOS: readonly AttachmentItemView[] = [];

/**
 * The surveyor's inspection: the stored view and its checklist, each item's answer as the core has
 * it, and the writes. Every tap is one `inspections.answer` at once (there is no Save button); the
 * writes of one item go one after the other, so a note typed after a tap never overtakes the tap.
 * A choice shows as given only once the core has stored it: a refused write leaves the stored answer
 * on screen with the reason beside it. State is per item, so one answer re-renders one card.
 */
export function useInspection(inspectionId: string) {
  const { t } = useT();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [answers, setAnswers] = useState<Record<string, InspectionAnswerView>>({});
  const [pending, setPending] = useState<Record<string, string | null>>({});
  const [saves, setSaves] = useState<Record<string, ItemSave>>({});
  const [progress, setProgress] = useState<SectionProgressView[]>([]);
  const [counts, setCounts] = useState({ answered: 0, total: 0 });
  const [attachments, setAttachments] = useState<AttachmentItemView[]>([]);
  const [photoStates, setPhotoStates] = useState<Record<string, PhotoState>>({});

  const answersRef = useRef(answers);
  answersRef.current = answers;
  /** Per item: the end of its chain of writes, and the number of its latest tap. */
  const queues = useRef(new Map<string, Promise<unknown>>());
  const taps = useRef(new Map<string, number>());
  const tRef = useRef(t);
  tRef.current = t;

  const enqueue = useCallback((itemKey: string, job: () => Promise<unknown>) => {
    const next = (queues.current.get(itemKey) ?? Promise.resolve()).then(job, job);
    queues.current.set(itemKey, next);
    return next;
  }, []);

  const reloadPhotos = useCallback(async () => {
    const list = await call('attachments.list', { ownerTable: 'inspection', ownerId: inspectionId });
    setAttachments(list);
  }, [inspectionId]);

  useEffect(() => {
    let current = true;
    setLoad({ state: 'loading' });
    Promise.all([
      call('inspections.get', { inspectionId }),
      call('inspections.checklist', { inspectionId }),
      call('attachments.list', { ownerTable: 'inspection', ownerId: inspectionId }),
    ]).then(
      ([view, checklist, list]) => {
        if (!current) return;
        setAnswers(Object.fromEntries(view.answers.map((a) => [a.itemKey, a])));
        setProgress(view.progress);
        setCounts({ answered: view.answered, total: view.total });
        setAttachments(list);
        setLoad({ state: 'ready', view, checklist });
      },
      (error: unknown) => {
        if (current) setLoad({ state: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [inspectionId]);

  const failed = useCallback(
    (e: unknown): ItemSave => ({
      state: 'failed',
      message: tRef.current('inspection:item.failed', { reason: errorText(tRef.current, asApiError(e)) }),
    }),
    [],
  );

  const stored = useCallback((saved: Awaited<ReturnType<typeof callAnswer>>) => {
    setAnswers((a) => ({ ...a, [saved.answer.itemKey]: saved.answer }));
    setProgress((list) => list.map((s) => (s.key === saved.section.key ? saved.section : s)));
    setCounts({ answered: saved.answered, total: saved.total });
  }, []);

  /** One tap on a choice (or 確認できず): saved at once; shown as given when the core has it. */
  const answer = useCallback(
    (itemKey: string, choice: string) => {
      const tap = (taps.current.get(itemKey) ?? 0) + 1;
      taps.current.set(itemKey, tap);
      setPending((p) => ({ ...p, [itemKey]: choice }));
      setSaves((s) => ({ ...s, [itemKey]: { state: 'saving' } }));
      void enqueue(itemKey, async () => {
        let outcome: ItemSave;
        try {
          stored(await callAnswer(inspectionId, itemKey, choice));
          outcome = { state: 'saved' };
        } catch (e) {
          outcome = failed(e);
        }
        // A later tap on the same item owns the screen: this one's result is history.
        if (taps.current.get(itemKey) !== tap && outcome.state === 'saved') return;
        setPending(({ [itemKey]: _, ...rest }) => rest);
        setSaves((s) => ({ ...s, [itemKey]: outcome }));
      });
    },
    [enqueue, failed, inspectionId, stored],
  );

  /** The note, saved with the item's stored choice (a note alone leaves the item not assessed). */
  const saveNote = useCallback(
    (itemKey: string, note: string) => {
      const text = note.trim() === '' ? null : note;
      if ((answersRef.current[itemKey]?.note ?? null) === text) return;
      setSaves((s) => ({ ...s, [itemKey]: { state: 'saving' } }));
      void enqueue(itemKey, async () => {
        if ((answersRef.current[itemKey]?.note ?? null) === text) {
          setSaves((s) => ({ ...s, [itemKey]: { state: 'saved' } }));
          return;
        }
        try {
          const choice = answersRef.current[itemKey]?.choice ?? null;
          stored(await callAnswer(inspectionId, itemKey, choice, text));
          setSaves((s) => ({ ...s, [itemKey]: { state: 'saved' } }));
        } catch (e) {
          setSaves((s) => ({ ...s, [itemKey]: failed(e) }));
        }
      });
    },
    [enqueue, failed, inspectionId, stored],
  );

  /** Photos for one item (picked or dropped): each one `attachments.add` with the item's key. */
  const addPhotos = useCallback(
    async (itemKey: string, files: File[]) => {
      if (files.length === 0) return;
      setPhotoStates((p) => ({ ...p, [itemKey]: { adding: true, refused: [] } }));
      const refused: string[] = [];
      for (const file of files) {
        try {
          const bytes = new Uint8Array(await file.arrayBuffer());
          await call('attachments.add', {
            ownerTable: 'inspection',
            ownerId: inspectionId,
            bytes,
            fileName: file.name.slice(0, 255) || null,
            itemKey,
          });
        } catch (e) {
          refused.push(
            tRef.current('inspection:item.photoFailed', { reason: errorText(tRef.current, asApiError(e)) }),
          );
        }
      }
      await reloadPhotos().catch(() => undefined);
      setPhotoStates((p) => ({ ...p, [itemKey]: { adding: false, refused } }));
    },
    [inspectionId, reloadPhotos],
  );

  // Per item, an array that stays the same object while that item's photos do (memoised cards).
  const previous = useRef(new Map<string, readonly AttachmentItemView[]>());
  const photosByItem = useMemo(() => {
    const grouped = new Map<string, AttachmentItemView[]>();
    for (const a of attachments) {
      if (!a.itemKey) continue;
      const list = grouped.get(a.itemKey) ?? [];
      list.push(a);
      grouped.set(a.itemKey, list);
    }
    const kept = new Map<string, readonly AttachmentItemView[]>();
    for (const [key, list] of grouped) {
      const before = previous.current.get(key);
      const same =
        before?.length === list.length &&
        before.every((b, i) => b.id === list[i]?.id && b.displayHere === list[i]?.displayHere);
      kept.set(key, same && before ? before : list);
    }
    previous.current = kept;
    return kept;
  }, [attachments]);
  const photosOf = useCallback((itemKey: string) => photosByItem.get(itemKey) ?? NO_PHOTOS, [photosByItem]);

  return {
    load,
    answers,
    pending,
    saves,
    progress,
    counts,
    photosOf,
    photoStates,
    answer,
    saveNote,
    addPhotos,
    reloadPhotos,
  };
}

function callAnswer(inspectionId: string, itemKey: string, choice: string | null, note?: string | null) {
  return call('inspections.answer', {
    inspectionId,
    itemKey,
    choice,
    ...(note !== undefined ? { note } : {}),
  });
}

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError({ code: 'INTERNAL', message: String(e) });
}
