import type { BoardStay } from '../../../../shared/ipc/views.ts';
import type { CardLabels } from './card-labels.ts';

/**
 * 詳しく記録 and 良好で記録 for one family: the same buttons, classes and keys on a card and on a line of
 * the list view (the keyboard round and the tests treat both alike). `showKeys` adds the key hints the
 * roomier card has space for.
 */
export function RecordButtons({
  stay,
  active,
  pending,
  labels,
  showKeys,
  onRecordGood,
  onRecordDetail,
}: {
  stay: BoardStay;
  active: boolean;
  pending: boolean;
  labels: CardLabels;
  showKeys: boolean;
  onRecordGood: (stay: BoardStay) => void;
  onRecordDetail: (stay: BoardStay) => void;
}) {
  const family = stay.familyName;
  return (
    <>
      <button
        type="button"
        className="small record-detail"
        aria-keyshortcuts={active ? 'd' : undefined}
        onClick={() => onRecordDetail(stay)}
      >
        {/* The family in hidden text, not aria-label: the accessible name must contain the visible text. */}
        <span className="visually-hidden">{labels.forFamily({ family })}</span>
        {labels.recordDetail}
        {showKeys && active ? <kbd>d</kbd> : null}
      </button>
      <button
        type="button"
        className="primary small record-good"
        aria-keyshortcuts={active ? 'g' : undefined}
        // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
        aria-disabled={pending || undefined}
        onClick={() => {
          if (!pending) onRecordGood(stay);
        }}
      >
        <span className="visually-hidden">{labels.forFamily({ family })}</span>
        {pending ? labels.saving : labels.recordGood}
        {showKeys && active && !pending ? <kbd>g</kbd> : null}
      </button>
    </>
  );
}
