"use client";

import { describeRecurrence } from "@doable/domain/recurrence-rule";

/** How a recurring task repeats, in words ("Repeats every Friday"): loaded once a list holds one. */
export default function RepeatBadge({ recurrence }: { recurrence: string }) {
  return <span className="badge repeat">Repeats {describeRecurrence(recurrence)}</span>;
}
