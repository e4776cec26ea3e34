import { type FormEvent, type KeyboardEvent, useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { FamilyFieldset } from './form/FamilyFieldset.tsx';
import { MemberFieldset } from './form/MemberFieldset.tsx';
import { useFamilyForm } from './form/use-family-form.ts';
import './families.css';

/** 家族を登録 / 家族情報の編集: the family and its members on one page, saved together. */
export function FamilyFormPage() {
  const { t } = useT();
  const { profile } = useProfile();
  const { familyId } = useParams();
  const form = useFamilyForm(familyId);
  const formRef = useRef<HTMLFormElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);

  // After a refused save: the first field in error, in screen order, or the message when no field is.
  useEffect(() => {
    if (form.focusTick === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? errorRef.current)?.focus();
  }, [form.focusTick]);

  const title = form.isEdit
    ? t('families:form.editTitle', { name: form.loadedName })
    : t('families:form.createTitle');

  if (form.load.state !== 'ready') {
    return (
      <section className="page fam-form-page">
        <h1>{form.isEdit ? t('families:form.editTitleBare') : t('families:form.createTitle')}</h1>
        {form.load.state === 'failed' ? (
          <>
            <p role="alert">{errorText(t, form.load.error)}</p>
            <Link to={form.cancelTo}>{t('families:detail.backToFamily')}</Link>
          </>
        ) : (
          <p className="muted">{t('app.loading')}</p>
        )}
      </section>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit();
  };
  // Enter confirms an IME conversion many times per name; it must not also send a half-filled form.
  // Ctrl+Enter saves from anywhere in the form.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      if (!form.saving) void form.submit();
    } else if ((e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault();
    }
  };
  const visible = form.rows.filter((r) => !r.removed);

  return (
    <section className="page fam-form-page">
      <p className="fam-breadcrumb">
        <Link to={form.cancelTo}>
          {form.isEdit ? t('families:detail.backToFamily') : t('families:detail.backToList')}
        </Link>
      </p>
      <h1>{title}</h1>
      <p className="muted">{t('families:form.lead')}</p>
      <form ref={formRef} onSubmit={submit} onKeyDown={onKeyDown} noValidate>
        {form.formError ? (
          <p className="fam-form-error" role="alert" tabIndex={-1} ref={errorRef}>
            {form.formError}
          </p>
        ) : null}
        <FamilyFieldset values={form.values} errors={form.errors} setField={form.setField} />
        <fieldset className="fam-form-section">
          <legend>{t('families:form.membersSection')}</legend>
          {form.withSensitive ? null : (
            <p className="fam-role-note">
              {t('families:form.roleCannotEditNotes', { role: t(`roles.${profile.role}`) })}
            </p>
          )}
          {form.rows.map((row) => (
            <MemberFieldset
              key={row.key}
              row={row}
              number={visible.indexOf(row) + 1}
              errors={form.errors}
              withSensitive={form.withSensitive}
              onChange={(patch) => form.updateRow(row.key, patch)}
              onRemove={() => form.removeRow(row.key)}
              onRestore={() => form.restoreRow(row.key)}
              onRevealNotes={() => void form.revealNotes(row.key)}
            />
          ))}
          <button type="button" onClick={form.addRow}>
            ＋ {t('families:form.addMember')}
          </button>
          <p className="field-hint">{t('families:form.blankRowHint')}</p>
        </fieldset>
        <div className="fam-form-actions">
          <button type="submit" className="primary" disabled={form.saving} aria-keyshortcuts="Control+Enter">
            {form.saving ? t('families:form.saving') : t('forms.save')}
          </button>
          <Link to={form.cancelTo} className="fam-button">
            {t('forms.cancel')}
          </Link>
          <span className="muted fam-shortcut">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> {t('families:form.saveShortcut')}
          </span>
        </div>
      </form>
    </section>
  );
}
