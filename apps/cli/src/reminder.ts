/**
 * `--remind <when>` (doable add, doable edit) and how a reminder's moment is shown. A reminder is an
 * instant (`remindAt`); what is typed is read on the account's clock (its time zone), never this
 * computer's: either an offset before the task's due time, or a moment of its own.
 */
import {
  type CalendarDate,
  type ClockTime,
  DAY_MS,
  dueDeadline,
  HOUR_MS,
  isCalendarDate,
  isClockTime,
  MINUTE_MS,
} from "@doable/domain";
import { parseQuickAdd } from "@doable/domain/quick-add";
import {
  ALL_DAY_REMINDER_TIME,
  instantInZone,
  reminderAnchor,
  reminderBefore,
} from "@doable/domain/reminder";
import { parseInstant } from "@doable/transfer";

/** What `--remind` was given: an offset before the due time, or a moment. */
export type ReminderWhen =
  | { kind: "offset"; days: number; milliseconds: number }
  | { kind: "moment"; at: Date };

/** Up to this many digits a part of an offset (`9999d`): far past any real use, never past what a Date holds. */
const OFFSET_PART_DIGITS = 4;
const OFFSET_PATTERN = new RegExp(
  `^(?:(\\d{1,${OFFSET_PART_DIGITS}})d)?\\s*(?:(\\d{1,${OFFSET_PART_DIGITS}})h)?\\s*(?:(\\d{1,${OFFSET_PART_DIGITS}})m)?$`,
  "i",
);
/** Words that mean "at the due time". */
const AT_DUE_TIME = new Set(["0", "at"]);
/** `2026-12-03 09:00` or `2026-12-03T09:00`: a day and a time on the account's clock. */
const LOCAL_MOMENT_PATTERN = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/;

export const REMIND_FORMS =
  "'at' or '0' (at the due time), an offset before it like '15m', '1h', '2h30m', '1d', or a moment " +
  "like '2026-12-03 09:00', 'tomorrow 9am', 'friday 17:00'";

/**
 * Reads `--remind`: an offset, a moment on the account's clock (`YYYY-MM-DD HH:MM`, `YYYY-MM-DD`
 * for ALL_DAY_REMINDER_TIME that day, or the words quick add reads: "tomorrow 9am"), or an ISO 8601
 * instant. Null when it is none of these.
 */
export function parseRemindWhen(text: string, timeZone: string, now: Date): ReminderWhen | null {
  const value = text.trim();
  if (value === "") return null;
  if (AT_DUE_TIME.has(value.toLowerCase())) return { kind: "offset", days: 0, milliseconds: 0 };
  const offset = OFFSET_PATTERN.exec(value);
  if (offset && (offset[1] ?? offset[2] ?? offset[3]) !== undefined) {
    const [days, hours, minutes] = [offset[1], offset[2], offset[3]].map((part) => Number(part ?? 0)) as [
      number,
      number,
      number,
    ];
    return { kind: "offset", days, milliseconds: hours * HOUR_MS + minutes * MINUTE_MS };
  }
  // An instant with its offset (a script's `date -Iseconds`) is that instant.
  const instant = parseInstant(value);
  if (instant !== null) return { kind: "moment", at: instant };
  if (isCalendarDate(value)) return moment(value, ALL_DAY_REMINDER_TIME, timeZone);
  const local = LOCAL_MOMENT_PATTERN.exec(value);
  if (local) {
    const [, day, time] = local as unknown as [string, string, string];
    return isCalendarDate(day) && isClockTime(time) ? moment(day, time, timeZone) : null;
  }
  // Words ("tomorrow 9am", "friday"): all of them must be understood as a day or a time.
  const words = parseQuickAdd(value, { now, timeZone });
  const understoodAll =
    words.dueDate !== null &&
    words.title === text.trim().replace(/\s+/g, " ") &&
    words.tags.length === 0 &&
    words.priority === null &&
    words.recurrence === null;
  if (!understoodAll || words.dueDate === null) return null;
  return moment(words.dueDate, words.dueTime ?? ALL_DAY_REMINDER_TIME, timeZone);
}

function moment(day: CalendarDate, time: ClockTime, timeZone: string): ReminderWhen | null {
  const reading = dueDeadline(day, time);
  if (reading === null) return null;
  const at = instantInZone(reading, timeZone);
  return Number.isNaN(at.getTime()) ? null : { kind: "moment", at };
}

/**
 * When an offset reminds of a task due on `dueDate` (at `dueTime`, else at ALL_DAY_REMINDER_TIME),
 * as the web app reckons it (@doable/domain/reminder): days on the account's calendar, hours and
 * minutes as time elapsed before the due moment.
 */
export function remindBeforeDue(
  offset: { days: number; milliseconds: number },
  due: { dueDate: CalendarDate; dueTime: ClockTime | null },
  timeZone: string,
): Date {
  const anchor = reminderAnchor(due.dueDate, due.dueTime, timeZone) as Date;
  return reminderBefore(anchor, offset.days * DAY_MS + offset.milliseconds, timeZone);
}

const reminderFormatters = new Map<string, Intl.DateTimeFormat>();

function reminderFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = reminderFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    reminderFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * A reminder's moment on the account's clock: `Thu 3 Dec 16:45`, with the year when it is not
 * this year there (`Fri 3 Dec 2027 09:00`).
 */
export function formatReminder(at: Date, timeZone: string, now: Date): string {
  const parts = reminderFormatter(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? "";
  const thisYear = reminderFormatter(timeZone)
    .formatToParts(now)
    .find((p) => p.type === "year")?.value;
  const year = part("year") === thisYear ? "" : ` ${part("year")}`;
  return `${part("weekday")} ${part("day")} ${part("month")}${year} ${part("hour")}:${part("minute")}`;
}

/**
 * A task's reminder as a Date, or null: from an answer (a Date) or from a JSON line of
 * `doable ls --watch --json` or an older server's answer (text, or left out).
 */
export function reminderOf(task: { remindAt?: Date | string | null }): Date | null {
  const value = task.remindAt;
  if (value === undefined || value === null) return null;
  const at = value instanceof Date ? value : new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** A reminder still to come: set, ahead of `now`, on a task still open (only those fire). */
export function reminderAhead(
  task: { remindAt?: Date | string | null; completed: boolean },
  now: Date,
): boolean {
  const at = reminderOf(task);
  return at !== null && !task.completed && at.getTime() > now.getTime();
}
