import { type FormEvent, useEffect, useId, useRef } from 'react';
import {
  CHECKIN_KINDS,
  type CheckinKind,
  CONDITIONS,
  type Condition,
} from '../../../../shared/domain/enums.ts';
import { checkinInput, NOTE_MAX } from '../../../../shared/domain/records.ts';
import type { BoardStay } from '../../../../shared/ipc/views.ts';
import { characterCount } from '../../../../shared/text/valid-text.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { formatDateLong } from '../../lib/format.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import { checkForm, type DateValue, fieldsIn } from '../../lib/forms/form-model.ts';
import { useForm } from '../../lib/forms/use-form.ts';

interface CheckinValues {
  condition: Condition;
  kind: CheckinKind;
  /** Children ticked off as absent, by member id. */
  absent: string[];
  note: string;
  followUpNeeded: boolean;
  followUp: DateValue;
  /** On by default when it applies: the arrival check-in is usually the moment the family has arrived. */
  updateStay: boolean;
}

/** The fields that show their own error (`attendance.2.memberId` → attendance); any other, the form's. */
const placeCheckin = fieldsIn(['note', 'followUpOn', 'attendance']);

/** The kind a coordinator most likely means on this day of the stay. */
function likelyKind(stay: BoardStay, date: string): CheckinKind {
  if (stay.arrival === date) return 'arrival';
  if (stay.departure === date) return 'departure';
  return 'daily';
}

/**
 * The check-in for everything but the common case: condition, kind, each child's attendance, a note
 * and a follow-up. A native modal <dialog>: the page behind is inert (focus stays inside) and Esc
 * closes it without saving.
 */
export function CheckinDialog({
  stay,
  date,
  today,
  onClose,
}: {
  stay: BoardStay;
  date: string;
  /** The real today: a check-in for a later day is warned about before it is saved. */
  today: string;
  /** After the dialog has closed (the page is interactive again), saying whether a check-in was saved. */
  onClose: (saved: boolean) => void;
}) {
  const { t, i18n } = useT();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const stayMoveOf = (kind: CheckinKind) =>
    kind === 'arrival' && stay.status === 'planned'
      ? 'arrive'
      : kind === 'departure' && stay.status === 'in_town'
        ? 'depart'
        : null;

  /** What checkins.record is sent. */
  const input = (v: CheckinValues) => ({
    stayId: stay.stayId,
    date,
    kind: v.kind,
    condition: v.condition,
    note: v.note,
    followUpNeeded: v.followUpNeeded,
    followUpOn: v.followUpNeeded ? v.followUp.date : null,
    attendance: stay.children.map((c) => ({
      memberId: c.memberId,
      attended: !v.absent.includes(c.memberId),
    })),
    updateStay: stayMoveOf(v.kind) !== null && v.updateStay,
  });

  const form = useForm<CheckinValues>({
    initial: {
      condition: 'good',
      kind: likelyKind(stay, date),
      absent: [],
      note: '',
      followUpNeeded: false,
      followUp: { date: null, error: null },
      updateStay: true,
    },
    check: (v) =>
      checkForm({
        schema: checkinInput.strict(),
        input: input(v),
        place: placeCheckin,
        typed: { followUpOn: v.followUpNeeded ? v.followUp.error : null },
        // The core's rule (in its check-in service), checked here so the dialog says it at once.
        rules:
          v.followUpNeeded && v.followUp.date && v.followUp.date < date
            ? { followUpOn: 'validation.followUpBeforeDate' }
            : {},
      }),
    place: placeCheckin,
    // A modal: Esc and Cancel close it; nothing to guard.
    guard: false,
  });
  const values = form.values as CheckinValues;
  const { condition, kind, absent, note, followUpNeeded, followUp, updateStay } = values;
  const { change, errors } = form;
  const stayMove = stayMoveOf(kind);
  const future = date > today;
  const saving = form.submitting;
  const saved = useRef(false);

  useEffect(() => {
    ref.current?.showModal();
  }, []);
  // A refused save puts the focus on the first field to correct.
  useEffect(() => {
    if (form.focusTick > 0) ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form.focusTick]);

  /** The note's message says how long it is and may be, rather than only "too long". */
  const errorText = (field: 'note' | 'followUpOn' | 'attendance' | 'form') => {
    const key = errors[field];
    if (!key) return undefined;
    if (field === 'note' && key === 'validation.tooLong')
      return t('today:dialog.noteTooLong', { max: NOTE_MAX, length: characterCount(note) });
    return t(key);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await form.submit(async (v) => {
      await call('checkins.record', input(v));
      saved.current = true;
      ref.current?.close();
    });
  };

  const toggleChild = (memberId: string, attended: boolean) =>
    change({ absent: attended ? absent.filter((m) => m !== memberId) : [...absent, memberId] });

  return (
    <dialog
      ref={ref}
      className="dialog checkin-dialog"
      aria-labelledby={`${id}-title`}
      onClose={() => onClose(saved.current)}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>{t('today:dialog.title', { family: stay.familyName })}</h2>
        <p className="muted">{t('today:dialog.date', { date: formatDateLong(date, i18n.language) })}</p>
        {future ? (
          <p className="future-warning" role="alert">
            {t('today:future.body', {
              date: formatDateLong(date, i18n.language),
              today: formatDateLong(today, i18n.language),
            })}
          </p>
        ) : null}

        <fieldset className="choice-row">
          <legend>{t('today:dialog.condition')}</legend>
          {CONDITIONS.map((c) => (
            <label key={c} className={`radio condition-choice ${c}`}>
              <input
                type="radio"
                name={`${id}-condition`}
                value={c}
                checked={condition === c}
                onChange={() => change({ condition: c })}
              />
              {t(`enums.condition.${c}`)}
            </label>
          ))}
        </fieldset>

        <Field label={t('today:dialog.kind')}>
          <select value={kind} onChange={(e) => change({ kind: e.target.value as CheckinKind })}>
            {CHECKIN_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`enums.checkinKind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        {stayMove ? (
          <label className="check stay-move">
            <input
              type="checkbox"
              checked={updateStay}
              onChange={(e) => change({ updateStay: e.target.checked })}
            />
            {t(stayMove === 'arrive' ? 'today:dialog.markArrived' : 'today:dialog.markDeparted', {
              date: formatDateLong(date, i18n.language),
            })}
          </label>
        ) : null}

        <fieldset aria-describedby={`${id}-attendance-hint`}>
          <legend>{t('today:dialog.attendance')}</legend>
          {stay.children.length === 0 ? <p className="muted">{t('today:dialog.noChildren')}</p> : null}
          {stay.children.map((c) => (
            <label key={c.memberId} className="check">
              <input
                type="checkbox"
                checked={!absent.includes(c.memberId)}
                onChange={(e) => toggleChild(c.memberId, e.target.checked)}
              />
              {t('today:dialog.attended', { child: c.givenName })}
              {c.schoolName ? (
                <span className="school">{t('today:dialog.school', { school: c.schoolName })}</span>
              ) : null}
            </label>
          ))}
          <p className="field-hint" id={`${id}-attendance-hint`}>
            {t('today:dialog.attendanceHint')}
          </p>
          {errors.attendance ? (
            <p className="field-error" role="alert">
              {errorText('attendance')}
            </p>
          ) : null}
        </fieldset>

        <Field
          label={t('today:dialog.note')}
          hint={t('today:dialog.noteHint', { length: characterCount(note), max: NOTE_MAX })}
          error={errorText('note')}
        >
          <textarea rows={3} value={note} onChange={(e) => change({ note: e.target.value })} />
        </Field>

        <label className="check">
          <input
            type="checkbox"
            checked={followUpNeeded}
            onChange={(e) => change({ followUpNeeded: e.target.checked })}
          />
          {t('today:dialog.followUpNeeded')}
        </label>
        {followUpNeeded ? (
          <Field
            label={t('today:dialog.followUpOn')}
            hint={t('today:dialog.followUpHint')}
            error={errorText('followUpOn')}
          >
            <DateInput value={followUp.date} onChange={(v) => change({ followUp: v })} />
          </Field>
        ) : null}

        {errors.form ? (
          <p className="form-error" role="alert">
            {errorText('form')}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={() => ref.current?.close()}>
            {t('forms.cancel')}
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {saving ? t('today:saving') : future ? t('today:dialog.saveFuture') : t('today:dialog.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
