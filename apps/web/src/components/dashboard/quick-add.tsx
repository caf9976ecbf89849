/**
 * Quick add in the New task box (docs/decisions/0044): the words typed read as plain language with
 * the parser `doable add` uses (@doable/domain/quick-add), on the account's clock. Loaded when
 * someone first types in the box, never with the page: chrono-node and rrule stay out of the
 * dashboard's first load.
 */
"use client";

import { calendarDateInZone, DEFAULT_PRIORITY, PRIORITY_LABELS, type Priority } from "@doable/domain";
import { parseQuickAdd, type QuickAdd } from "@doable/domain/quick-add";
import { describeRecurrence, firstOccurrence } from "@doable/domain/recurrence";
import { describeDue } from "~/lib/dates";

export interface QuickAddFields {
  title: string;
  priority: Priority;
  dueDate: string | null;
  dueTime: string | null;
  tags: string[];
  recurrence?: string | null;
}

function read(text: string, timeZone: string): QuickAdd {
  return parseQuickAdd(text, { now: new Date(), timeZone });
}

function understoodAnything(parsed: QuickAdd): boolean {
  return (
    parsed.dueDate !== null ||
    parsed.tags.length > 0 ||
    parsed.priority !== null ||
    parsed.recurrence !== null
  );
}

/** What the box understood, "Understood: “Call mom”, due Tomorrow 5:00 PM, …", or null when only a title. */
export function understood(text: string, timeZone: string): string | null {
  const parsed = read(text, timeZone);
  if (!understoodAnything(parsed)) return null;
  const parts = [`“${parsed.title}”`];
  if (parsed.dueDate !== null) {
    const { dueDate, dueTime } = parsed;
    parts.push(`due ${describeDue({ dueDate, dueTime, completed: false }, new Date(), timeZone).text}`);
  }
  if (parsed.tags.length > 0) parts.push(`tagged ${parsed.tags.map((tag) => `#${tag}`).join(" ")}`);
  if (parsed.priority !== null) parts.push(`${PRIORITY_LABELS[parsed.priority]} priority`);
  if (parsed.recurrence !== null) parts.push(`repeats ${describeRecurrence(parsed.recurrence)}`);
  return `Understood: ${parts.join(", ")}`;
}

/** "Keep the text as typed": offered while something is understood, or while it is ticked. */
export function KeepAsTyped(props: {
  text: string;
  timeZone: string;
  literal: boolean;
  onChange: (literal: boolean) => void;
}) {
  if (!props.literal && understood(props.text, props.timeZone) === null) return null;
  return (
    <label className="quick-add-literal">
      <input
        type="checkbox"
        checked={props.literal}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      Keep the text as typed
    </label>
  );
}

/**
 * The fields to save: what the words say, except where the box's options were set ("More
 * options" wins: a due date chosen there, a priority other than the default); tags from both.
 */
export function applyQuickAdd(text: string, timeZone: string, chosen: QuickAddFields): QuickAddFields {
  const parsed = read(text, timeZone);
  const dated = chosen.dueDate !== null;
  const recurrence = chosen.recurrence ?? parsed.recurrence;
  let dueDate = dated ? chosen.dueDate : parsed.dueDate;
  // A repeat chosen without a day starts on the rule's first day from today.
  if (recurrence !== null && dueDate === null) {
    dueDate = firstOccurrence(recurrence, calendarDateInZone(new Date(), timeZone));
  }
  return {
    title: parsed.title,
    priority: chosen.priority !== DEFAULT_PRIORITY ? chosen.priority : (parsed.priority ?? chosen.priority),
    dueDate,
    // A time picked in the options is kept when the words name none: never dropped unseen (a time
    // without a day is then refused, with what was typed kept).
    dueTime: dated
      ? chosen.dueTime
      : ((dueDate === parsed.dueDate ? parsed.dueTime : null) ?? chosen.dueTime),
    tags: [...new Set([...chosen.tags, ...parsed.tags])],
    recurrence,
  };
}
