import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  CONTACT_CHANNELS,
  type ContactChannel,
  SUPPORTER_CONNECTIONS,
  type SupporterConnection,
} from '../../../../shared/domain/enums.ts';
import type { DuplicateCandidate } from '../../../../shared/ipc/views/community-events.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { ApiError, call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import { FORM } from '../../lib/forms/form-model.ts';
import { useToast } from '../../lib/forms/toast.tsx';
import { useForm } from '../../lib/forms/use-form.ts';
import { PREFECTURES } from '../families/prefectures.ts';
import { DuplicatePanel } from './DuplicatePanel.tsx';
import {
  checkSupporter,
  EMPTY_SUPPORTER,
  inputFrom,
  placeField,
  type SupporterValues,
  valuesFrom,
} from './form-model.ts';
import { isStaff, StaffOnly } from './StaffOnly.tsx';
import { saveSupporterUnlessDuplicate } from './save-supporter.ts';
import './supporters.css';

/** 関係人口名簿に登録 / 編集. Likely duplicates are shown before anything is saved. */
export function SupporterFormPage() {
  const { profile } = useProfile();
  if (!isStaff(profile.role)) return <StaffOnly />;
  return <SupporterForm />;
}

function SupporterForm() {
  const { t, i18n } = useT();
  const toast = useToast();
  const id = useId();
  const { supporterId } = useParams();
  const [loadError, setLoadError] = useState<unknown>(null);
  const [loadedName, setLoadedName] = useState('');
  const [candidates, setCandidates] = useState<DuplicateCandidate[] | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const form = useForm<SupporterValues>({
    initial: supporterId ? null : EMPTY_SUPPORTER,
    check: checkSupporter,
    place: placeField,
  });
  const { start } = form;

  useEffect(() => {
    if (!supporterId) return;
    // Editing shows the phone, e-mail and note: the form asks for them as the page's button does
    // (an audited view), and only for a record that can still be edited.
    call('supporters.get', { id: supporterId })
      .then(async (s) => {
        if (s.mergedInto || s.erased) {
          setLoadError(
            new ApiError({ code: s.erased ? 'SUPPORTER_ERASED' : 'SUPPORTER_MERGED', message: '' }),
          );
          return;
        }
        const contact = await call('supporters.contact', { id: supporterId });
        setLoadedName(s.name);
        start(valuesFrom(s, contact));
      })
      .catch(setLoadError);
  }, [supporterId, start]);

  useEffect(() => {
    if (form.focusTick === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? errorRef.current)?.focus();
  }, [form.focusTick]);

  const cancelTo = supporterId ? `/supporters/${supporterId}` : '/supporters';
  const title = supporterId
    ? t('supporters:form.editTitle', { name: loadedName })
    : t('supporters:form.newTitle');

  if (loadError || !form.values) {
    return (
      <section className="page sup-form-page">
        <h1>{title}</h1>
        {loadError ? (
          <>
            <p role="alert">{errorText(t, loadError)}</p>
            <Link to={cancelTo} className="sup-button">
              {t('supporters:form.backToList')}
            </Link>
          </>
        ) : (
          <p className="muted">{t('app.loading')}</p>
        )}
      </section>
    );
  }
  const v = form.values;
  const error = (key: string) => (form.errors[key] ? t(form.errors[key]) : null);
  const text = (
    key: 'name' | 'nameKana' | 'homePrefecture' | 'homeCity' | 'phone' | 'email' | 'note' | 'connectionOther',
  ) => ({
    value: v[key],
    onChange: (e: { target: { value: string } }) => {
      form.change({ [key]: e.target.value });
      // What was found belongs to what was typed: a changed name or number asks again on save.
      if (key !== 'note' && key !== 'connectionOther') setCandidates(null);
    },
  });

  /**
   * Saves, or stops to show the likely duplicates (the core's own check, before it writes). With
   * `notADuplicate` the person said they are someone else. A duplicate that appeared meanwhile (a
   * colleague, a sync) is the core's SUPPORTER_LIKELY_DUPLICATE: its message, and the candidates again.
   */
  const save = async (notADuplicate: boolean) => {
    let savedId: string | null = null;
    await form.submit(async (values) => {
      const outcome = await saveSupporterUnlessDuplicate(
        inputFrom(values, supporterId, notADuplicate),
        setCandidates,
      );
      if (outcome.candidates) {
        setCandidates(outcome.candidates);
        return;
      }
      savedId = outcome.saved.id;
      toast({ message: t('supporters:form.saved', { name: outcome.saved.name }) });
    });
    if (savedId) form.leave(`/supporters/${savedId}`);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };
  // Enter confirms an IME conversion: it must not also send a half-typed form. Ctrl+Enter saves.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      if (!form.submitting) void save(false);
    } else if ((e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault();
    }
  };

  const toggle = <T extends string>(list: T[], item: T, on: boolean) =>
    on ? [...new Set([...list, item])] : list.filter((x) => x !== item);
  const knownPrefecture = PREFECTURES.some((p) => p.ja === v.homePrefecture);

  return (
    <section className="page sup-form-page">
      <p>
        <Link to={cancelTo} className="sup-back">
          {supporterId
            ? t('supporters:form.backToSupporter', { name: loadedName })
            : t('supporters:form.backToList')}
        </Link>
      </p>
      <h1>{title}</h1>
      <form ref={formRef} className="sup-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
        {form.errors[FORM] ? (
          <p className="form-error" role="alert" ref={errorRef} tabIndex={-1}>
            {t(form.errors[FORM])}
          </p>
        ) : null}
        <fieldset className="sup-form-section">
          <legend>{t('supporters:form.who')}</legend>
          <div className="sup-grid">
            <Field label={t('supporters:fields.name')} required error={error('name')}>
              <input {...text('name')} autoComplete="off" maxLength={200} />
            </Field>
            <Field
              label={t('supporters:fields.nameKana')}
              hint={t('supporters:form.kanaHint')}
              error={error('nameKana')}
            >
              <input {...text('nameKana')} autoComplete="off" maxLength={200} />
            </Field>
          </div>
        </fieldset>
        <fieldset className="sup-form-section">
          <legend>{t('supporters:form.home')}</legend>
          <div className="sup-grid">
            <Field label={t('supporters:fields.prefecture')} error={error('homePrefecture')}>
              <select {...text('homePrefecture')}>
                <option value="">{t('supporters:form.choose')}</option>
                {knownPrefecture || !v.homePrefecture ? null : (
                  <option value={v.homePrefecture}>{v.homePrefecture}</option>
                )}
                {PREFECTURES.map((p) => (
                  <option key={p.ja} value={p.ja}>
                    {i18n.language === 'ja' ? p.ja : p.en}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('supporters:fields.city')} error={error('homeCity')}>
              <input
                {...text('homeCity')}
                maxLength={200}
                placeholder={t('supporters:form.cityPlaceholder')}
              />
            </Field>
          </div>
        </fieldset>
        <fieldset className="sup-form-section">
          <legend>{t('supporters:form.contact')}</legend>
          <div className="sup-grid">
            <Field
              label={t('supporters:fields.phone')}
              hint={t('supporters:form.phoneHint')}
              error={error('phone')}
            >
              <input {...text('phone')} type="tel" autoComplete="off" />
            </Field>
            <Field label={t('supporters:fields.email')} error={error('email')}>
              <input {...text('email')} type="email" autoComplete="off" maxLength={320} />
            </Field>
          </div>
          <label className="sup-check">
            <input
              type="checkbox"
              checked={v.contactConsent}
              onChange={(e) =>
                form.change({
                  contactConsent: e.target.checked,
                  ...(e.target.checked ? {} : { contactChannels: [] }),
                })
              }
            />
            {t('supporters:fields.contactConsent')}
          </label>
          <fieldset
            className="sup-checks"
            disabled={!v.contactConsent}
            aria-describedby={`${id}-channels-hint`}
          >
            <legend>{t('supporters:fields.contactChannels')}</legend>
            <p className="field-hint" id={`${id}-channels-hint`}>
              {t('supporters:form.channelsHint')}
            </p>
            {CONTACT_CHANNELS.map((c: ContactChannel) => (
              <label key={c} className="sup-check">
                <input
                  type="checkbox"
                  checked={v.contactChannels.includes(c)}
                  onChange={(e) =>
                    form.change({ contactChannels: toggle(v.contactChannels, c, e.target.checked) })
                  }
                />
                {t(`supporters:channel.${c}`)}
              </label>
            ))}
            {error('contactChannels') ? (
              <p className="field-error" role="alert">
                {error('contactChannels')}
              </p>
            ) : null}
          </fieldset>
        </fieldset>
        <fieldset className="sup-form-section">
          <legend>{t('supporters:form.connection')}</legend>
          <fieldset className="sup-checks">
            <legend>{t('supporters:fields.connections')}</legend>
            {SUPPORTER_CONNECTIONS.map((c: SupporterConnection) => (
              <label key={c} className="sup-check">
                <input
                  type="checkbox"
                  checked={v.connections.includes(c)}
                  onChange={(e) => form.change({ connections: toggle(v.connections, c, e.target.checked) })}
                />
                {t(`supporters:connection.${c}`)}
              </label>
            ))}
          </fieldset>
          {v.connections.includes('other') ? (
            <Field
              label={t('supporters:fields.connectionOther')}
              hint={t('supporters:form.otherHint')}
              error={error('connectionOther')}
              required
            >
              <input {...text('connectionOther')} maxLength={100} />
            </Field>
          ) : null}
          <div className="sup-grid">
            <Field label={t('supporters:fields.firstConnectedOn')} error={error('firstConnectedOn')}>
              <DateInput
                value={v.firstConnectedOn}
                onChange={(r) =>
                  form.update(
                    (x) => ({ ...x, firstConnectedOn: r.date, firstConnectedError: r.error }),
                    ['firstConnectedOn'],
                  )
                }
              />
            </Field>
          </div>
          <Field label={t('supporters:fields.note')} error={error('note')}>
            <textarea {...text('note')} rows={3} />
          </Field>
        </fieldset>
        {candidates && candidates.length > 0 ? (
          <DuplicatePanel
            key={candidates.map((c) => c.id).join()}
            candidates={candidates}
            busy={form.submitting}
            onSame={(c) =>
              // Editing: this record and that one are one person, so offer the merge on this record's
              // page; new: nothing is saved, the person is already there.
              form.leave(supporterId ? `/supporters/${supporterId}?merge=${c.id}` : `/supporters/${c.id}`)
            }
            onDifferent={() => void save(true)}
          />
        ) : null}
        <div className="sup-form-actions">
          <button type="submit" className="sup-button primary" disabled={form.submitting}>
            {form.submitting ? t('supporters:form.saving') : t('supporters:form.save')}
          </button>
          <Link to={cancelTo} className="sup-button">
            {t('supporters:form.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
