import { useEffect, useMemo, useState } from 'react';
import { japanDate } from '../../../../shared/domain/dates.ts';
import type { StayStatus } from '../../../../shared/domain/enums.ts';
import type { FamilyDetail, LodgingConflict, StayView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { useToast } from '../../lib/forms/toast.tsx';
import { useForm } from '../../lib/forms/use-form.ts';
import {
  checkStay,
  type DateValue,
  draftFromStay,
  effectiveDates,
  newDraft,
  type Prefill,
  placeStay,
  reachableStatuses,
  type StayDraft,
  stayInput,
  withStatus,
} from './stay-draft.ts';
import { type ConflictQuery, lodgingConflicts, useLodgingConflicts } from './use-lodging-conflicts.ts';

type Load =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'ready'; family: FamilyDetail; stay: StayView | null };

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
export function useStayForm(stayId: string | undefined, familyId: string | undefined, prefill: Prefill = {}) {
  const { t } = useT();
  const toast = useToast();
  const load = useStayAndFamily(stayId, familyId);
  const savedStay = load.state === 'ready' ? load.stay : null;
  const loadedFamilyId = load.state === 'ready' ? load.family.id : '';
  const form = useForm<StayDraft>({
    initial: null,
    check: (d) => checkStay(d, loadedFamilyId, savedStay?.id ?? null),
    place: placeStay,
  });
  const { start, change } = form;
  const draft = form.values;
  const [confirming, setConfirming] = useState<LodgingConflict[] | null>(null);

  // Read once, with the load: the form must not change under the user's hands.
  const prefillKey = JSON.stringify(prefill);
  useEffect(() => {
    if (load.state !== 'ready') return;
    start(
      load.stay
        ? draftFromStay(load.stay)
        : newDraft(
            load.family.members.map((m) => m.id),
            JSON.parse(prefillKey) as Prefill,
          ),
    );
  }, [load, start, prefillKey]);

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

  const save = async (doubleBookingConfirmed: boolean) => {
    if (load.state !== 'ready') return;
    const family = load.family;
    await form.submit(async (values) => {
      // Asked again at the moment of saving: another device's stay may have arrived since the warning.
      // A double booking already saved with this stay was confirmed then; only a new one asks again.
      const known = new Set(savedStay?.doubleBookings.map((c) => c.stayId));
      const overlapping = await lodgingConflicts(conflictQuery);
      if (overlapping.some((c) => !known.has(c.stayId)) && !doubleBookingConfirmed) {
        setConfirming(overlapping);
        return;
      }
      setConfirming(null);
      await call('stays.save', stayInput(values, family.id, savedStay?.id ?? null));
      // An edit can be taken back: save the stay exactly as it was loaded.
      const before = savedStay;
      toast({
        message: t('stays:saved', { family: family.familyName }),
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
      form.leave(`/families/${family.id}`);
    });
  };

  const today = japanDate(new Date());
  return {
    load,
    draft,
    errors: form.errors,
    saving: form.submitting,
    conflicts,
    confirming,
    focusTick: form.focusTick,
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
