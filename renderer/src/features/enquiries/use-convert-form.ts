import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { canSeeSensitive } from '../../../../shared/domain/permissions.ts';
import type { EnquiryView, LodgingConflict } from '../../../../shared/ipc/views.ts';
import { useProfile } from '../../app/profile-context.ts';
import { ApiError, call } from '../../lib/api.ts';
import { useToast } from '../../lib/forms/toast.tsx';
import { useUnsavedGuard } from '../../lib/forms/use-unsaved-guard.ts';
import { type MemberRow, memberErrorKey, newMemberRow } from '../families/form/form-model.ts';
import { serverErrors } from '../stays/server-errors.ts';
import { effectiveDates, type FieldErrors } from '../stays/stay-draft.ts';
import { type ConflictQuery, lodgingConflicts, useLodgingConflicts } from '../stays/use-lodging-conflicts.ts';
import {
  type ConvertDraft,
  convertInput,
  draftFromEnquiry,
  membersToSave,
  validateConvert,
} from './convert-draft.ts';

type Load =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'ready'; enquiry: EnquiryView | null };

/**
 * Where the core's error path is shown, in the family form's own keys: `family.x` on the family field
 * x, `members.N.x` on the N-th member that was sent, `stay.x` on the stay plan.
 */
function placeIn(sent: MemberRow[]) {
  return (field: string): string | null => {
    const parts = field.split('.');
    if (parts[0] === 'family') return parts[1] ?? null;
    if (parts[0] === 'members') {
      const row = sent[Number(parts[1])];
      return row && parts[2] ? memberErrorKey(row.key, parts[2]) : null;
    }
    return parts[0] === 'stay' ? parts.slice(0, 2).join('.') : null;
  };
}

/** The conversion's state: pre-filled from the enquiry, checked, warned of double bookings, saved in one call. */
export function useConvertForm(enquiryId: string) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const { profile } = useProfile();
  const withSensitive = canSeeSensitive(profile.role);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [initial, setInitial] = useState<ConvertDraft | null>(null);
  const [draft, setDraft] = useState<ConvertDraft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState<LodgingConflict[] | null>(null);
  const [savedTo, setSavedTo] = useState<string | null>(null);
  const [focusTick, setFocusTick] = useState(0);

  useEffect(() => {
    let current = true;
    call('enquiries.get', { id: enquiryId }).then(
      (enquiry) => {
        if (!current) return;
        setLoad({ state: 'ready', enquiry });
        if (enquiry && !enquiry.familyId) {
          const start = draftFromEnquiry(enquiry);
          setInitial(start);
          setDraft(start);
        }
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
  }, [enquiryId]);

  useUnsavedGuard(savedTo === null && draft !== null && JSON.stringify(draft) !== JSON.stringify(initial));
  useEffect(() => {
    if (savedTo) navigate(savedTo);
  }, [savedTo, navigate]);

  const conflictQuery = useMemo((): ConflictQuery | null => {
    const stay = draft?.stay;
    const dates = stay ? effectiveDates(stay) : null;
    if (!stay?.lodgingPropertyId || stay.lodgingMode !== 'property' || !dates) return null;
    return { propertyId: stay.lodgingPropertyId, ...dates };
  }, [draft?.stay]);
  const conflicts = useLodgingConflicts(conflictQuery);

  /** Applies a change and drops the errors of the fields it touched (`touched` are their paths). */
  const update = (apply: (d: ConvertDraft) => ConvertDraft, touched: string[]) => {
    setDraft((d) => (d ? apply(d) : d));
    setErrors((e) => {
      const left = { ...e };
      for (const field of touched) delete left[field];
      return left;
    });
  };

  const save = async (doubleBookingConfirmed: boolean) => {
    if (!draft || saving) return;
    const found = validateConvert(draft, withSensitive);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFocusTick((n) => n + 1);
      return;
    }
    setSaving(true);
    try {
      const overlapping = await lodgingConflicts(conflictQuery);
      if (overlapping.length > 0 && !doubleBookingConfirmed) {
        setConfirming(overlapping);
        return;
      }
      setConfirming(null);
      const family = await call('enquiries.convert', convertInput(enquiryId, draft, withSensitive));
      toast({ message: t('enquiry.convertPage.saved', { family: family.familyName }) });
      setSavedTo(`/families/${family.id}`);
    } catch (error) {
      setErrors(serverErrors(error, placeIn(membersToSave(draft))));
      setFocusTick((n) => n + 1);
    } finally {
      setSaving(false);
    }
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
    errors,
    saving,
    conflicts,
    confirming,
    focusTick,
    update,
    save,
    cancelConfirm: () => setConfirming(null),
  };
}
