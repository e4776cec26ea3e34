import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import type { ConflictSideView, ConflictView } from '../../../../shared/ipc/views.ts';
import { LABELLED_BY_FAMILY_NAME } from '../../../../shared/records/registry.ts';
import { formatPhone } from '../../../../shared/text/contact.ts';
import { useProfile } from '../../app/profile-context.ts';
import { type T, useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { Field } from '../../lib/forms/Field.tsx';
import { useToast } from '../../lib/forms/toast.tsx';
import { useCall } from '../../lib/use-call.ts';
import { columnText, formatInstant, tableText } from './sync-format.ts';
import './sync.css';

type Values = ConflictView['current'];

const FAMILY_TABLES: ReadonlySet<string> = new Set(LABELLED_BY_FAMILY_NAME);

/** A stored value as people read it: labels for codes, dates as dates, 「（空欄）」 for nothing. */
function valueText(t: T, locale: string, table: string, column: string, value: unknown): string {
  if (column === 'deleted_at') return value ? t('sync:conflicts.deleted') : t('sync:conflicts.notDeleted');
  if (value === null || value === undefined || value === '') return t('sync:conflicts.empty');
  const text = String(value);
  if (column === 'programme') return t(`enums.programme.${text}`, { defaultValue: text });
  if (column === 'relation') return t(`families:relation.${text}`, { defaultValue: text });
  if (table === 'stay' && column === 'status') return t(`enums.stayStatus.${text}`, { defaultValue: text });
  if (column.startsWith('consent_') || column === 'follow_up_needed')
    return value ? t('sync:conflicts.yes') : t('sync:conflicts.no');
  if (column === 'phone' || column.endsWith('_phone')) return formatPhone(text);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDateWithYear(text, locale);
  return text;
}

/** 競合の確認: every open conflict, both values side by side, settled by a person. */
export function ConflictsPage() {
  const { t } = useT();
  const list = useCall('sync.conflicts', { includeResolved: false });
  const items = list.data ?? [];
  return (
    <section className="page sync-page conflicts-page">
      <p>
        <Link to="/sync">{t('sync:conflicts.back')}</Link>
      </p>
      <h1>{t('sync:conflicts.title')}</h1>
      <p className="lead">{t('sync:conflicts.lead')}</p>
      {list.error ? (
        <p role="alert" className="form-error">
          {errorText(t, list.error)}
        </p>
      ) : !list.data ? (
        <p className="muted">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <div className="empty-state">
          <p>{t('sync:conflicts.none')}</p>
        </div>
      ) : (
        <ul className="conflict-list">
          {items.map((c) => (
            <li key={c.id}>
              <ConflictCard conflict={c} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ConflictCard({ conflict: c }: { conflict: ConflictView }) {
  const { t, i18n } = useT();
  const { profile } = useProfile();
  const toast = useToast();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(c.columns.map((col) => [col, c.current[col] == null ? '' : String(c.current[col])])),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const locale = i18n.language;
  const deleted = c.kind === 'edit_vs_delete';

  const name = c.recordLabel
    ? FAMILY_TABLES.has(c.table)
      ? t('families:detail.familyOf', { name: c.recordLabel })
      : c.recordLabel
    : t('sync:conflicts.unnamed');
  const who = (side: ConflictSideView) =>
    side.authorDevice === profile.deviceId
      ? t('sync:conflicts.thisDevice', { name: profile.displayName })
      : side.authorDevice
        ? t('sync:conflicts.otherDevice', { id: side.authorDevice.slice(-4) })
        : t('sync:conflicts.unknownDevice');

  const resolve = async (choice: 'keep' | 'restore' | 'edit', values?: Values) => {
    setBusy(true);
    setError(null);
    try {
      await call('sync.resolve', { id: c.id, choice, ...(values ? { values } : {}) });
      // The list reads again (data changed) and this card leaves it.
      toast({ message: t('sync:conflicts.resolved', { label: name }) });
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  const submitEdit = (e: FormEvent) => {
    e.preventDefault();
    const values: Values = {};
    for (const col of c.columns) values[col] = draft[col]?.trim() ? (draft[col] ?? '').trim() : null;
    void resolve('edit', values);
  };

  /** The columns a side shows: the conflict's own, or for an edit of a deleted record, what was edited. */
  const columnsOf = (values: Values) => {
    if (!deleted) return c.columns;
    const edited = Object.keys(values).filter((k) => k !== 'deleted_at');
    return edited.length > 0 ? edited : c.columns;
  };
  const valueList = (values: Values, columns: string[]) => (
    <dl className="conflict-values">
      {columns.map((col) => (
        <div key={col}>
          <dt>{columnText(t, c.table, col)}</dt>
          <dd>{valueText(t, locale, c.table, col, values[col])}</dd>
        </div>
      ))}
    </dl>
  );

  return (
    <article className="conflict-card" aria-labelledby={`${id}-title`} data-conflict-id={c.id}>
      <h2 id={`${id}-title`}>{t('sync:conflicts.heading', { label: name, table: tableText(t, c.table) })}</h2>
      <p className="conflict-meta">
        {t('sync:conflicts.fields', {
          fields: c.columns.map((col) => columnText(t, c.table, col)).join('、'),
        })}
        ・{t('sync:conflicts.openedAt', { at: formatInstant(c.createdAt, locale) })}
        {c.table === 'family' && !deleted ? (
          <>
            ・<Link to={`/families/${c.rowId}`}>{t('sync:conflicts.openRecord')}</Link>
          </>
        ) : null}
      </p>
      {deleted ? (
        <p className="conflict-kind">
          <strong>{t('sync:conflicts.editVsDelete')}</strong>
          {t('sync:conflicts.editVsDeleteBody')}
        </p>
      ) : null}
      <div className="conflict-sides">
        <section className="conflict-side current" aria-labelledby={`${id}-current`}>
          <h3 id={`${id}-current`}>{t('sync:conflicts.current')}</h3>
          {valueList(c.current, c.columns)}
          <button type="button" onClick={() => resolve('keep')} disabled={busy}>
            {deleted ? t('sync:conflicts.keepDeleted') : t('sync:conflicts.keep')}
          </button>
        </section>
        <section className="conflict-side lost" aria-labelledby={`${id}-lost`}>
          <h3 id={`${id}-lost`}>{t('sync:conflicts.lost')}</h3>
          {valueList(c.lost.values, columnsOf(c.lost.values))}
          <p className="conflict-by">
            {t('sync:conflicts.by', { at: formatInstant(c.lost.at, locale), who: who(c.lost) })}
          </p>
          <button type="button" className="primary" onClick={() => resolve('restore')} disabled={busy}>
            {deleted ? t('sync:conflicts.restoreRecord') : t('sync:conflicts.restore')}
          </button>
        </section>
        <section className="conflict-side won" aria-labelledby={`${id}-won`}>
          <h3 id={`${id}-won`}>{t('sync:conflicts.won')}</h3>
          {valueList(c.won.values, deleted ? c.columns : columnsOf(c.won.values))}
          <p className="conflict-by">
            {t('sync:conflicts.by', { at: formatInstant(c.won.at, locale), who: who(c.won) })}
          </p>
        </section>
      </div>
      {deleted ? null : editing ? (
        <form className="conflict-edit" onSubmit={submitEdit}>
          <fieldset>
            <legend>{t('sync:conflicts.editLegend')}</legend>
            {c.columns.map((col) => (
              <Field key={col} label={columnText(t, c.table, col)}>
                <input
                  value={draft[col] ?? ''}
                  onChange={(e) => setDraft((d) => ({ ...d, [col]: e.target.value }))}
                  autoComplete="off"
                />
              </Field>
            ))}
          </fieldset>
          <div className="inline">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('sync:conflicts.resolving') : t('sync:conflicts.saveEdit')}
            </button>
            <button type="button" onClick={() => setEditing(false)} disabled={busy}>
              {t('sync:conflicts.cancelEdit')}
            </button>
          </div>
        </form>
      ) : (
        <div className="conflict-actions">
          <button type="button" onClick={() => setEditing(true)} disabled={busy}>
            {t('sync:conflicts.edit')}
          </button>
        </div>
      )}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </article>
  );
}
