/**
 * Reminders (docs/decisions/0049): a task's `remindAt` is an instant. People choose it as an offset
 * before the task is due ("15 minutes before"), or as a moment of their own; both are read on the
 * account's clock. A due day without a time is reminded of from 09:00 that day, not from its end.
 */
import {
  type CalendarDate,
  type ClockTime,
  dueDeadline,
  type WallClockTime,
  wallClockInZone,
} from "./due-date";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "./time";

/** Where the offsets of a task due on a day without a time count back from. */
export const ALL_DAY_REMINDER_TIME: ClockTime = "09:00";

/** The offsets offered before a due time, in the order they are offered. */
export const REMINDER_OFFSETS = [
  { ms: 0, label: "At the due time" },
  { ms: 5 * MINUTE_MS, label: "5 minutes before" },
  { ms: 15 * MINUTE_MS, label: "15 minutes before" },
  { ms: 30 * MINUTE_MS, label: "30 minutes before" },
  { ms: HOUR_MS, label: "1 hour before" },
  { ms: DAY_MS, label: "1 day before" },
] as const;

/**
 * The instant at which a clock in `timeZone` reads `wall`. A reading that a daylight-saving change
 * skips (02:30 on the March change in Berlin) is taken on the offset before the change, so it is
 * the instant an hour on (03:30 on the new one); a reading that happens twice is the earlier one.
 */
export function instantInZone(wall: WallClockTime, timeZone: string): Date {
  const offsetAt = (instant: number): number => wallClockInZone(new Date(instant), timeZone) - instant;
  // A day either side: the offsets before and after any change near `wall`.
  const candidates = [wall - offsetAt(wall - DAY_MS), wall - offsetAt(wall), wall - offsetAt(wall + DAY_MS)];
  const exact = candidates.filter((instant) => wallClockInZone(new Date(instant), timeZone) === wall);
  return new Date(exact.length > 0 ? Math.min(...exact) : Math.max(...candidates));
}

/** When the offsets of a task due on `dueDate` (at `dueTime`) count back from; null without a day. */
export function reminderAnchor(
  dueDate: CalendarDate | null,
  dueTime: ClockTime | null,
  timeZone: string,
): Date | null {
  const wall = dueDeadline(dueDate, dueTime ?? ALL_DAY_REMINDER_TIME);
  return wall === null ? null : instantInZone(wall, timeZone);
}

/**
 * The reminder `offsetMs` before `anchor`. Whole days count on the account's calendar ("1 day
 * before" is the same clock time the day before, across a daylight-saving change too); hours and
 * minutes are time elapsed, so "15 minutes before" is never after the due time, even when the
 * clock skips an hour in between.
 */
export function reminderBefore(anchor: Date, offsetMs: number, timeZone: string): Date {
  const days = Math.floor(offsetMs / DAY_MS);
  const dayBefore =
    days === 0 ? anchor : instantInZone(wallClockInZone(anchor, timeZone) - days * DAY_MS, timeZone);
  return new Date(dayBefore.getTime() - (offsetMs - days * DAY_MS));
}

/** Which offered offset `remindAt` is before `anchor`, or null when it is a moment of its own. */
export function reminderOffsetOf(remindAt: Date, anchor: Date | null, timeZone: string): number | null {
  if (anchor === null) return null;
  const offset = REMINDER_OFFSETS.find(
    (candidate) => reminderBefore(anchor, candidate.ms, timeZone).getTime() === remindAt.getTime(),
  );
  return offset?.ms ?? null;
}
