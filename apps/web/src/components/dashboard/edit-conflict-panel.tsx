"use client";

import { PRIORITY_LABELS } from "@doable/domain";
import { useId } from "react";
import { describeDue, formatClockTime, formatDateTime } from "~/lib/dates";
import type { EditableField, FieldConflict } from "./edit-conflict";
import type { EditConflict } from "./use-task-writes";

const FIELD_LABELS: Readonly<Record<EditableField, string>> = {
  title: "Title",
  description: "Description",
  priority: "Priority",
  dueDate: "Due date",
  dueTime: "Due time",
  tags: "Tags",
  /** Shown as the rule itself (FREQ=…): the words for it load with the Repeat control. */
  recurrence: "Repeat",
  remindAt: "Reminder",
};

function shownValue(conflict: FieldConflict, value: FieldConflict["mine"], timeZone: string): string {
  if (value === null || (Array.isArray(value) && value.length === 0) || value === "") return "none";
  switch (conflict.field) {
    case "priority":
      return PRIORITY_LABELS[value as keyof typeof PRIORITY_LABELS];
    case "dueDate":
      return describeDue({ dueDate: value as string, dueTime: null, completed: false }, new Date(), timeZone)
        .text;
    case "dueTime":
      return formatClockTime(value as string);
    case "tags":
      return (value as string[]).map((tag) => `#${tag}`).join(" ");
    case "remindAt":
      return formatDateTime(value as Date, timeZone);
    default:
      return `“${String(value)}”`;
  }
}

/**
 * A save that met a change made elsewhere to the same fields: both values side by side, and the
 * person picks. Nothing was overwritten; the list already shows the other version.
 */
export function EditConflictPanel({ conflict, timeZone }: { conflict: EditConflict; timeZone: string }) {
  const id = useId();
  return (
    <section role="alert" aria-labelledby={`${id}-title`} className="alert notice conflict">
      <p id={`${id}-title`}>
        “{conflict.task.title}” was changed elsewhere while you were editing it. Your changes are not saved
        yet.
      </p>
      <dl>
        {conflict.conflicts.map((one) => (
          <div key={one.field}>
            <dt>{FIELD_LABELS[one.field]}</dt>
            <dd>
              Yours: {shownValue(one, one.mine, timeZone)} · Now: {shownValue(one, one.theirs, timeZone)}
            </dd>
          </div>
        ))}
      </dl>
      <span className="row">
        <button type="button" onClick={conflict.keepMine}>
          Keep my changes
        </button>
        <button type="button" className="secondary" onClick={conflict.keepTheirs}>
          Keep the other changes
        </button>
      </span>
    </section>
  );
}
