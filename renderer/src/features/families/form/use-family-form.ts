import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { japanDate } from '../../../../../shared/domain/dates.ts';
import { useProfile } from '../../../app/profile-context.ts';
import { ApiError, call } from '../../../lib/api.ts';
import { errorText } from '../../../lib/error-text.ts';
import { useToast } from '../../../lib/forms/toast.tsx';
import { useUnsavedGuard } from '../../../lib/forms/use-unsaved-guard.ts';
import { canSeeSensitive } from '../family-format.ts';
import {
  EMPTY_FAMILY,
  type FamilyValues,
  type FormErrors,
  familyValuesFrom,
  type MemberRow,
  memberChanged,
  memberErrorKey,
  memberRowFrom,
  newMemberRow,
  validateForm,
} from './form-model.ts';
import { saveFamily, undoSave } from './save-family.ts';

/** Fields the form shows; an error about anything else (an id, say) is shown above the form. */
const FAMILY_FIELDS = new Set(Object.keys(EMPTY_FAMILY));
const MEMBER_FIELDS = new Set([
  'givenName',
  'givenNameKana',
  'relation',
  'birthDate',
  'grade',
  'allergies',
  'careNotes',
]);

type Load = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; error: unknown };

/**
 * The family form's state and its save: loads the family for an edit, keeps what was loaded to know
 * what changed (and to undo it), guards unsaved changes, and maps every refusal to its field.
 */
export function useFamilyForm(editId: string | undefined) {
  const { t } = useTranslation();
  const { profile } = useProfile();
  const withSensitive = canSeeSensitive(profile.role);
  const navigate = useNavigate();
  const toast = useToast();

  const [load, setLoad] = useState<Load>(editId ? { state: 'loading' } : { state: 'ready' });
  const [familyId, setFamilyId] = useState<string | null>(editId ?? null);
  const [loadedName, setLoadedName] = useState('');
  const [familyBefore, setFamilyBefore] = useState<FamilyValues>(EMPTY_FAMILY);
  const [values, setValues] = useState<FamilyValues>(EMPTY_FAMILY);
  const [before, setBefore] = useState<ReadonlyMap<string, MemberRow>>(new Map());
  const [rows, setRows] = useState<MemberRow[]>(() => (editId ? [] : [newMemberRow('parent')]));
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [leaveTo, setLeaveTo] = useState<string | null>(null);
  const [focusTick, setFocusTick] = useState(0);

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
        const loaded = familyValuesFrom(f);
        const members = f.members.map(memberRowFrom);
        setLoadedName(f.familyName);
        setFamilyBefore(loaded);
        setValues(loaded);
        setRows(members);
        setBefore(new Map(members.map((m) => [m.key, m])));
        setLoad({ state: 'ready' });
      },
      (error: unknown) => current && setLoad({ state: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [editId]);

  const dirty = useMemo(
    () =>
      JSON.stringify(values) !== JSON.stringify(familyBefore) ||
      rows.some((r) => memberChanged(r, before.get(r.key))),
    [values, familyBefore, rows, before],
  );
  useUnsavedGuard(dirty && leaveTo === null);

  // Navigating only after the render that turned the guard off, or the guard would ask about a save.
  useEffect(() => {
    if (leaveTo !== null) navigate(leaveTo);
  }, [leaveTo, navigate]);

  const setField = <K extends keyof FamilyValues>(key: K, value: FamilyValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors(({ [key]: _, ...rest }) => rest);
  };

  const updateRow = (key: string, patch: Partial<MemberRow>) => {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    const cleared = Object.keys(patch).map((f) => memberErrorKey(key, f));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !cleared.includes(k))));
  };

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

  const fail = (next: FormErrors, message: string) => {
    setErrors(next);
    setFormError(message);
    setFocusTick((n) => n + 1);
  };

  const submit = async () => {
    setFormError(null);
    // The same rule as the core's (a UTC date), so the form never lets through what the core refuses.
    const found = validateForm(values, rows, japanDate(new Date()), withSensitive);
    if (Object.keys(found).length > 0) {
      fail(found, t('familyWs.form.fixErrors', { count: Object.keys(found).length }));
      return;
    }
    setSaving(true);
    const result = await saveFamily({ familyId, family: values, familyBefore, rows, before, withSensitive });
    setSaving(false);
    if (!result.ok) {
      setFamilyId(result.familyId);
      setRows(result.rows);
      const { error, failedRowKey } = result;
      const field = error instanceof ApiError ? error.field : undefined;
      const known = field && (failedRowKey ? MEMBER_FIELDS.has(field) : FAMILY_FIELDS.has(field));
      const next: FormErrors = {};
      if (known)
        next[failedRowKey ? memberErrorKey(failedRowKey, field) : field] = (error as ApiError).message;
      fail(next, failureMessage(failedRowKey, result.familyId !== null && !editId, error));
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
      toast({ message: t('familyWs.form.created', { name: values.familyName.trim() }) });
    }
    setLeaveTo(`/families/${result.familyId}`);
  };

  const failureMessage = (failedRowKey: string | null, familyCreated: boolean, error: unknown) => {
    const reason = errorText(t, error);
    if (!failedRowKey) return reason;
    const visible = rows.filter((r) => !r.removed);
    const index = visible.findIndex((r) => r.key === failedRowKey);
    const row = visible[index];
    const key = familyCreated ? 'familyWs.form.memberFailedAfterCreate' : 'familyWs.form.memberFailed';
    return t(key, { n: index + 1, name: row?.givenName ?? '', reason });
  };

  return {
    load,
    loadedName,
    isEdit: Boolean(editId),
    values,
    rows,
    errors,
    formError,
    saving,
    focusTick,
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
