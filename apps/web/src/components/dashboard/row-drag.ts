/**
 * Dragging a task's row by its handle to a new place in the manual order (ADR 0046), with a mouse,
 * a finger or a pen (Pointer Events, so touch screens work where HTML drag and drop does not).
 * While dragging, a line shows where the row would land (a class on the row below that place, or
 * on the last row); nothing re-renders until the drop. Esc, or letting go where it started, cancels.
 */

const DROP_BEFORE_CLASS = "drop-before";
const DROP_AFTER_CLASS = "drop-after";
const DRAGGING_CLASS = "task-dragging";

/** `row` and its siblings: where it can go, among the rows of its list as they are now. */
function siblingRows(row: HTMLElement): HTMLElement[] {
  const list = row.parentElement;
  return list ? [...list.children].filter((child): child is HTMLElement => child instanceof HTMLElement) : [];
}

/** How many of the other rows lie above pointer height `y` (by their middles): the drop's index among them. */
function dropIndexAt(others: readonly HTMLElement[], y: number): number {
  let index = 0;
  for (const other of others) {
    const box = other.getBoundingClientRect();
    if (y > box.top + box.height / 2) index += 1;
  }
  return index;
}

function markDrop(others: readonly HTMLElement[], index: number): void {
  others.forEach((other, at) => {
    other.classList.toggle(DROP_BEFORE_CLASS, at === index);
    other.classList.toggle(DROP_AFTER_CLASS, index === others.length && at === others.length - 1);
  });
}

/** Where a dragged row was let go: the ids of the rows it lands between (null at an end). */
export interface DropPlace {
  after: string | null;
  before: string | null;
}

/**
 * Follows the pointer from a press on `handle` (in a row of the list) until it is let go, then
 * calls `onDrop` with the rows it lands between, unless it would stay where it was. Named by id,
 * so a change arriving during the drag (another device's) cannot put it somewhere else.
 */
export function startRowDrag(
  event: PointerEvent,
  handle: HTMLElement,
  onDrop: (place: DropPlace) => void,
): void {
  const row = handle.closest<HTMLElement>("li");
  if (!row || event.button !== 0) return;
  event.preventDefault();
  const others = siblingRows(row).filter((other) => other !== row);
  const startIndex = siblingRows(row).indexOf(row);
  let index = startIndex;
  try {
    handle.setPointerCapture(event.pointerId);
  } catch {
    // Let go already (the drag's code was still loading): there is nothing to follow.
    return;
  }
  row.classList.add(DRAGGING_CLASS);

  const move = (moved: PointerEvent): void => {
    index = dropIndexAt(others, moved.clientY);
    markDrop(others, index === startIndex ? -1 : index);
  };
  let finished = false;
  const finish = (drop: boolean): void => {
    if (finished) return;
    finished = true;
    handle.removeEventListener("pointermove", move);
    handle.removeEventListener("pointerup", up);
    handle.removeEventListener("pointercancel", cancel);
    handle.removeEventListener("lostpointercapture", cancel);
    document.removeEventListener("keydown", cancelOnEscape, true);
    row.classList.remove(DRAGGING_CLASS);
    markDrop(others, -1);
    if (drop && index !== startIndex) {
      onDrop({
        after: others[index - 1]?.dataset.taskId ?? null,
        before: others[index]?.dataset.taskId ?? null,
      });
    }
  };
  const up = (): void => finish(true);
  const cancel = (): void => finish(false);
  const cancelOnEscape = (key: KeyboardEvent): void => {
    if (key.key !== "Escape") return;
    key.preventDefault();
    key.stopPropagation();
    finish(false);
  };
  handle.addEventListener("pointermove", move);
  handle.addEventListener("pointerup", up);
  handle.addEventListener("pointercancel", cancel);
  // The row went away mid-drag (deleted elsewhere), or the browser took the pointer back.
  handle.addEventListener("lostpointercapture", cancel);
  document.addEventListener("keydown", cancelOnEscape, true);
}
