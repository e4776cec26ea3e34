import type { FamilyStayGlance, FamilySummary } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateShort } from '../../lib/format.ts';

/**
 * Who the family is, in one line: the parents' given names, then the children's with their ages —
 * what tells one 佐藤 from the fifty-three others.
 */
export function FamilyGlance({ family }: { family: FamilySummary }) {
  const { t } = useT();
  if (family.people.length === 0) return <span className="fam-people muted">{t('families:noMembers')}</span>;
  const named = (p: FamilySummary['people'][number]) =>
    p.age === null || p.relation === 'parent'
      ? t('families:noAge', { name: p.givenName })
      : t('families:age', { name: p.givenName, age: p.age });
  const parents = family.people.filter((p) => p.relation === 'parent').map(named);
  const others = family.people.filter((p) => p.relation !== 'parent').map(named);
  const separator = t('families:separator');
  const text = [parents.join(separator), others.join(separator)].filter(Boolean).join(' ／ ');
  return (
    <span className="fam-people" title={text}>
      {text}
    </span>
  );
}

/** The stay that matters now: in town today, else the next one, else the last. */
export function StayGlance({ stay }: { stay: FamilyStayGlance | null }) {
  const { t, i18n } = useT();
  if (!stay) return <span className="muted">{t('families.noStay')}</span>;
  const dates = {
    arrival: formatDateShort(stay.arrival, i18n.language),
    departure: formatDateShort(stay.departure, i18n.language),
  };
  return (
    <span className={`fam-list-stay ${stay.when}`}>
      <span>{t(`families:stay.${stay.when}`, dates)}</span>
      <span className="muted">{t(`enums.programme.${stay.programme}`)}</span>
    </span>
  );
}
