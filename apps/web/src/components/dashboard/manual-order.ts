import { positionBetween } from "@doable/domain";
import type { Task } from "./types";
import type { MoveTarget, RowPlace } from "./task-item";
import type { TaskWrite } from "./task-write";

/** Which way the row at `index` of `count` can move. */
export function rowPlace(index: number, count: number): RowPlace {
  if (count === 1) return "only";
  if (index === 0) return "first";
  return index === count - 1 ? "last" : "middle";
}

type Move = Pick<Extract<TaskWrite, { kind: "move" }>, "input" | "position">;

/**
 * The move that puts task `id` of the list shown (`tasks`, in manual order) at `to`: its new
 * neighbours there as anchors (ADR 0046), and its key between theirs to show until the server
 * answers; null when it would not move. Past the last loaded row, "after it" is still right: the
 * next page starts after it.
 */
export function plannedMove(tasks: readonly Task[], id: string, to: MoveTarget): Move | null {
  const from = tasks.findIndex((task) => task.id === id);
  if (from === -1) return null;
  const others = tasks.filter((task) => task.id !== id);
  const index = to === "up" ? from - 1 : to === "down" ? from + 1 : to;
  if (index < 0 || index > others.length || index === from) return null;
  const after = others[index - 1] ?? null;
  const before = others[index] ?? null;
  if (!after && !before) return null;
  const lower = after?.position ?? null;
  const upper = before?.position ?? null;
  // Tied neighbours (or one not saved yet) leave no key between them: the server's answer places it.
  const position = lower !== null && upper !== null && lower >= upper ? upper : positionBetween(lower, upper);
  return {
    input: { id, ...(after ? { afterId: after.id } : {}), ...(before ? { beforeId: before.id } : {}) },
    position,
  };
}
