import { type FormEvent, useEffect, useRef } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { DoubleBookingConfirm } from './ConflictWarning.tsx';
import { enterGuard } from './form-keys.ts';
import { StayMembersField } from './StayMembersField.tsx';
import { StayPlanFields } from './StayPlanFields.tsx';
import { StayStatusFields } from './StayStatusFields.tsx';
import { prefillFrom } from './stay-draft.ts';
import { useStayForm } from './use-stay-form.ts';

/** 滞在の登録・編集: `/families/:familyId/stays/new` and `/stays/:stayId/edit`. */
export function StayEditPage() {
  const { t } = useT();
  const { familyId, stayId } = useParams();
  // A new stay may come with its house and arrival chosen (the trial-housing calendar's vacant night).
  const [params] = useSearchParams();
  const form = useStayForm(stayId, familyId, stayId ? {} : prefillFrom(params));
  const formRef = useRef<HTMLFormElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);

  // After a refused save: the first field in error, in screen order, or the message at the top.
  useEffect(() => {
    if (form.focusTick === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? errorRef.current)?.focus();
  }, [form.focusTick]);

  const { load, draft } = form;
  if (load.state !== 'ready' || !draft) {
    return (
      <section className="page stay-form-page">
        <h1>{t('nav.families')}</h1>
        {load.state === 'failed' ? (
          <p role="alert">
            {t('common.labelled', { label: t('stays:loadFailed'), value: errorText(t, load.error) })}
          </p>
        ) : (
          <p className="muted">{t('app.loading')}</p>
        )}
      </section>
    );
  }

  const family = load.family;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.save(false);
  };
  const formError = form.errors.form ?? (Object.keys(form.errors).length > 0 ? 'stays:errorSummary' : null);
  return (
    <section className="page stay-form-page">
      <div className="page-head">
        <h1>{t(load.stay ? 'stays:editTitle' : 'stays:newTitle', { family: family.familyName })}</h1>
        <Link to={`/families/${family.id}`}>{t('stays:backToFamily', { family: family.familyName })}</Link>
      </div>
      <form
        ref={formRef}
        className="stay-form"
        onSubmit={submit}
        onKeyDown={enterGuard(() => form.save(false))}
        noValidate
      >
        <p ref={errorRef} className="form-error" role="alert" tabIndex={-1}>
          {formError ? t(formError) : null}
        </p>
        <div className="stay-form-grid">
          <div>
            <StayPlanFields
              plan={draft}
              onChange={form.change}
              errors={form.errors}
              conflicts={form.conflicts}
            />
          </div>
          <div>
            <StayStatusFields
              draft={draft}
              reachable={form.reachable}
              onStatus={form.changeStatus}
              onDate={form.changeDate}
              errors={form.errors}
            />
            <StayMembersField
              members={family.members}
              selected={draft.memberIds}
              onChange={(memberIds) => form.change({ memberIds })}
              error={form.errors.memberIds ? t(form.errors.memberIds) : undefined}
            />
          </div>
        </div>
        <div className="form-actions">
          <Link to={`/families/${family.id}`}>{t('forms.cancel')}</Link>
          <button type="submit" className="primary" disabled={form.saving}>
            {t('stays:save')}
          </button>
        </div>
      </form>
      <DoubleBookingConfirm
        conflicts={form.confirming}
        onConfirm={() => form.save(true)}
        onCancel={form.cancelConfirm}
      />
    </section>
  );
}
