/**
 * The dates of a recurring task (docs/decisions/0043), with `rrule`. Occurrences are calendar days
 * (ADR 0034): the rule runs on midnight UTC of each day, so no time zone or daylight-saving change
 * can move a day; a due time is carried over unchanged by the caller.
 *
 * Each occurrence is one task. Its rule runs from its own due date: the next occurrence is the
 * first day of the rule after it. COUNT counts the occurrences left, this one included: the next
 * task carries COUNT − 1, and COUNT=1 ends the series. UNTIL is the last day it may fall on. As in
 * RFC 5545, a month without the day is skipped (monthly on the 31st: Jan 31, Mar 31, ...);
 * BYMONTHDAY=-1 is "the last day of the month".
 *
 * Imported as `@doable/domain/recurrence`, never through the package's index: the web app loads it
 * only when a repeat is chosen.
 */
import { Frequency, RRule, Weekday } from "rrule";
import type { CalendarDate } from "./due-date";
import { type RecurrenceRule, formatRecurrence, parseRecurrence, WEEKDAY_CODES } from "./recurrence-rule";

export * from "./recurrence-rule";

const FREQUENCIES: Readonly<Record<RecurrenceRule["freq"], Frequency>> = {
  DAILY: Frequency.DAILY,
  WEEKLY: Frequency.WEEKLY,
  MONTHLY: Frequency.MONTHLY,
  YEARLY: Frequency.YEARLY,
};

function dayToDate(day: CalendarDate): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date));
}

function dateToDay(date: Date): CalendarDate {
  return date.toISOString().slice(0, 10) as CalendarDate;
}

/** The rule without its end, running from `start`: COUNT and UNTIL are applied here, not by rrule. */
function toRRule(rule: RecurrenceRule, start: CalendarDate): RRule {
  return new RRule({
    freq: FREQUENCIES[rule.freq],
    interval: rule.interval,
    dtstart: dayToDate(start),
    wkst: RRule.MO,
    byweekday:
      rule.byDay.length > 0
        ? rule.byDay.map((entry) => new Weekday(WEEKDAY_CODES.indexOf(entry.day), entry.nth))
        : null,
    bymonthday: rule.byMonthDay.length > 0 ? rule.byMonthDay : null,
    bymonth: rule.byMonth.length > 0 ? rule.byMonth : null,
  });
}

/** What follows an occurrence due on `dueDate`: the next one's day and rule, or null when the series ends. */
export interface NextOccurrence {
  dueDate: CalendarDate;
  recurrence: string;
}

export function nextOccurrence(recurrence: string, dueDate: CalendarDate): NextOccurrence | null {
  const parsed = parseRecurrence(recurrence);
  if (!parsed.ok) return null;
  const rule = parsed.rule;
  if (rule.count !== undefined && rule.count <= 1) return null;
  const next = toRRule(rule, dueDate).after(dayToDate(dueDate), false);
  if (!next) return null;
  const day = dateToDay(next);
  if (rule.until !== undefined && day > rule.until) return null;
  const following: RecurrenceRule = rule.count === undefined ? rule : { ...rule, count: rule.count - 1 };
  return { dueDate: day, recurrence: formatRecurrence(following) };
}

/**
 * The first day of the rule on or after `from`: the due date a repeating task starts on when none
 * was chosen ("every Friday", typed on a Wednesday, starts this Friday). Null when the rule has
 * ended by then (UNTIL before `from`).
 */
export function firstOccurrence(recurrence: string, from: CalendarDate): CalendarDate | null {
  const parsed = parseRecurrence(recurrence);
  if (!parsed.ok) return null;
  const first = toRRule(parsed.rule, from).after(dayToDate(from), true);
  if (!first) return null;
  const day = dateToDay(first);
  return parsed.rule.until !== undefined && day > parsed.rule.until ? null : day;
}
