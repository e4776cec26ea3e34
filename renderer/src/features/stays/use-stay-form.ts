import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { japanDate } from '../../../../shared/domain/dates.ts';
import type { StayStatus } from '../../../../shared/domain/enums.ts';
import type { FamilyDetail, LodgingConflict, StayView } from '../../../../shared/ipc/views.ts';
import { call } from '../../lib/api.ts';
import { useToast } from '../../lib/forms/toast.tsx';
import { useUnsavedGuard } from '../../lib/forms/use-unsaved-guard.ts';
import { serverErrors } from './server-errors.ts';
import {
  type DateValue,
  draftFromStay,
  effectiveDates,
  type FieldErrors,
  newDraft,
  planInput,
  reachableStatuses,
  type StayDraft,
  validateDraft,
  withStatus,
} from './stay-draft.ts';
import { type ConflictQuery, lodgingConflicts, useLodgingConflicts } from './use-lodging-conflicts.ts';

type Load =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'ready'; family: FamilyDetail; stay: StayView | null };

/** The fields that show their own error; any other goes to the top of the form. */
const FIELDS = new Set([
  'programme',
  'plannedArrival',
  'plannedDeparture',
  'actualArrival',
  'actualDeparture',
  'lodgingPropertyId',
  'lodgingText',
  'memberIds',
  'schoolName',
  'notes',
]);

/** The stay (when editing) and its family, read once: a form must not change under the user's hands. */
function useStayAndFamily(stayId: string | undefined, familyId: string | undefined): Load {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    (async () => {
      const stay = stayId ? await call('stays.get', { id: stayId }) : null;
      const family = await call('families.get', { id: stay?.familyId ?? familyId ?? '' });
      if (current) setLoad({ state: 'ready', family, stay });
    })().catch((error: unknown) => {
      if (current) setLoad({ state: 'failed', error });
    });
    return () => {
      current = false;
    };
  }, [stayId, familyId]);
  return load;
}

/**
 * The stay form's state and rules: draft and its checks, the status moves, the live double-booking
 * check, the confirmation a double booking needs, and the save.
 */
export function useStayForm(stayId: string | undefined, familyId: string | undefined) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const load = useStayAndFamily(stayId, familyId);
  const [initial, setInitial] = useState<StayDraft | null>(null);
  const [draft, setDraft] = useState<StayDraft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState<LodgingConflict[] | null>(null);
  const [savedTo, setSavedTo] = useState<string | null>(null);
  const [focusTick, setFocusTick] = useState(0);

  useEffect(() => {
    if (load.state !== 'ready') return;
    const start = load.stay ? draftFromStay(load.stay) : newDraft(load.family.members.map((m) => m.id));
    setInitial(start);
    setDraft(start);
  }, [load]);

  const dirty = savedTo === null && draft !== null && JSON.stringify(draft) !== JSON.stringify(initial);
  useUnsavedGuard(dirty);
  useEffect(() => {
    if (savedTo) navigate(savedTo);
  }, [savedTo, navigate]);

  const savedStay = load.state === 'ready' ? load.stay : null;
  const conflictQuery = useMemo((): ConflictQuery | null => {
    const dates = draft ? effectiveDates(draft) : null;
    if (!draft?.lodgingPropertyId || draft.lodgingMode !== 'property' || !dates) return null;
    return {
      propertyId: draft.lodgingPropertyId,
      ...dates,
      ...(savedStay ? { excludeStayId: savedStay.id } : {}),
    };
  }, [draft, savedStay]);
  const conflicts = useLodgingConflicts(conflictQuery);

  const change = (next: Partial<StayDraft>) => {
    setDraft((d) => (d ? { ...d, ...next } : d));
    // A field's error goes as soon as the field is touched; the rest stay until the next save.
    setErrors((e) => {
      const left = { ...e };
      for (const field of Object.keys(next)) delete left[field];
      return left;
    });
  };

  const save = async (doubleBookingConfirmed: boolean) => {
    if (!draft || load.state !== 'ready' || saving) return;
    const found = validateDraft(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFocusTick((n) => n + 1);
      return;
    }
    setSaving(true);
    try {
      // Asked again at the moment of saving: another device's stay may have arrived since the warning.
      // A double booking already saved with this stay was confirmed then; only a new one asks again.
      const known = new Set(savedStay?.doubleBookings.map((c) => c.stayId));
      const overlapping = await lodgingConflicts(conflictQuery);
      if (overlapping.some((c) => !known.has(c.stayId)) && !doubleBookingConfirmed) {
        setConfirming(overlapping);
        return;
      }
      setConfirming(null);
      const family = load.family;
      await call('stays.save', {
        ...(savedStay ? { id: savedStay.id } : {}),
        familyId: family.id,
        ...planInput(draft),
        status: draft.status,
        actualArrival: draft.actualArrival.date,
        actualDeparture: draft.actualDeparture.date,
        memberIds: draft.memberIds,
      });
      // An edit can be taken back: save the stay exactly as it was loaded.
      const before = savedStay;
      toast({
        message: t('stayForm.saved', { family: family.familyName }),
        ...(before
          ? {
              undo: async () => {
                await call('stays.save', {
                  id: before.id,
                  familyId: before.familyId,
                  programme: before.programme,
                  plannedArrival: before.plannedArrival,
                  plannedDeparture: before.plannedDeparture,
                  actualArrival: before.actualArrival,
                  actualDeparture: before.actualDeparture,
                  lodgingPropertyId: before.lodgingPropertyId,
                  lodgingText: before.lodgingText,
                  status: before.status,
                  memberIds: before.members.map((m) => m.memberId),
                  schoolName: before.schoolName,
                  notes: before.notes,
                });
                toast({ message: t('forms.undone') });
              },
            }
          : {}),
      });
      setSavedTo(`/families/${family.id}`);
    } catch (error) {
      setErrors(
        serverErrors(error, (field) => {
          const head = field.split('.')[0] ?? '';
          return FIELDS.has(head) ? head : null;
        }),
      );
      setFocusTick((n) => n + 1);
    } finally {
      setSaving(false);
    }
  };

  const today = japanDate(new Date());
  return {
    load,
    draft,
    errors,
    saving,
    conflicts,
    confirming,
    focusTick,
    reachable: reachableStatuses(savedStay?.status ?? null),
    change,
    changeStatus: (status: StayStatus) => {
      if (!draft) return;
      const next = withStatus(draft, status, today);
      change({ status, actualArrival: next.actualArrival, actualDeparture: next.actualDeparture });
    },
    changeDate: (field: 'actualArrival' | 'actualDeparture', value: DateValue) => change({ [field]: value }),
    save,
    cancelConfirm: () => setConfirming(null),
  };
}
