import { type FormEvent, type KeyboardEvent, useEffect, useRef } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { FORM } from '../../lib/forms/form-model.ts';
import { BuildingFieldset } from './form/BuildingFieldset.tsx';
import { IdentificationFieldset } from './form/IdentificationFieldset.tsx';
import { ListingFieldset } from './form/ListingFieldset.tsx';
import { OwnerFieldset } from './form/OwnerFieldset.tsx';
import { usePropertyForm } from './form/use-property-form.ts';
import './property.css';

/** 空き家を登録 / 編集: identification, building, listing and (for the roles that see it) the owner. */
export function PropertyFormPage() {
  const { t } = useT();
  const { propertyId } = useParams();
  // 「この場所で新しい物件」 from 現地調査 (?inspect=1): after saving, the inspection's start form opens.
  const [search] = useSearchParams();
  const form = usePropertyForm(
    propertyId,
    search.get('inspect') === '1' ? (id) => `/akiya/${id}/inspections/new` : undefined,
  );
  const formRef = useRef<HTMLFormElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);

  // After a refused save: the first field in error, in screen order, or the message above the form.
  useEffect(() => {
    if (form.focusTick === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? errorRef.current)?.focus();
  }, [form.focusTick]);

  const values = form.values;
  if (form.load.state !== 'ready' || !values) {
    return (
      <section className="page prop-form-page">
        <h1>{form.isEdit ? t('property:form.editTitleBare') : t('property:form.createTitle')}</h1>
        {form.load.state === 'failed' ? (
          <>
            <p role="alert">{errorText(t, form.load.error)}</p>
            <Link to={form.cancelTo}>{t('property:form.back')}</Link>
          </>
        ) : (
          <p className="muted">
            {form.withOwner && form.isEdit ? t('property:form.ownerLoading') : t('app.loading')}
          </p>
        )}
      </section>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit();
  };
  // Enter confirms IME conversions; it must not also send a half-filled form. Ctrl+Enter saves.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      if (!form.saving) void form.submit();
    } else if ((e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault();
    }
  };
  const topError = form.errors[FORM] ? t(form.errors[FORM]) : form.formError;

  return (
    <section className="page prop-form-page">
      <p className="prop-breadcrumb">
        <Link to={form.cancelTo}>
          {form.isEdit ? t('property:form.backToProperty') : t('property:form.back')}
        </Link>
      </p>
      <h1>
        {form.isEdit
          ? t('property:form.editTitle', { name: form.loadedName })
          : t('property:form.createTitle')}
      </h1>
      <p className="muted">{t('property:form.lead')}</p>
      <form ref={formRef} onSubmit={submit} onKeyDown={onKeyDown} noValidate className="prop-form">
        {topError ? (
          <p className="prop-form-error" role="alert" tabIndex={-1} ref={errorRef}>
            {topError}
          </p>
        ) : null}
        <IdentificationFieldset
          values={values}
          errors={form.errors}
          change={form.change}
          propertyId={form.editId}
        />
        <BuildingFieldset values={values} errors={form.errors} change={form.change} />
        <ListingFieldset values={values} errors={form.errors} change={form.change} />
        {values.owner ? (
          <OwnerFieldset owner={values.owner} errors={form.errors} setOwner={form.setOwner} />
        ) : null}
        <div className="prop-form-actions">
          <button type="submit" className="primary" disabled={form.saving} aria-keyshortcuts="Control+Enter">
            {form.saving ? t('property:form.saving') : t('forms.save')}
          </button>
          <Link to={form.cancelTo} className="prop-button">
            {t('forms.cancel')}
          </Link>
          <span className="muted prop-shortcut">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> {t('property:form.saveShortcut')}
          </span>
        </div>
      </form>
    </section>
  );
}
