import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { DuplicateCandidate, EventSummary } from '../../../../shared/ipc/views/community-events.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { Field } from '../../lib/forms/Field.tsx';
import { type FieldErrors, FORM, serverErrors } from '../../lib/forms/form-model.ts';
import { useToast } from '../../lib/forms/toast.tsx';
import { useCall } from '../../lib/use-call.ts';
import { DuplicatePanel } from '../supporters/DuplicatePanel.tsx';
import {
  checkSupporter,
  EMPTY_SUPPORTER,
  inputFrom,
  placeField,
  type SupporterValues,
} from '../supporters/form-model.ts';
import { saveSupporterUnlessDuplicate } from '../supporters/save-supporter.ts';
import '../supporters/supporters.css';
import { NewPersonFields } from './NewPersonFields.tsx';

/** A family, someone on the register, or a new person registered on the spot (「新しい人を登録」). */
type Who = 'family' | 'supporter' | 'new';
interface Chosen {
  id: string;
  name: string;
}

/**
 * 申込を登録: a family (then which members come) or a supporter, found by typing part of the name, or a
 * new person: they join the register (connected by this event, from its day) with the register's own
 * likely-duplicate check shown before saving, and the application follows in the same submit. The
 * head count (companions unnamed included); what to do when the event is full.
 */
export function ApplyForm({ event, onAdded }: { event: EventSummary; onAdded: (message: string) => void }) {
  const { t } = useT();
  const toast = useToast();
  const id = useId();
  const [who, setWho] = useState<Who>('family');
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const [headCount, setHeadCount] = useState('');
  const [whenFull, setWhenFull] = useState<'wait' | 'accept'>('wait');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const newPerson = (): SupporterValues => ({
    ...EMPTY_SUPPORTER,
    connections: ['event'],
    firstConnectedOn: event.startsOn,
  });
  const [person, setPerson] = useState<SupporterValues>(newPerson);
  const [candidates, setCandidates] = useState<DuplicateCandidate[] | null>(null);

  const reset = () => {
    setChosen(null);
    setQuery('');
    setMemberIds([]);
    setHeadCount('');
    setErrors({});
    setPerson(newPerson());
    setCandidates(null);
  };

  /**
   * The new person joins the register first. Once saved they are the chosen supporter: should the
   * application then be refused (a head count the core rejects, the event cancelled meanwhile), the
   * retry applies for that record instead of registering the person twice.
   */
  const registerNewPerson = async (notADuplicate: boolean): Promise<Chosen | null> => {
    const invalid = checkSupporter(person);
    if (Object.keys(invalid).length > 0) {
      setErrors(invalid);
      return null;
    }
    try {
      const outcome = await saveSupporterUnlessDuplicate(
        inputFrom(person, undefined, notADuplicate),
        setCandidates,
      );
      if (outcome.candidates) {
        setCandidates(outcome.candidates);
        return null;
      }
      const saved = { id: outcome.saved.id, name: outcome.saved.name };
      setWho('supporter');
      setChosen(saved);
      setCandidates(null);
      return saved;
    } catch (error) {
      setErrors(serverErrors(error, (path) => placeField(path) ?? 'who'));
      return null;
    }
  };

  const submit = async (e: FormEvent | null, notADuplicate = false) => {
    e?.preventDefault();
    if (busy) return;
    const heads = headCount.normalize('NFKC').trim();
    if (heads !== '' && !/^\d+$/.test(heads)) {
      setErrors({ headCount: 'validation.wholeNumber' });
      return;
    }
    if (who === 'new') {
      setBusy(true);
      const saved = await registerNewPerson(notADuplicate);
      setBusy(false);
      if (saved) await apply(saved, 'supporter', heads);
      return;
    }
    if (!chosen) {
      setErrors({ who: 'validation.familyOrSupporter' });
      return;
    }
    await apply(chosen, who, heads);
  };

  const apply = async (chosen: Chosen, who: 'family' | 'supporter', heads: string) => {
    setBusy(true);
    try {
      const result = await call('applications.add', {
        eventId: event.id,
        ...(who === 'family' ? { familyId: chosen.id, memberIds } : { supporterId: chosen.id }),
        ...(heads !== '' ? { headCount: Number(heads) } : {}),
        whenFull,
      });
      const a = result.application;
      const message =
        a.storedStatus === 'waiting'
          ? t('events:apply.addedWaiting', { name: a.name, n: a.waitingPosition ?? 0 })
          : t('events:apply.added', { name: a.name });
      toast({ message });
      onAdded(message);
      reset();
    } catch (error) {
      const fields = new Set(['headCount', 'memberIds']);
      setErrors(
        serverErrors(error, (path) =>
          fields.has(path.split('.')[0] ?? '') ? (path.split('.')[0] ?? null) : 'who',
        ),
      );
    } finally {
      setBusy(false);
    }
  };
  const choose = (c: Chosen) => {
    setChosen(c);
    setErrors({});
  };
  const err = (f: string) => (errors[f] ? t(errors[f]) : undefined);

  return (
    <form className="apply-form card" aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
      <h3 id={`${id}-title`}>{t('events:apply.title')}</h3>
      <fieldset className="segmented-choice">
        <legend>{t('events:apply.who')}</legend>
        {(['family', 'supporter', 'new'] as const).map((w) => (
          <label key={w} className="choice">
            <input
              type="radio"
              name={`${id}-who`}
              checked={who === w}
              onChange={() => {
                setWho(w);
                reset();
              }}
            />
            {t(`events:apply.${w}`)}
          </label>
        ))}
      </fieldset>
      {who === 'new' ? (
        <>
          <NewPersonFields
            values={person}
            onChange={(patch) => {
              setPerson((p) => ({ ...p, ...patch }));
              // What was found belongs to what was typed: a changed name or number asks again.
              setCandidates(null);
            }}
            error={err}
          />
          {err('who') || err(FORM) ? (
            <p className="field-error" role="alert">
              {err('who') ?? err(FORM)}
            </p>
          ) : null}
          {candidates && candidates.length > 0 ? (
            <DuplicatePanel
              candidates={candidates}
              busy={busy}
              // The same person: apply for their record, registering nobody.
              onSame={(c) => {
                setWho('supporter');
                setChosen({ id: c.id, name: c.name });
                setCandidates(null);
                setErrors({});
              }}
              onDifferent={() => void submit(null, true)}
              lead={t('events:apply.duplicateLead')}
            />
          ) : null}
        </>
      ) : chosen ? (
        <p className="chosen">
          <span>{t('events:apply.chosen', { name: chosen.name })}</span>{' '}
          <button type="button" onClick={reset}>
            {t('events:apply.change')}
          </button>
        </p>
      ) : (
        <>
          <Field
            label={t(who === 'family' ? 'events:apply.searchFamily' : 'events:apply.searchSupporter')}
            hint={t('events:apply.searchHint')}
            error={err('who')}
          >
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              autoComplete="off"
            />
          </Field>
          {query.trim() === '' ? null : who === 'family' ? (
            <FamilyMatches query={query} onChoose={choose} />
          ) : (
            <SupporterMatches query={query} onChoose={choose} />
          )}
        </>
      )}
      {who === 'family' && chosen ? (
        <MemberChoice
          familyId={chosen.id}
          chosen={memberIds}
          onChange={setMemberIds}
          error={err('memberIds')}
        />
      ) : null}
      <div className="pair">
        <Field
          label={t('events:apply.headCount')}
          hint={t('events:apply.headCountHint')}
          error={err('headCount')}
        >
          <input
            inputMode="numeric"
            value={headCount}
            placeholder={String(who === 'family' ? memberIds.length || '' : 1)}
            onChange={(e) => setHeadCount(e.target.value)}
          />
        </Field>
        <Field label={t('events:apply.whenFull')}>
          <select value={whenFull} onChange={(e) => setWhenFull(e.target.value as 'wait' | 'accept')}>
            <option value="wait">{t('events:apply.wait')}</option>
            <option value="accept">{t('events:apply.accept')}</option>
          </select>
        </Field>
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {t('events:apply.add')}
      </button>
    </form>
  );
}

/** Search-as-you-type over the families (a button per match). */
function FamilyMatches({ query, onChoose }: { query: string; onChoose: (c: Chosen) => void }) {
  const { t } = useT();
  const list = useCall('families.list', { query, limit: 8 });
  const found = (list.data?.items ?? [])
    .filter((f) => !f.erased)
    .map((f) => ({
      id: f.id,
      name: t('events:apply.familyName', { name: f.familyName }),
      kana: f.familyNameKana,
    }));
  return <Matches found={found} loaded={list.data !== undefined} onChoose={onChoose} />;
}

/** Search-as-you-type over the supporters' register (staff only, as the core checks). */
function SupporterMatches({ query, onChoose }: { query: string; onChoose: (c: Chosen) => void }) {
  const list = useCall('supporters.list', { query, limit: 8 });
  const found = (list.data?.supporters ?? [])
    .filter((s) => !s.erased)
    .map((s) => ({ id: s.id, name: s.name, kana: s.nameKana ?? '' }));
  return <Matches found={found} loaded={list.data !== undefined} onChoose={onChoose} />;
}

function Matches({
  found,
  loaded,
  onChoose,
}: {
  found: { id: string; name: string; kana: string }[];
  loaded: boolean;
  onChoose: (c: Chosen) => void;
}) {
  const { t } = useT();
  if (loaded && found.length === 0) return <p className="muted">{t('events:apply.noMatch')}</p>;
  return (
    <ul className="pick-list">
      {found.map((p) => (
        <li key={p.id}>
          <button
            type="button"
            onClick={() => onChoose({ id: p.id, name: p.name })}
            aria-label={t('events:apply.choose', { name: p.name })}
          >
            {p.name} <span className="muted">{p.kana}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Which of the family's members come: everyone, until unticked. */
function MemberChoice({
  familyId,
  chosen,
  onChange,
  error,
}: {
  familyId: string;
  chosen: string[];
  onChange: (ids: string[]) => void;
  error: string | undefined;
}) {
  const { t } = useT();
  const id = useId();
  const family = useCall('families.get', { id: familyId });
  const members = family.data?.id === familyId ? family.data.members : [];
  // Once per family: a reload (someone else saved something) must not undo the ticks.
  const ticked = useRef<string | null>(null);
  useEffect(() => {
    if (family.data?.id !== familyId || ticked.current === familyId) return;
    ticked.current = familyId;
    onChange(family.data.members.map((m) => m.id));
  }, [family.data, familyId, onChange]);
  if (members.length === 0) return null;
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t('events:apply.members')}</legend>
      {members.map((m) => (
        <label key={m.id} className="choice">
          <input
            type="checkbox"
            checked={chosen.includes(m.id)}
            onChange={(e) =>
              onChange(e.target.checked ? [...chosen, m.id] : chosen.filter((x) => x !== m.id))
            }
          />
          {m.givenName}
        </label>
      ))}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
