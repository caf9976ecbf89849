import { calendarDateInZone, DAY_MS } from "@doable/domain";
import { DISPLAY_LOCALE } from "./time-zone";

const END_OF_DAY = { hour: 23, minute: 59, second: 59, millisecond: 999 } as const;

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

/** `YYYY-MM-DD` of an instant as seen in `timeZone` (the value of an <input type="date">). */
export const dateInputValue = calendarDateInZone;

/** How far `timeZone` is ahead of UTC at `instant`, in milliseconds. */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = formatter("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * A due date picked as a calendar day means "by the end of that day" where the user is, so it
 * becomes overdue only once that day is over.
 */
export function endOfDayInZone(dateValue: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateValue);
  if (!match) return null;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const wallClock = Date.UTC(
    year,
    month - 1,
    day,
    END_OF_DAY.hour,
    END_OF_DAY.minute,
    END_OF_DAY.second,
    END_OF_DAY.millisecond,
  );
  // Two passes settle the offset even when the day has a daylight-saving change.
  let instant = wallClock - zoneOffsetMs(new Date(wallClock), timeZone);
  instant = wallClock - zoneOffsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

export type DueState = "overdue" | "today" | "soon" | "later";

export interface DueLabel {
  text: string;
  state: DueState;
}

/**
 * The calendar day `days` after `day` (`YYYY-MM-DD`), counted on the calendar: a 23- or 25-hour
 * day (daylight saving) can neither skip nor repeat a day, as adding 24 hours to an instant can.
 */
function addCalendarDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** "Today", "Tomorrow", "Yesterday" or a short date, and whether it is overdue. */
export function describeDue(dueAt: Date, completed: boolean, now: Date, timeZone: string): DueLabel {
  const dueDay = dateInputValue(dueAt, timeZone);
  const today = dateInputValue(now, timeZone);
  const tomorrow = addCalendarDays(today, 1);
  const yesterday = addCalendarDays(today, -1);
  const sameYear = dueDay.slice(0, 4) === today.slice(0, 4);
  let text = formatter(DISPLAY_LOCALE, {
    timeZone,
    month: "short",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(dueAt);
  if (dueDay === today) text = "Today";
  else if (dueDay === tomorrow) text = "Tomorrow";
  else if (dueDay === yesterday) text = "Yesterday";

  if (!completed && dueAt.getTime() < now.getTime()) return { text, state: "overdue" };
  if (dueDay === today) return { text, state: "today" };
  if (dueDay === tomorrow) return { text, state: "soon" };
  return { text, state: "later" };
}

export function formatDateTime(instant: Date, timeZone: string): string {
  return formatter(DISPLAY_LOCALE, {
    timeZone,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(instant);
}
