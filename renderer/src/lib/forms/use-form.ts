import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { type FieldErrors, hasErrors, serverErrors, withoutFields } from './form-model.ts';
import { useUnsavedGuard } from './use-unsaved-guard.ts';

export interface FormOptions<V> {
  /** The values to start from, or null while they load (then `start` them). */
  initial: V | null;
  /** The whole check before a save: form-model.ts `checkForm` with the call's shared schema. */
  check: (values: V) => FieldErrors;
  /**
   * Where the core's refusal of a field is shown (form-model.ts `fieldsIn`), given the values that
   * were sent (a path may name a row by its place in them).
   */
  place: (path: string, sent: V) => string | null;
  /** Whether the values differ from the start; by default any difference at all. */
  isDirty?: (values: V, initial: V) => boolean;
  /** Ask before leaving with unsaved changes (default); a modal dialog has its own Cancel. */
  guard?: boolean;
}

/**
 * The one form model's state: the values and what they started as (dirty, and the unsaved-changes
 * guard), field errors as i18n keys, submitting, and a focus tick that moves on each refusal so the
 * form can put the focus on its first error. A refused save — by the check or by the core — leaves
 * the values as typed.
 */
export function useForm<V>({ initial: first, check, place, isDirty, guard = true }: FormOptions<V>) {
  const navigate = useNavigate();
  const [initial, setInitial] = useState<V | null>(first);
  const [values, setValues] = useState<V | null>(first);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitting, setSubmitting] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const [leaveTo, setLeaveTo] = useState<string | null>(null);

  const differs = values !== null && initial !== null && (isDirty ?? jsonDiffers)(values, initial);
  const dirty = leaveTo === null && differs;
  useUnsavedGuard(guard && dirty);
  // Navigating only after the render that turned the guard off, or the guard would ask about a save.
  useEffect(() => {
    if (leaveTo !== null) navigate(leaveTo);
  }, [leaveTo, navigate]);

  /** Begins (or begins again) from loaded values: nothing is dirty, no error is shown. */
  const start = useCallback((v: V) => {
    setInitial(v);
    setValues(v);
    setErrors({});
  }, []);

  /** Applies a change; the errors of the fields it touched go (the rest stay until the next save). */
  const update = useCallback((apply: (v: V) => V, touched: Iterable<string>) => {
    setValues((v) => (v === null ? v : apply(v)));
    const fields = [...touched];
    if (fields.length > 0) setErrors((e) => withoutFields(e, fields));
  }, []);

  const change = useCallback(
    (patch: Partial<V>) => update((v) => ({ ...v, ...patch }), Object.keys(patch)),
    [update],
  );

  /** Shows errors and moves the focus to the first one. */
  const fail = useCallback((found: FieldErrors) => {
    setErrors(found);
    setFocusTick((n) => n + 1);
  }, []);

  /**
   * Checks the values and, when they pass, runs the save. A save that throws is the core refusing:
   * its error goes on its field. Returns whether the save ran to its end.
   */
  const submit = async (save: (values: V) => Promise<void>): Promise<boolean> => {
    if (values === null || submitting) return false;
    const found = check(values);
    if (hasErrors(found)) {
      fail(found);
      return false;
    }
    setErrors({});
    setSubmitting(true);
    try {
      await save(values);
      return true;
    } catch (error) {
      fail(serverErrors(error, (path) => place(path, values)));
      return false;
    } finally {
      setSubmitting(false);
    }
  };

  return {
    values,
    initial,
    errors,
    submitting,
    dirty,
    focusTick,
    start,
    update,
    change,
    fail,
    submit,
    /** After a save: the guard is off, then the app goes to `path`. */
    leave: setLeaveTo,
  };
}

const jsonDiffers = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
