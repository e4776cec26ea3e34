import { useEffect, useState } from 'react';
import { japanDate } from '../../../../../shared/domain/dates.ts';
import { useProfile } from '../../../app/profile-context.ts';
import { useT } from '../../../i18n/use-t.ts';
import { ApiError, call } from '../../../lib/api.ts';
import { errorText } from '../../../lib/error-text.ts';
import { type FieldErrors, FORM, hasErrors, serverErrors } from '../../../lib/forms/form-model.ts';
import { useToast } from '../../../lib/forms/toast.tsx';
import { useForm } from '../../../lib/forms/use-form.ts';
import { canSeeSensitive } from '../family-format.ts';
import {
  EMPTY_FAMILY,
  type FamilyValues,
  familyValuesFrom,
  type MemberRow,
  memberChanged,
  memberErrorKey,
  memberRowFrom,
  newMemberRow,
  placeFamily,
  placeMember,
  validateForm,
} from './form-model.ts';
import { saveFamily, undoSave } from './save-family.ts';

type Load = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; error: unknown };

/** The family's fields and its member rows, as typed. */
interface FamilyForm {
  family: FamilyValues;
  rows: MemberRow[];
}

/**
 * The family form's state and its save: loads the family for an edit, keeps what was loaded to know
 * what changed (and to undo it), guards unsaved changes, and maps every refusal to its field.
 */
export function useFamilyForm(editId: string | undefined) {
  const { t } = useT();
  const { profile } = useProfile();
  const withSensitive = canSeeSensitive(profile.role);
  const toast = useToast();

  const [load, setLoad] = useState<Load>(editId ? { state: 'loading' } : { state: 'ready' });
  const [familyId, setFamilyId] = useState<string | null>(editId ?? null);
  const [loadedName, setLoadedName] = useState('');
  const [before, setBefore] = useState<ReadonlyMap<string, MemberRow>>(new Map());
  const [formError, setFormError] = useState<string | null>(null);
  // The save is several calls (see submit), so it keeps its own "saving" beside the form model's.
  const [submitting, setSubmitting] = useState(false);
  const form = useForm<FamilyForm>({
    initial: editId ? null : { family: EMPTY_FAMILY, rows: [newMemberRow('parent')] },
    // The same rule as the core's (a UTC date), so the form never lets through what the core refuses.
    check: (v) => validateForm(v.family, v.rows, japanDate(new Date()), withSensitive),
    // The family's own call; a member's refusal is placed on its row below.
    place: placeFamily,
    // A spare row nobody typed into is not a change.
    isDirty: (v, initial) =>
      JSON.stringify(v.family) !== JSON.stringify(initial.family) ||
      v.rows.some((r) => memberChanged(r, before.get(r.key))),
  });
  const { start, update, fail } = form;
  const values = form.values?.family ?? EMPTY_FAMILY;
  const familyBefore = form.initial?.family ?? EMPTY_FAMILY;
  const rows = form.values?.rows ?? [];

  useEffect(() => {
    if (!editId) return;
    let current = true;
    call('families.get', { id: editId }).then(
      (f) => {
        if (!current) return;
        if (f.erased) {
          const error = new ApiError({ code: 'VALIDATION_FAILED', message: 'validation.familyErased' });
          setLoad({ state: 'failed', error });
          return;
        }
        const members = f.members.map(memberRowFrom);
        setLoadedName(f.familyName);
        start({ family: familyValuesFrom(f), rows: members });
        setBefore(new Map(members.map((m) => [m.key, m])));
        setLoad({ state: 'ready' });
      },
      (error: unknown) => current && setLoad({ state: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [editId, start]);

  const setField = <K extends keyof FamilyValues>(key: K, value: FamilyValues[K]) =>
    update((v) => ({ ...v, family: { ...v.family, [key]: value } }), [key]);

  const setRows = (apply: (rows: MemberRow[]) => MemberRow[], touched: string[] = []) =>
    update((v) => ({ ...v, rows: apply(v.rows) }), touched);

  const updateRow = (key: string, patch: Partial<MemberRow>) =>
    setRows(
      (rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)),
      Object.keys(patch).map((f) => memberErrorKey(key, f)),
    );

  const addRow = () =>
    setRows((rs) => [...rs, newMemberRow(rs.some((r) => !r.removed) ? 'child' : 'parent')]);

  const removeRow = (key: string) =>
    setRows((rs) => rs.flatMap((r) => (r.key !== key ? [r] : r.id ? [{ ...r, removed: true }] : [])));

  /** Opens a member's stored notes for editing (an audited read, like on the family page). */
  const revealNotes = async (key: string) => {
    const row = rows.find((r) => r.key === key);
    if (!row?.id) return;
    try {
      const notes = await call('members.sensitive', { id: row.id });
      const opened = {
        allergies: notes.allergies ?? '',
        careNotes: notes.careNotes ?? '',
        sensitiveHidden: false,
      };
      setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...opened } : r)));
      setBefore((b) => {
        const loaded = b.get(key);
        return loaded ? new Map(b).set(key, { ...loaded, ...opened }) : b;
      });
    } catch (e) {
      setFormError(errorText(t, e));
    }
  };

  const refuse = (next: FieldErrors, message: string) => {
    fail(next);
    setFormError(message);
  };

  const submit = async () => {
    if (!form.values) return;
    setFormError(null);
    const found = validateForm(values, rows, japanDate(new Date()), withSensitive);
    if (hasErrors(found)) {
      refuse(found, t('families:form.fixErrors', { count: Object.keys(found).length }));
      return;
    }
    // Several calls, each all-or-nothing: the result says how far the save got, so it is not a
    // single submit of the form model (which maps one refused call).
    setSubmitting(true);
    const result = await saveFamily({ familyId, family: values, familyBefore, rows, before, withSensitive });
    setSubmitting(false);
    if (!result.ok) {
      setFamilyId(result.familyId);
      setRows(() => result.rows);
      const { error, failedRowKey } = result;
      const placed = serverErrors(error, failedRowKey ? placeMember(failedRowKey) : placeFamily);
      // Only a field error is shown on the field; the reason itself is in the message above the form.
      const { [FORM]: _, ...onFields } = placed;
      refuse(onFields, failureMessage(failedRowKey, result.familyId !== null && !editId, error));
      return;
    }
    if (editId) {
      const plan = result.undo;
      toast({
        message: t('forms.saved'),
        undo: async () => {
          try {
            await undoSave(plan);
            toast({ message: t('forms.undone') });
          } catch (e) {
            toast({ message: errorText(t, e) });
          }
        },
      });
    } else {
      toast({ message: t('families:form.created', { name: values.familyName.trim() }) });
    }
    form.leave(`/families/${result.familyId}`);
  };

  const failureMessage = (failedRowKey: string | null, familyCreated: boolean, error: unknown) => {
    const reason = errorText(t, error);
    if (!failedRowKey) return reason;
    const visible = rows.filter((r) => !r.removed);
    const index = visible.findIndex((r) => r.key === failedRowKey);
    const row = visible[index];
    const key = familyCreated ? 'families:form.memberFailedAfterCreate' : 'families:form.memberFailed';
    return t(key, { n: index + 1, name: row?.givenName ?? '', reason });
  };

  return {
    load,
    loadedName,
    isEdit: Boolean(editId),
    values,
    rows,
    errors: form.errors,
    formError,
    saving: form.submitting || submitting,
    focusTick: form.focusTick,
    withSensitive,
    cancelTo: editId ? `/families/${editId}` : '/families',
    setField,
    updateRow,
    addRow,
    removeRow,
    restoreRow: (key: string) => updateRow(key, { removed: false }),
    revealNotes,
    submit,
  };
}
