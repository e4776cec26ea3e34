import type { ReactNode } from 'react';

/** A titled part of the family page; the heading takes focus when the table of contents jumps to it. */
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
    <section id={id} className="fam-section" aria-labelledby={`${id}-title`}>
      <div className="fam-section-head">
        <h2 id={`${id}-title`} tabIndex={-1}>
          {title}
        </h2>
        {actions ? <div className="fam-section-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
