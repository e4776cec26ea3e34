import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CHECKIN_KINDS,
  type CheckinKind,
  CONDITIONS,
  type Condition,
} from '../../../../shared/domain/enums.ts';
import { NOTE_MAX } from '../../../../shared/domain/records.ts';
import type { BoardStay } from '../../../../shared/ipc/views.ts';
import { characterCount } from '../../../../shared/text/valid-text.ts';
import { ApiError, call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateLong } from '../../lib/format.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';

type Errors = Partial<Record<'note' | 'followUpOn' | 'attendance' | 'form', string>>;

/** The kind a coordinator most likely means on this day of the stay. */
function likelyKind(stay: BoardStay, date: string): CheckinKind {
  if (stay.arrival === date) return 'arrival';
  if (stay.departure === date) return 'departure';
  return 'daily';
}

/** Which of our fields a core error is about (`attendance.2.memberId` → attendance). */
function errorField(field: string | undefined): keyof Errors {
  const head = field?.split('.')[0];
  return head === 'note' || head === 'followUpOn' || head === 'attendance' ? head : 'form';
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
  const { t, i18n } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [condition, setCondition] = useState<Condition>('good');
  const [kind, setKind] = useState<CheckinKind>(() => likelyKind(stay, date));
  const [absent, setAbsent] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState('');
  const [followUpNeeded, setFollowUpNeeded] = useState(false);
  const [followUp, setFollowUp] = useState<{ date: string | null; error: string | null }>({
    date: null,
    error: null,
  });
  // On by default when it applies: the arrival check-in is usually the moment the family has arrived.
  const [updateStay, setUpdateStay] = useState(true);
  const stayMove =
    kind === 'arrival' && stay.status === 'planned'
      ? 'arrive'
      : kind === 'departure' && stay.status === 'in_town'
        ? 'depart'
        : null;
  const future = date > today;
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const saved = useRef(false);

  useEffect(() => {
    ref.current?.showModal();
  }, []);
  // A refused save puts the focus on the first field to correct.
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals > 0) ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);

  const validate = (): Errors => {
    const found: Errors = {};
    if (characterCount(note) > NOTE_MAX)
      found.note = t('board.dialog.noteTooLong', { max: NOTE_MAX, length: characterCount(note) });
    if (followUpNeeded && followUp.error) found.followUpOn = t(followUp.error);
    else if (followUpNeeded && followUp.date && followUp.date < date)
      found.followUpOn = t('validation.followUpBeforeDate');
    return found;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setRefusals((n) => n + 1);
      return;
    }
    if (saving) return;
    setSaving(true);
    try {
      await call('checkins.record', {
        stayId: stay.stayId,
        date,
        kind,
        condition,
        note,
        followUpNeeded,
        followUpOn: followUpNeeded ? followUp.date : null,
        attendance: stay.children.map((c) => ({ memberId: c.memberId, attended: !absent.has(c.memberId) })),
        updateStay: stayMove !== null && updateStay,
      });
      saved.current = true;
      ref.current?.close();
    } catch (err) {
      setSaving(false);
      setErrors({ [errorField(err instanceof ApiError ? err.field : undefined)]: errorText(t, err) });
      setRefusals((n) => n + 1);
    }
  };

  const toggleChild = (memberId: string, attended: boolean) =>
    setAbsent((prev) => {
      const next = new Set(prev);
      if (attended) next.delete(memberId);
      else next.add(memberId);
      return next;
    });

  return (
    <dialog
      ref={ref}
      className="dialog checkin-dialog"
      aria-labelledby={`${id}-title`}
      onClose={() => onClose(saved.current)}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>{t('board.dialog.title', { family: stay.familyName })}</h2>
        <p className="muted">{t('board.dialog.date', { date: formatDateLong(date, i18n.language) })}</p>
        {future ? (
          <p className="future-warning" role="alert">
            {t('board.future.body', {
              date: formatDateLong(date, i18n.language),
              today: formatDateLong(today, i18n.language),
            })}
          </p>
        ) : null}

        <fieldset className="choice-row">
          <legend>{t('board.dialog.condition')}</legend>
          {CONDITIONS.map((c) => (
            <label key={c} className={`radio condition-choice ${c}`}>
              <input
                type="radio"
                name={`${id}-condition`}
                value={c}
                checked={condition === c}
                onChange={() => setCondition(c)}
              />
              {t(`enums.condition.${c}`)}
            </label>
          ))}
        </fieldset>

        <Field label={t('board.dialog.kind')}>
          <select value={kind} onChange={(e) => setKind(e.target.value as CheckinKind)}>
            {CHECKIN_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`enums.checkinKind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        {stayMove ? (
          <label className="check stay-move">
            <input type="checkbox" checked={updateStay} onChange={(e) => setUpdateStay(e.target.checked)} />
            {t(stayMove === 'arrive' ? 'board.dialog.markArrived' : 'board.dialog.markDeparted', {
              date: formatDateLong(date, i18n.language),
            })}
          </label>
        ) : null}

        <fieldset aria-describedby={`${id}-attendance-hint`}>
          <legend>{t('board.dialog.attendance')}</legend>
          {stay.children.length === 0 ? <p className="muted">{t('board.dialog.noChildren')}</p> : null}
          {stay.children.map((c) => (
            <label key={c.memberId} className="check">
              <input
                type="checkbox"
                checked={!absent.has(c.memberId)}
                onChange={(e) => toggleChild(c.memberId, e.target.checked)}
              />
              {t('board.dialog.attended', { child: c.givenName })}
              {c.schoolName ? (
                <span className="school">{t('board.dialog.school', { school: c.schoolName })}</span>
              ) : null}
            </label>
          ))}
          <p className="field-hint" id={`${id}-attendance-hint`}>
            {t('board.dialog.attendanceHint')}
          </p>
          {errors.attendance ? (
            <p className="field-error" role="alert">
              {errors.attendance}
            </p>
          ) : null}
        </fieldset>

        <Field
          label={t('board.dialog.note')}
          hint={t('board.dialog.noteHint', { length: characterCount(note), max: NOTE_MAX })}
          error={errors.note}
        >
          <textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>

        <label className="check">
          <input
            type="checkbox"
            checked={followUpNeeded}
            onChange={(e) => setFollowUpNeeded(e.target.checked)}
          />
          {t('board.dialog.followUpNeeded')}
        </label>
        {followUpNeeded ? (
          <Field
            label={t('board.dialog.followUpOn')}
            hint={t('board.dialog.followUpHint')}
            error={errors.followUpOn}
          >
            <DateInput value={followUp.date} onChange={setFollowUp} />
          </Field>
        ) : null}

        {errors.form ? (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={() => ref.current?.close()}>
            {t('forms.cancel')}
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {saving ? t('board.saving') : future ? t('board.dialog.saveFuture') : t('board.dialog.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
