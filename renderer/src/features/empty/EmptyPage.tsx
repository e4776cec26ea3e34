import { useT } from '../../i18n/use-t.ts';

/** A section whose feature arrives in a later update: say so plainly instead of showing a blank page. */
export function EmptyPage({ section }: { section: 'akiya' | 'inspections' | 'events' | 'reports' | 'sync' }) {
  const { t } = useT();
  return (
    <section className="page">
      <h1>{t(`nav.${section}`)}</h1>
      <div className="empty-state">
        <h2>{t(`empty.${section}.title`)}</h2>
        <p>{t(`empty.${section}.body`)}</p>
      </div>
    </section>
  );
}
