import { useEffect, useMemo, useState } from 'react';
import { canSeeSensitive } from '../../../../shared/domain/permissions.ts';
import type { EnquiryView, LodgingConflict } from '../../../../shared/ipc/views.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { ApiError, call } from '../../lib/api.ts';
import { useToast } from '../../lib/forms/toast.tsx';
import { useForm } from '../../lib/forms/use-form.ts';
import { type MemberRow, memberErrorKey, newMemberRow } from '../families/form/form-model.ts';
import { effectiveDates } from '../stays/stay-draft.ts';
import { type ConflictQuery, lodgingConflicts, useLodgingConflicts } from '../stays/use-lodging-conflicts.ts';
import {
  type ConvertDraft,
  convertInput,
  draftFromEnquiry,
  membersToSave,
  placeConvert,
  validateConvert,
} from './convert-draft.ts';

type Load =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'ready'; enquiry: EnquiryView | null };

/** The conversion's state: pre-filled from the enquiry, checked, warned of double bookings, saved in one call. */
export function useConvertForm(enquiryId: string) {
  const { t } = useT();
  const toast = useToast();
  const { profile } = useProfile();
  const withSensitive = canSeeSensitive(profile.role);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const form = useForm<ConvertDraft>({
    initial: null,
    check: (d) => validateConvert(enquiryId, d, withSensitive),
    // The core names members by their place in the call: the rows that are sent, in order.
    place: (path, sent) => placeConvert(membersToSave(sent))(path),
  });
  const { start, update } = form;
  const draft = form.values;
  const [confirming, setConfirming] = useState<LodgingConflict[] | null>(null);

  useEffect(() => {
    let current = true;
    call('enquiries.get', { id: enquiryId }).then(
      (enquiry) => {
        if (!current) return;
        setLoad({ state: 'ready', enquiry });
        if (enquiry && !enquiry.familyId) start(draftFromEnquiry(enquiry));
      },
      (error: unknown) => {
        if (!current) return;
        // An unknown id is "no such enquiry" (the page says so), not a failure to load.
        if (error instanceof ApiError && error.code === 'NOT_FOUND')
          setLoad({ state: 'ready', enquiry: null });
        else setLoad({ state: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [enquiryId, start]);

  const conflictQuery = useMemo((): ConflictQuery | null => {
    const stay = draft?.stay;
    const dates = stay ? effectiveDates(stay) : null;
    if (!stay?.lodgingPropertyId || stay.lodgingMode !== 'property' || !dates) return null;
    return { propertyId: stay.lodgingPropertyId, ...dates };
  }, [draft?.stay]);
  const conflicts = useLodgingConflicts(conflictQuery);

  const save = async (doubleBookingConfirmed: boolean) => {
    await form.submit(async (values) => {
      const overlapping = await lodgingConflicts(conflictQuery);
      if (overlapping.length > 0 && !doubleBookingConfirmed) {
        setConfirming(overlapping);
        return;
      }
      setConfirming(null);
      const family = await call('enquiries.convert', convertInput(enquiryId, values, withSensitive));
      toast({ message: t('enquiries:convertPage.saved', { family: family.familyName }) });
      form.leave(`/families/${family.id}`);
    });
  };

  const updateRow = (key: string, patch: Partial<MemberRow>) =>
    update(
      (d) => ({ ...d, members: d.members.map((m) => (m.key === key ? { ...m, ...patch } : m)) }),
      Object.keys(patch).map((f) => memberErrorKey(key, f)),
    );
  const addRow = () =>
    update(
      (d) => ({ ...d, members: [...d.members, newMemberRow(d.members.length > 0 ? 'child' : 'parent')] }),
      [],
    );
  // Rows here are all new: removing one takes it away (there is nothing stored to keep).
  const removeRow = (key: string) =>
    update((d) => ({ ...d, members: d.members.filter((m) => m.key !== key) }), []);

  return {
    load,
    draft,
    withSensitive,
    updateRow,
    addRow,
    removeRow,
    errors: form.errors,
    saving: form.submitting,
    conflicts,
    confirming,
    focusTick: form.focusTick,
    update,
    save,
    cancelConfirm: () => setConfirming(null),
  };
}
