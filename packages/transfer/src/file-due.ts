/**
 * Due dates in files: calendar days (`YYYY-MM-DD`), the same day wherever they are read, with an
 * optional time (`HH:MM`) on the account's clock (docs/decisions/0034), or an instant as earlier
 * exports and other tools wrote it. The reader's own time zone never changes what a task is due on.
 */
import {
  type CalendarDate,
  type ClockTime,
  DAY_MS,
  EARLIEST_DUE_DATE,
  isCalendarDate,
  LATEST_DUE_DATE,
  MINUTE_MS,
  wallClockInZone,
} from "@doable/domain";

/** An ISO 8601 date-time with its offset (or Z): one instant, whoever reads it. */
const ISO_INSTANT_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

export const INSTANT_RULE = "an ISO 8601 date-time with its offset, like 2030-01-31T08:00:00Z";

/** An instant as files and scripts write it (`2030-01-31T08:00:00Z`, `...T09:00+01:00`); else null. */
export function parseInstant(value: string): Date | null {
  const trimmed = value.trim();
  if (!ISO_INSTANT_WITH_OFFSET.test(trimmed)) return null;
  // A day that does not exist (30 February) is refused, not rolled over into March; the range of
  // years is the server's to judge (its message names it).
  const day = trimmed.slice(0, 10);
  const midnight = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== day) return null;
  const at = new Date(trimmed);
  return Number.isNaN(at.getTime()) ? null : at;
}

export const DUE_DATE_RULE = `a calendar day as YYYY-MM-DD, ${EARLIEST_DUE_DATE} to ${LATEST_DUE_DATE}`;
export const DUE_TIME_RULE = "a time as HH:MM, 00:00 to 23:59";

/** What a task is due on, as the API takes and answers it. */
export interface DueFields {
  dueDate: CalendarDate | null;
  dueTime: ClockTime | null;
}

/**
 * How earlier exports and other tools wrote a due date: an instant (`dueAt`). Earlier clients
 * stored the last millisecond of the chosen day; some tools store its midnight.
 */
const ISO_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T/;
/** The wall-clock readings that mean "that day" rather than a time on it. */
const LAST_MILLISECOND_OF_DAY = DAY_MS - 1;
const MIDNIGHT = 0;
const MINUTES_PER_HOUR = 60;

/** A due date as a file gives it: a day (and maybe a time), or an instant to read in a zone. */
export type FileDue =
  | { kind: "day"; dueDate: CalendarDate; dueTime: ClockTime | null }
  | { kind: "instant"; at: Date };

/** A cell of a due-date column: `YYYY-MM-DD`, or an ISO 8601 date-time (with its offset); else null. */
export function parseFileDue(value: string): FileDue | null {
  const trimmed = value.trim();
  if (isCalendarDate(trimmed)) return { kind: "day", dueDate: trimmed, dueTime: null };
  if (!ISO_INSTANT_PATTERN.test(trimmed)) return null;
  const at = new Date(trimmed);
  return Number.isNaN(at.getTime()) ? null : { kind: "instant", at };
}

function pad2(value: number): string {
  return String(value).padStart(2, "0");
}

/**
 * An instant as a due date on the clock of `timeZone` (the account's): the day it falls on there,
 * and the time to the minute, unless it is that day's last millisecond or its midnight, which
 * earlier clients wrote for "due that day" (docs/decisions/0034). Null when that day is outside
 * the range the API accepts.
 */
export function dueOfInstant(at: Date, timeZone: string): DueFields | null {
  const reading = wallClockInZone(at, timeZone);
  const dayStart = Math.floor(reading / DAY_MS) * DAY_MS;
  const dueDate = new Date(dayStart).toISOString().slice(0, 10);
  if (!isCalendarDate(dueDate)) return null;
  const sinceMidnight = reading - dayStart;
  if (sinceMidnight === LAST_MILLISECOND_OF_DAY || sinceMidnight === MIDNIGHT)
    return { dueDate, dueTime: null };
  const minutes = Math.floor(sinceMidnight / MINUTE_MS);
  return {
    dueDate,
    dueTime: `${pad2(Math.floor(minutes / MINUTES_PER_HOUR))}:${pad2(minutes % MINUTES_PER_HOUR)}`,
  };
}

/** The API's fields for a due date read from a file; instants are read on the account's clock. */
export function fileDueFields(due: FileDue | null, timeZone: string): DueFields | null {
  if (due === null) return { dueDate: null, dueTime: null };
  return due.kind === "day" ? { dueDate: due.dueDate, dueTime: due.dueTime } : dueOfInstant(due.at, timeZone);
}
