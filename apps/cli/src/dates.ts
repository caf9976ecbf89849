import type { DueFields } from "@doable/transfer";

/** `2026-12-01`, `2026-12-01 17:00`, or "-" without a due date: exactly what is stored. */
export function formatDue(due: DueFields): string {
  if (due.dueDate === null) return "-";
  return due.dueTime === null ? due.dueDate : `${due.dueDate} ${due.dueTime}`;
}
