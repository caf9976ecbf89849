import { positionBetween } from "@doable/domain";
import type { MoveTarget } from "./task-item";
import type { TaskWrite } from "./task-write";
import type { Task } from "./types";

type Move = Pick<Extract<TaskWrite, { kind: "move" }>, "input" | "position">;

/** The tasks a move lands between, as the list shows them now. */
function neighboursAt(tasks: readonly Task[], id: string, to: MoveTarget): [Task | null, Task | null] | null {
  if (typeof to === "object") {
    const find = (other: string | null) => tasks.find((task) => task.id === other) ?? null;
    return [find(to.after), find(to.before)];
  }
  const from = tasks.findIndex((task) => task.id === id);
  if (from === -1) return null;
  const others = tasks.filter((task) => task.id !== id);
  const index = to === "up" ? from - 1 : from + 1;
  if (index < 0 || index > others.length) return null;
  return [others[index - 1] ?? null, others[index] ?? null];
}

/**
 * The key to show the moved task at until the server answers, by the server's rule (ADR 0046):
 * right after `after`, or, without room there (tied neighbours), right before `before`. A task not
 * keyed yet (`""`, just added) has no room before it: shown tied, the server places it.
 */
function shownPosition(tasks: readonly Task[], id: string, after: Task | null, before: Task | null): string {
  const lower = after?.position || null;
  const upper = before ? before.position : null;
  if (upper === "") return "";
  if (lower === null || upper === null || lower < upper) return positionBetween(lower, upper);
  const below = tasks
    .filter((task) => task.id !== id && task.position !== "" && task.position < upper)
    .reduce<string | null>(
      (nearest, task) => (nearest === null || task.position > nearest ? task.position : nearest),
      null,
    );
  return positionBetween(below, upper);
}

/**
 * The move that puts task `id` of the list shown (`tasks`, in manual order) at `to`: its new
 * neighbours there as anchors, and the key to show it at; null when it would not move. Tasks not
 * saved yet (`saved` false) are not anchors: the server does not know them. Past the last loaded
 * row, "after it" is still right: the next page starts after it.
 */
export function plannedMove(
  tasks: readonly Task[],
  id: string,
  to: MoveTarget,
  saved: (taskId: string) => boolean = () => true,
): Move | null {
  const neighbours = neighboursAt(tasks, id, to);
  if (!neighbours) return null;
  const [after, before] = neighbours.map((task) =>
    task && task.id !== id && saved(task.id) ? task : null,
  ) as [Task | null, Task | null];
  if (!after && !before) return null;
  return {
    input: { id, ...(after ? { afterId: after.id } : {}), ...(before ? { beforeId: before.id } : {}) },
    position: shownPosition(tasks, id, after, before),
  };
}

/** What the list says after a move, for those who cannot see the row go. */
export function moveNote(tasks: readonly Task[], id: string, move: Move): string {
  const title = tasks.find((task) => task.id === id)?.title ?? "";
  const anchor = tasks.find((task) => task.id === (move.input.afterId ?? move.input.beforeId));
  return `Moved “${title}” ${move.input.afterId ? "below" : "above"} “${anchor?.title ?? ""}”.`;
}

/**
 * The row's DOM node moves, and the browser drops focus from it: puts focus back where it was
 * (`focused`, before the move), or on the other move button once that one is disabled at an end
 * of the list.
 */
export function keepFocusAfterMove(focused: Element | null): void {
  requestAnimationFrame(() => {
    if (!(focused instanceof HTMLElement) || !focused.isConnected) return;
    const disabled = focused instanceof HTMLButtonElement && focused.disabled;
    const other = focused.parentElement?.querySelector<HTMLButtonElement>(".move-button:not(:disabled)");
    (disabled ? other : focused)?.focus();
  });
}
