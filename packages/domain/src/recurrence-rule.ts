/**
 * Recurring tasks (docs/decisions/0043): a task's `recurrence` is an RFC 5545 RRULE value, kept to
 * the parts a person can choose here: FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, COUNT, UNTIL.
 * This file reads, checks, writes and describes such a rule with no dependency, so a page can
 * show "every Friday" without loading a recurrence library; `./recurrence` (with `rrule`)
 * computes the dates. Imported as `@doable/domain/recurrence-rule`, not through the index: the
 * dashboard loads it with the Repeat control, not on its first load.
 */
import { isCalendarDate } from "./due-date";
import { TASK_INPUT_MESSAGES } from "./input-rules";

/** The longest rule accepted: far more than any rule of the allowed parts needs. */
export const RECURRENCE_MAX_LENGTH = 200;
export const RECURRENCE_INTERVAL_MAX = 365;
export const RECURRENCE_COUNT_MAX = 1000;

export const RECURRENCE_FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] as const;
export type RecurrenceFrequency = (typeof RECURRENCE_FREQUENCIES)[number];

/** Monday first, as RFC 5545's default week start. */
export const WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

export const WEEKDAY_NAMES: Readonly<Record<WeekdayCode, string>> = {
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
  SU: "Sunday",
};

/** A BYDAY entry: a weekday, with an ordinal in a monthly rule ("2TU": the second Tuesday). */
export interface RecurrenceDay {
  day: WeekdayCode;
  nth?: number;
}

export interface RecurrenceRule {
  freq: RecurrenceFrequency;
  interval: number;
  byDay: RecurrenceDay[];
  byMonthDay: number[];
  byMonth: number[];
  count?: number;
  /** The last day the series may fall on, `YYYY-MM-DD`. */
  until?: string;
}

export const RECURRENCE_MESSAGES = {
  tooLong: `Repeat rule must be at most ${RECURRENCE_MAX_LENGTH} characters`,
  invalid: "Repeat rule is not a valid RRULE (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)",
  needsDueDate: TASK_INPUT_MESSAGES.recurrenceNeedsDate,
} as const;

export type RecurrenceParse = { ok: true; rule: RecurrenceRule } | { ok: false; message: string };

const MONTH_LENGTH_MAX = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function fail(detail: string): RecurrenceParse {
  return { ok: false, message: `Repeat rule: ${detail}` };
}

function integer(text: string, min: number, max: number): number | null {
  if (!/^[+-]?\d{1,4}$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

/** `20261231` or `20261231T235959Z` (read as its day) -> `2026-12-31`. */
function untilDay(text: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(text);
  if (!match) return null;
  const day = `${match[1]}-${match[2]}-${match[3]}`;
  return isCalendarDate(day) ? day : null;
}

/**
 * Reads and checks a rule: `FREQ=WEEKLY;BYDAY=FR` (an `RRULE:` prefix is allowed). Anything
 * outside the allowed parts, a part given twice, COUNT with UNTIL (RFC 5545 forbids it) or a
 * month day no chosen month has is refused with a message naming why.
 */
export function parseRecurrence(text: string): RecurrenceParse {
  if (text.length > RECURRENCE_MAX_LENGTH) return { ok: false, message: RECURRENCE_MESSAGES.tooLong };
  const body = text.trim().replace(/^RRULE:/i, "");
  if (body === "") return { ok: false, message: RECURRENCE_MESSAGES.invalid };
  const parts = new Map<string, string>();
  for (const part of body.split(";")) {
    const match = /^([A-Za-z]+)=([^;=]+)$/.exec(part.trim());
    if (!match) return fail(`"${part}" is not NAME=VALUE`);
    const name = (match[1] as string).toUpperCase();
    if (parts.has(name)) return fail(`${name} is given twice`);
    parts.set(name, (match[2] as string).toUpperCase());
  }
  for (const name of parts.keys()) {
    if (!["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "COUNT", "UNTIL"].includes(name)) {
      return fail(`${name} is not supported`);
    }
  }
  const freq = parts.get("FREQ");
  if (!freq || !(RECURRENCE_FREQUENCIES as readonly string[]).includes(freq)) {
    return { ok: false, message: RECURRENCE_MESSAGES.invalid };
  }
  const rule: RecurrenceRule = {
    freq: freq as RecurrenceFrequency,
    interval: 1,
    byDay: [],
    byMonthDay: [],
    byMonth: [],
  };
  const interval = parts.get("INTERVAL");
  if (interval !== undefined) {
    const value = integer(interval, 1, RECURRENCE_INTERVAL_MAX);
    if (value === null) return fail(`INTERVAL must be 1 to ${RECURRENCE_INTERVAL_MAX}`);
    rule.interval = value;
  }
  const byDay = parts.get("BYDAY");
  if (byDay !== undefined) {
    for (const entry of byDay.split(",")) {
      const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(entry);
      if (!match) return fail(`BYDAY "${entry}" is not a weekday`);
      const day = match[2] as WeekdayCode;
      if (match[1] === undefined) {
        rule.byDay.push({ day });
        continue;
      }
      const nth = integer(match[1], -5, 5);
      if (nth === null || nth === 0)
        return fail(`BYDAY "${entry}": the week of the month must be 1 to 5 or -1 to -5`);
      if (rule.freq !== "MONTHLY") return fail("a numbered weekday (like 2TU) needs FREQ=MONTHLY");
      rule.byDay.push({ day, nth });
    }
    if (new Set(rule.byDay.map(dayText)).size !== rule.byDay.length) return fail("BYDAY names a day twice");
  }
  const byMonthDay = parts.get("BYMONTHDAY");
  if (byMonthDay !== undefined) {
    if (rule.freq === "WEEKLY") return fail("BYMONTHDAY does not go with FREQ=WEEKLY");
    if (rule.byDay.length > 0) return fail("BYMONTHDAY does not go with BYDAY");
    for (const entry of byMonthDay.split(",")) {
      const value = integer(entry, -31, 31);
      if (value === null || value === 0)
        return fail("BYMONTHDAY must be 1 to 31, or -1 (the last day) to -31");
      rule.byMonthDay.push(value);
    }
    if (new Set(rule.byMonthDay).size !== rule.byMonthDay.length) return fail("BYMONTHDAY names a day twice");
  }
  const byMonth = parts.get("BYMONTH");
  if (byMonth !== undefined) {
    for (const entry of byMonth.split(",")) {
      const value = integer(entry, 1, 12);
      if (value === null) return fail("BYMONTH must be 1 to 12");
      rule.byMonth.push(value);
    }
    if (new Set(rule.byMonth).size !== rule.byMonth.length) return fail("BYMONTH names a month twice");
  }
  // A rule that can never happen (February 30th) would be searched for to the year 9999.
  if (rule.byMonthDay.length > 0) {
    const months = rule.byMonth.length > 0 ? rule.byMonth : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const possible = rule.byMonthDay.some((day) =>
      months.some((month) => Math.abs(day) <= (MONTH_LENGTH_MAX[month - 1] as number)),
    );
    if (!possible) return fail("no chosen month has that day");
  }
  const count = parts.get("COUNT");
  const until = parts.get("UNTIL");
  if (count !== undefined && until !== undefined) return fail("COUNT and UNTIL cannot both be given");
  if (count !== undefined) {
    const value = integer(count, 1, RECURRENCE_COUNT_MAX);
    if (value === null) return fail(`COUNT must be 1 to ${RECURRENCE_COUNT_MAX}`);
    rule.count = value;
  }
  if (until !== undefined) {
    const day = untilDay(until);
    if (day === null) return fail("UNTIL must be a day, YYYYMMDD");
    rule.until = day;
  }
  return { ok: true, rule };
}

function dayText(entry: RecurrenceDay): string {
  return `${entry.nth ?? ""}${entry.day}`;
}

/** The rule in one canonical spelling (the parts always in the same order, defaults left out). */
export function formatRecurrence(rule: RecurrenceRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byDay.length > 0) parts.push(`BYDAY=${rule.byDay.map(dayText).join(",")}`);
  if (rule.byMonthDay.length > 0) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(",")}`);
  if (rule.byMonth.length > 0) parts.push(`BYMONTH=${rule.byMonth.join(",")}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until !== undefined) parts.push(`UNTIL=${rule.until.replaceAll("-", "")}`);
  return parts.join(";");
}

/** The canonical spelling of a valid rule; null for an invalid one. */
export function normalizeRecurrence(text: string): string | null {
  const parsed = parseRecurrence(text);
  return parsed.ok ? formatRecurrence(parsed.rule) : null;
}

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const UNITS: Readonly<Record<RecurrenceFrequency, string>> = {
  DAILY: "day",
  WEEKLY: "week",
  MONTHLY: "month",
  YEARLY: "year",
};

function ordinal(value: number): string {
  const tens = value % 100;
  if (tens >= 11 && tens <= 13) return `${value}th`;
  return `${value}${["th", "st", "nd", "rd"][value % 10] ?? "th"}`;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function monthDayText(day: number): string {
  if (day === -1) return "the last day";
  if (day < 0) return `${ordinal(-day)} to last day`;
  return `the ${ordinal(day)}`;
}

function weekdayText(entry: RecurrenceDay): string {
  const name = WEEKDAY_NAMES[entry.day];
  if (entry.nth === undefined) return name;
  if (entry.nth === -1) return `the last ${name}`;
  if (entry.nth < 0) return `the ${ordinal(-entry.nth)} to last ${name}`;
  return `the ${ordinal(entry.nth)} ${name}`;
}

const WORKING_DAYS = "MO,TU,WE,TH,FR";

function formatUntil(day: string): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return `${MONTH_NAMES[month - 1]?.slice(0, 3)} ${date}, ${year}`;
}

/**
 * The rule in words: "every Friday", "every weekday", "every 2 weeks on Monday and Friday",
 * "every month on the last day", "every year, 3 times", "every day until Dec 31, 2026".
 */
export function describeRecurrence(rule: RecurrenceRule | string): string {
  const parsed = typeof rule === "string" ? parseRecurrence(rule) : ({ ok: true, rule } as const);
  if (!parsed.ok) return "repeats";
  const { freq, interval, byDay, byMonthDay, byMonth, count, until } = parsed.rule;
  const plainDays = byDay.every((entry) => entry.nth === undefined);
  const days = byDay.map((entry) => entry.day).join(",");
  let text: string;
  if (interval === 1 && plainDays && days === WORKING_DAYS && (freq === "DAILY" || freq === "WEEKLY")) {
    text = "every weekday";
  } else if (interval === 1 && freq === "WEEKLY" && byDay.length > 0) {
    text = `every ${list(byDay.map(weekdayText))}`;
  } else {
    const unit = UNITS[freq];
    text = interval === 1 ? `every ${unit}` : `every ${interval} ${unit}s`;
    if (byDay.length > 0) text += ` on ${list(byDay.map(weekdayText))}`;
    if (byMonthDay.length > 0) text += ` on ${list(byMonthDay.map(monthDayText))}`;
  }
  if (byMonth.length > 0) text += ` in ${list(byMonth.map((month) => MONTH_NAMES[month - 1] as string))}`;
  if (count !== undefined) text += count === 1 ? ", once" : `, ${count} times`;
  if (until !== undefined) text += ` until ${formatUntil(until)}`;
  return text;
}
