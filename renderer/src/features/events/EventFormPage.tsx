import { type FormEvent, type ReactNode, useEffect, useId, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { EVENT_KINDS, EVENT_PLACE_KINDS } from '../../../../shared/domain/enums.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import { useToast } from '../../lib/forms/toast.tsx';
import { useForm } from '../../lib/forms/use-form.ts';
import { useCall } from '../../lib/use-call.ts';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel.tsx';
import { enterGuard } from '../stays/form-keys.ts';
import {
  checkEvent,
  draftFromEvent,
  type EventDraft,
  eventSaveInput,
  newEventDraft,
  placeEvent,
} from './event-draft.ts';
import './events.css';

/** /events/new and /events/:eventId/edit: every field of an event, then its photos. */
export function EventFormPage() {
  const { eventId } = useParams();
  return eventId ? <EditEvent eventId={eventId} /> : <EventForm start={newEventDraft()} />;
}

function EditEvent({ eventId }: { eventId: string }) {
  const { t } = useT();
  const loaded = useCall('events.get', { id: eventId });
  if (loaded.error) return <p className="form-error page">{errorText(t, loaded.error)}</p>;
  if (!loaded.data) return <p className="muted page">{t('app.loading')}</p>;
  if (loaded.data.status === 'cancelled')
    return (
      <section className="page">
        <p className="form-error">{t('events:form.cancelledNoEdit')}</p>
        <Link to={`/events/${eventId}`}>{loaded.data.title}</Link>
      </section>
    );
  return <EventForm key={loaded.data.id} start={draftFromEvent(loaded.data)} />;
}

function EventForm({ start }: { start: EventDraft }) {
  const { t } = useT();
  const toast = useToast();
  const id = useId();
  const form = useForm({ initial: start, check: checkEvent, place: (path) => placeEvent(path) });
  const draft = form.values ?? start;
  const { errors, change, focusTick } = form;
  const formRef = useRef<HTMLFormElement>(null);
  const properties = useCall('properties.lodgings', {});

  useEffect(() => {
    if (focusTick > 0)
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .form-error')?.focus();
  }, [focusTick]);

  const error = (field: string) => {
    const key = errors[field];
    return key ? t(key) : undefined;
  };
  const save = () =>
    form.submit(async (values) => {
      const saved = await call('events.save', eventSaveInput(values));
      toast({ message: t('events:form.saved', { title: saved.title }) });
      form.leave(`/events/${saved.id}`);
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };
  const textBox = (
    field: keyof EventDraft,
    label: string,
    opts: { hint?: string; required?: boolean; type?: string; inputMode?: 'numeric' } = {},
  ): ReactNode => (
    <Field label={label} hint={opts.hint} error={error(field)} required={opts.required ?? false}>
      <input
        type={opts.type ?? 'text'}
        inputMode={opts.inputMode}
        value={draft[field] as string}
        onChange={(e) => change({ [field]: e.target.value } as Partial<EventDraft>)}
      />
    </Field>
  );
  const areaBox = (field: keyof EventDraft, label: string, hint?: string): ReactNode => (
    <Field label={label} hint={hint} error={error(field)}>
      <textarea
        rows={3}
        value={draft[field] as string}
        onChange={(e) => change({ [field]: e.target.value } as Partial<EventDraft>)}
      />
    </Field>
  );
  const dateBox = (
    field: 'startsOn' | 'endsOn' | 'applicationOpensOn' | 'applicationClosesOn',
    label: string,
    opts: { hint?: string; required?: boolean } = {},
  ) => (
    <Field label={label} hint={opts.hint} error={error(field)} required={opts.required ?? false}>
      <DateInput
        value={draft[field]}
        onChange={(v) => change({ [field]: v.date, [`${field}Error`]: v.error } as Partial<EventDraft>)}
      />
    </Field>
  );

  return (
    <section className="page event-form-page">
      <div className="page-head">
        <h1 id={`${id}-title`}>
          {draft.id ? t('events:form.editTitle', { title: start.title }) : t('events:form.newTitle')}
        </h1>
        <Link to={draft.id ? `/events/${draft.id}` : '/events'}>{t('events:title')}</Link>
      </div>
      <form
        ref={formRef}
        className="event-form"
        aria-labelledby={`${id}-title`}
        onSubmit={submit}
        onKeyDown={enterGuard(save)}
        noValidate
      >
        {errors.form ? (
          <p className="form-error" role="alert" tabIndex={-1}>
            {t(errors.form)}
          </p>
        ) : null}
        {textBox('title', t('events:form.titleField'), { required: true })}
        <div className="pair">
          <Field label={t('events:form.kind')} error={error('kind')} required>
            <select
              value={draft.kind}
              onChange={(e) => change({ kind: e.target.value as EventDraft['kind'] })}
            >
              {EVENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`events:kind.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          {draft.kind === 'other' ? (
            textBox('kindLabel', t('events:form.kindLabel'), { hint: t('events:form.kindLabelHint') })
          ) : (
            <div />
          )}
        </div>
        <div className="pair">
          {dateBox('startsOn', t('events:form.startsOn'), { required: true })}
          {textBox('startsTime', t('events:form.startsTime'), { type: 'time' })}
        </div>
        <div className="pair">
          {dateBox('endsOn', t('events:form.endsOn'), { required: true, hint: t('events:form.endsHint') })}
          {textBox('endsTime', t('events:form.endsTime'), { type: 'time' })}
        </div>
        <fieldset className="place-kind">
          <legend>{t('events:form.placeKind')}</legend>
          {EVENT_PLACE_KINDS.map((k) => (
            <label key={k} className="choice">
              <input
                type="radio"
                name={`${id}-place`}
                value={k}
                checked={draft.placeKind === k}
                onChange={() => change({ placeKind: k })}
              />
              {t(`events:placeKind.${k}`)}
            </label>
          ))}
        </fieldset>
        {draft.placeKind === 'in_town' ? (
          <div className="pair">
            <Field label={t('events:form.property')} error={error('placePropertyId')}>
              <select
                value={draft.placePropertyId}
                onChange={(e) => change({ placePropertyId: e.target.value })}
              >
                <option value="">{t('events:form.noProperty')}</option>
                {(properties.data ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.address}
                  </option>
                ))}
              </select>
            </Field>
            {textBox('place', t('events:form.place'))}
          </div>
        ) : null}
        {draft.placeKind === 'outside'
          ? textBox('place', t('events:form.placeOutside'), {
              required: true,
              hint: t('events:form.placeOutsideHint'),
            })
          : null}
        {draft.placeKind === 'online'
          ? textBox('onlineUrl', t('events:form.onlineUrl'), { required: true, type: 'url' })
          : null}
        <div className="pair">
          {textBox('capacity', t('events:form.capacity'), {
            hint: t('events:form.capacityHint'),
            inputMode: 'numeric',
          })}
          {textBox('feeYen', t('events:form.feeYen'), { inputMode: 'numeric' })}
        </div>
        {textBox('feeNote', t('events:form.feeNote'))}
        {areaBox('conditions', t('events:form.conditions'), t('events:form.conditionsHint'))}
        <div className="pair">
          {dateBox('applicationOpensOn', t('events:form.opensOn'))}
          {dateBox('applicationClosesOn', t('events:form.closesOn'))}
        </div>
        <div className="pair">
          {textBox('organiser', t('events:form.organiser'))}
          {areaBox('partners', t('events:form.partners'), t('events:form.partnersHint'))}
        </div>
        {areaBox('description', t('events:form.description'))}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={form.submitting}>
            {t('events:form.save')}
          </button>
        </div>
      </form>
      <section className="event-photos" aria-labelledby={`${id}-photos`}>
        <h2 id={`${id}-photos`}>{t('events:form.photos')}</h2>
        {draft.id ? (
          <AttachmentsPanel ownerTable="event" ownerId={draft.id} />
        ) : (
          <p className="muted">{t('events:form.photosAfterSave')}</p>
        )}
      </section>
    </section>
  );
}
