import { TASK_IDS_MAX } from "@doable/domain";

/**
 * The tasks chosen for a bulk action (issue 14 item 8). One action sends at most TASK_IDS_MAX ids,
 * the server's limit for one call, so no more can be chosen at once: "Select all" chooses the
 * first that many shown, and a box ticked beyond it stays unticked (the toolbar says why).
 */
export const CHOSEN_MAX = TASK_IDS_MAX;

/** The choice with `id` added or taken out; unchanged when adding would go past `max`. */
export function withChoice(
  chosen: ReadonlySet<string>,
  id: string,
  selected: boolean,
  max = CHOSEN_MAX,
): ReadonlySet<string> {
  if (selected === chosen.has(id)) return chosen;
  if (selected && chosen.size >= max) return chosen;
  const next = new Set(chosen);
  if (selected) next.add(id);
  else next.delete(id);
  return next;
}

/** "Select all": the first `max` of the tasks that can be chosen, in the list's order. */
export function allChoosable(choosableIds: readonly string[], max = CHOSEN_MAX): ReadonlySet<string> {
  return new Set(choosableIds.slice(0, max));
}

/** Whether as many are chosen as can be: every task shown, or the most one action takes. */
export function allChosen(chosenCount: number, choosableCount: number, max = CHOSEN_MAX): boolean {
  return chosenCount > 0 && chosenCount === Math.min(choosableCount, max);
}
