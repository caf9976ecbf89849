import { DAY_MS } from "./time";

/**
 * A task is due on a calendar day, `YYYY-MM-DD`: the same day wherever it is read. It may also have
 * a time, `HH:MM`, on its owner's clock (the account's time zone). Together they give its
 * deadline on that clock: the end of the day (the next day's midnight) without a time, the time on
 * that day with one (docs/decisions/0034). The database derives the same deadline
 * (`tasks.deadline`), so the two order and judge "overdue" alike.
 */
export type CalendarDate = string;
export type ClockTime = string;

/** Due dates run from 1970 to 9999: four-digit years, so their text sorts in calendar order. */
export const EARLIEST_DUE_DATE: CalendarDate = "1970-01-01";
export const LATEST_DUE_DATE: CalendarDate = "9999-12-31";

const CALENDAR_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A real day (no 31 June) between EARLIEST_DUE_DATE and LATEST_DUE_DATE, written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): value is CalendarDate {
  const match = CALENDAR_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && value >= EARLIEST_DUE_DATE && value <= LATEST_DUE_DATE;
}

/** A time of day on a 24-hour clock, `HH:MM`, 00:00 to 23:59. */
export function isClockTime(value: string): value is ClockTime {
  return CLOCK_TIME_PATTERN.test(value);
}

/**
 * The calendar day `days` after `day`, counted on the calendar: a 23- or 25-hour day (daylight
 * saving) can neither skip nor repeat a day, as adding 24 hours to an instant can.
 */
export function addCalendarDays(day: CalendarDate, days: number): CalendarDate {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A reading of a wall clock, in milliseconds since 1970-01-01 00:00 on that clock (a reading taken
 * as if it were UTC): numbers that order as PostgreSQL's `timestamp` (without time zone) does.
 */
export type WallClockTime = number;

function wallClock(day: CalendarDate, hours: number, minutes: number): WallClockTime {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  // Date.UTC reads years 0-99 as 1900-1999, but due dates start in 1970 (isCalendarDate).
  return Date.UTC(year, month - 1, date, hours, minutes);
}

/** When a task is due on its owner's clock: null without a due date. */
export function dueDeadline(dueDate: CalendarDate | null, dueTime: ClockTime | null): WallClockTime | null {
  if (dueDate === null) return null;
  if (dueTime === null) return wallClock(dueDate, 24, 0);
  const [hours, minutes] = dueTime.split(":").map(Number) as [number, number];
  return wallClock(dueDate, hours, minutes);
}

const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = wallClockFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    wallClockFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** What a clock in `timeZone` reads at `instant`, to the millisecond. */
export function wallClockInZone(instant: Date, timeZone: string): WallClockTime {
  const parts = wallClockFormatter(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  const milliseconds = ((instant.getTime() % 1000) + 1000) % 1000;
  const reading = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return reading + milliseconds;
}
