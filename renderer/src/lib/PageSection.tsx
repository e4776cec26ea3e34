import type { ReactNode } from 'react';

/**
 * A titled part of a record's page (a family, a property); the heading takes focus when the page's
 * table of contents jumps to it. Styled by `.page-section` in styles.css.
 */
export function Section({
  id,
  title,
  actions,
  children,
}: {
  id: string;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section id={id} className="page-section" aria-labelledby={`${id}-title`}>
      <div className="page-section-head">
        <h2 id={`${id}-title`} tabIndex={-1}>
          {title}
        </h2>
        {actions ? <div className="page-section-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
