import { useEffect, useRef, useState } from 'react';
import { japanDate } from '../../../../../shared/domain/dates.ts';
import { canSeeSensitive } from '../../../../../shared/domain/permissions.ts';
import { useProfile } from '../../../app/profile-context.ts';
import { useT } from '../../../i18n/use-t.ts';
import { call } from '../../../lib/api.ts';
import { useToast } from '../../../lib/forms/toast.tsx';
import { useForm } from '../../../lib/forms/use-form.ts';
import {
  checkProperty,
  emptyProperty,
  type OwnerValues,
  type PropertyValues,
  placeProperty,
  propertyInput,
  valuesFromProperty,
} from './form-model.ts';

type Load = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; error: unknown };

const currentYear = () => Number(japanDate(new Date()).slice(0, 4));

/**
 * The property form's state and its save. For an edit by a role that sees owners, the owner's values
 * are read through the audited reveal (the same call as the page's 「所有者情報を表示」), so opening the
 * form is a recorded view; a surveyor's form has no owner part at all. `afterCreate` is where a new
 * property's save leaves to (the inspection start form for 「この場所で新しい物件」).
 */
export function usePropertyForm(editId: string | undefined, afterCreate?: (id: string) => string) {
  const { t } = useT();
  const toast = useToast();
  const { profile } = useProfile();
  const withOwner = canSeeSensitive(profile.role);
  const [load, setLoad] = useState<Load>(editId ? { state: 'loading' } : { state: 'ready' });
  const [loadedName, setLoadedName] = useState('');
  const [ownerBefore, setOwnerBefore] = useState<OwnerValues | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<PropertyValues>({
    initial: editId ? null : emptyProperty(withOwner),
    check: (v) => checkProperty(v, editId ?? null, ownerBefore, currentYear()),
    place: placeProperty,
  });
  const { start } = form;

  // One read per form opened: React's development double effect must not audit the owner twice.
  const reading = useRef<{ id: string; values: Promise<{ values: PropertyValues; name: string }> } | null>(
    null,
  );
  useEffect(() => {
    if (!editId) return;
    if (reading.current?.id !== editId) {
      reading.current = {
        id: editId,
        values: (async () => {
          const p = await call('properties.get', { id: editId });
          const owner = withOwner ? await call('properties.owner', { id: editId }) : null;
          return {
            values: valuesFromProperty(p, owner),
            name: p.refNumber ?? p.address ?? p.lotNumber ?? '',
          };
        })(),
      };
    }
    let current = true;
    reading.current.values.then(
      ({ values, name }) => {
        if (!current) return;
        setLoadedName(name);
        setOwnerBefore(values.owner);
        start(values);
        setLoad({ state: 'ready' });
      },
      (error: unknown) => {
        if (current) setLoad({ state: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [editId, withOwner, start]);

  const submit = async () => {
    setFormError(null);
    const ok = await form.submit(async (values) => {
      const saved = await call('properties.save', propertyInput(values, editId ?? null, ownerBefore));
      toast({ message: editId ? t('property:form.saved') : t('property:form.created') });
      form.leave(!editId && afterCreate ? afterCreate(saved.id) : `/akiya/${saved.id}`);
    });
    if (!ok && form.values) {
      const found = checkProperty(form.values, editId ?? null, ownerBefore, currentYear());
      const count = Object.keys(found).length;
      setFormError(count > 0 ? t('property:form.fixErrors', { count }) : null);
    }
  };

  return {
    load,
    loadedName,
    isEdit: Boolean(editId),
    editId: editId ?? null,
    values: form.values,
    errors: form.errors,
    formError,
    saving: form.submitting,
    focusTick: form.focusTick,
    withOwner,
    cancelTo: editId ? `/akiya/${editId}` : afterCreate ? '/inspections' : '/akiya',
    change: form.change,
    setOwner: (patch: Partial<OwnerValues>) =>
      form.update(
        (v) => ({ ...v, owner: { ...(v.owner ?? emptyProperty(true).owner), ...patch } as OwnerValues }),
        Object.keys(patch).map((k) => `owner.${k}`),
      ),
    submit,
  };
}
