import { calendarDateInZone } from "@doable/domain";
import type { OutboxEntry } from "./outbox";

/**
 * Outbox entries written before due dates became calendar days (docs/decisions/0034) carry `dueAt`:
 * the last millisecond of the chosen day in this browser's zone. Read back, each becomes that day
 * (`dueDate`, no `dueTime`), so a change queued offline across the upgrade is still sent, not
 * refused for a field the server no longer takes.
 */
function upgraded(value: unknown, timeZone: string): unknown {
  if (Array.isArray(value)) return value.map((item) => upgraded(item, timeZone));
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key !== "dueAt") {
      result[key] = upgraded(field, timeZone);
      continue;
    }
    result.dueDate = field instanceof Date ? calendarDateInZone(field, timeZone) : null;
    result.dueTime = null;
  }
  return result;
}

export function withCalendarDueDates<Entry extends OutboxEntry>(entry: Entry, timeZone: string): Entry {
  return upgraded(entry, timeZone) as Entry;
}
