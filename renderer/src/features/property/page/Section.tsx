import type { ReactNode } from 'react';

/** A titled part of the property page. */
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
    <section id={id} className="prop-section" aria-labelledby={`${id}-title`}>
      <div className="prop-section-head">
        <h2 id={`${id}-title`} tabIndex={-1}>
          {title}
        </h2>
        {actions ? <div className="prop-section-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
