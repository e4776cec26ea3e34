/**
 * A labelled progress bar on the native <progress> (role progressbar, value announced). Without a
 * value it shows as indeterminate: bytes are moving but the total is not known yet.
 */
export function ProgressBar({
  value,
  label,
  className,
  testId,
}: {
  /** 0–100, or null when unknown. */
  value: number | null;
  label: string;
  className?: string;
  testId?: string;
}) {
  return (
    <progress
      className={`att-progress${className ? ` ${className}` : ''}`}
      max={100}
      {...(value === null ? {} : { value })}
      aria-label={label}
      data-testid={testId}
    />
  );
}
