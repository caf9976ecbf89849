import {
  addCalendarDays,
  type CalendarDate,
  type ClockTime,
  calendarDateInZone,
  isOverdueAt,
} from "@doable/domain";
import { DISPLAY_LOCALE } from "./time-zone";

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per locale and options, reused: creating an Intl.DateTimeFormat costs far more than
 * formatting with it, and a list of 1,000 tasks formats several dates per row.
 */
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

export type DueState = "overdue" | "today" | "soon" | "later";

export interface DueLabel {
  text: string;
  state: DueState;
}

/** What the due rules read of a task: its day, its optional time, and whether it is done. */
export interface DueFields {
  dueDate: CalendarDate;
  dueTime: ClockTime | null;
  completed: boolean;
}

/**
 * A calendar day or a time of day as text. Both are wall-clock readings, not instants: each is
 * formatted as that reading in UTC, so no zone can move it to another day or hour.
 */
function wallClockText(
  day: CalendarDate,
  time: ClockTime | null,
  options: Intl.DateTimeFormatOptions,
): string {
  const instant = new Date(`${day}T${time ?? "00:00"}:00Z`);
  return formatter(DISPLAY_LOCALE, { ...options, timeZone: "UTC" }).format(instant);
}

/** "5:00 PM": a due time as people here read a clock. */
export function formatClockTime(time: ClockTime): string {
  return wallClockText("2000-01-01", time, { hour: "numeric", minute: "2-digit" });
}

/**
 * "Today", "Tomorrow", "Yesterday" or a short date, with the time when there is one, and whether
 * it is overdue: all on the owner's calendar and clock (`timeZone`, the account's zone).
 */
export function describeDue(task: DueFields, now: Date, timeZone: string): DueLabel {
  const today = calendarDateInZone(now, timeZone);
  const tomorrow = addCalendarDays(today, 1);
  const yesterday = addCalendarDays(today, -1);
  const sameYear = task.dueDate.slice(0, 4) === today.slice(0, 4);
  let day = wallClockText(task.dueDate, null, {
    month: "short",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
  });
  if (task.dueDate === today) day = "Today";
  else if (task.dueDate === tomorrow) day = "Tomorrow";
  else if (task.dueDate === yesterday) day = "Yesterday";
  const text = task.dueTime === null ? day : `${day} ${formatClockTime(task.dueTime)}`;

  if (isOverdueAt(task, now, timeZone)) return { text, state: "overdue" };
  if (task.dueDate === today) return { text, state: "today" };
  if (task.dueDate === tomorrow) return { text, state: "soon" };
  return { text, state: "later" };
}

export function formatDateTime(instant: Date, timeZone: string): string {
  return formatter(DISPLAY_LOCALE, {
    timeZone,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(instant);
}
