/**
 * Quick add (docs/decisions/0044): one line in plain language becomes a task's fields.
 * "Call mom tomorrow 5pm #family !high every friday" -> title "Call mom", due tomorrow at 17:00,
 * tag "family", priority high, repeating every Friday. Dates are read with `chrono-node` on the
 * account's clock (the zone given), as calendar days and wall-clock times (ADR 0034). The web
 * app's "New task" box and `doable add` use this same function.
 *
 * Imported as `@doable/domain/quick-add`, never through the package's index: the web app loads
 * it when someone starts typing.
 */
import { casual } from "chrono-node/en";
import { addCalendarDays, type CalendarDate, type ClockTime, wallClockInZone } from "./due-date";
import { isPriority, type Priority } from "./priority";
import { firstOccurrence } from "./recurrence";
import { TAG_MAX_LENGTH, TAGS_MAX_COUNT } from "./limits";
import { type RecurrenceRule, formatRecurrence, WEEKDAY_CODES, type WeekdayCode } from "./recurrence-rule";

export interface QuickAdd {
  /** What is left of the text once the parts understood are taken out. */
  title: string;
  dueDate: CalendarDate | null;
  dueTime: ClockTime | null;
  tags: string[];
  priority: Priority | null;
  /** An RRULE (`FREQ=WEEKLY;BYDAY=FR`), or null. */
  recurrence: string | null;
}

export interface QuickAddOptions {
  now: Date;
  /** The account's IANA time zone: "tomorrow" and "5pm" are read on its clock. */
  timeZone: string;
}

const DAY_NAME = "(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?s?";
const DAY_LIST = String.raw`${DAY_NAME}(?:\s*(?:,\s*and|,|and|&)\s*${DAY_NAME})*`;
const UNIT = "(?:day|week|month|year)s?|weekdays?";
const RECURRENCE_PATTERN = new RegExp(
  String.raw`(?:^|\s)(?:every\s+(?:(other)\s+|(\d{1,3})\s+)?(${UNIT}|${DAY_LIST})` +
    String.raw`(?:\s+on\s+(?:the\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?(?:\s+day)?|(last)\s+day|(${DAY_LIST})))?` +
    "|(daily|weekly|monthly|yearly|annually))" +
    String.raw`(?:\s+(?:for\s+)?(\d{1,4})\s+times)?(?=\s|$|[.,;!?])`,
  "i",
);
const TAG_PATTERN = /(?:^|\s)#([\p{L}\p{N}_-]+)(?=\s|$)/gu;
const PRIORITY_PATTERN = /(?:^|\s)!(high|medium|low)(?=\s|$)/gi;

function dayCodes(text: string): WeekdayCode[] {
  const codes: WeekdayCode[] = [];
  for (const match of text.toLowerCase().matchAll(/(mon|tue|wed|thu|fri|sat|sun)/g)) {
    const code = WEEKDAY_CODES[["mon", "tue", "wed", "thu", "fri", "sat", "sun"].indexOf(match[1] as string)];
    if (code && !codes.includes(code)) codes.push(code);
  }
  return codes.sort((a, b) => WEEKDAY_CODES.indexOf(a) - WEEKDAY_CODES.indexOf(b));
}

function ruleFrom(match: RegExpExecArray): RecurrenceRule | null {
  const [, other, every, unitOrDays, monthDay, last, onDays, adverb, times] = match;
  const rule: RecurrenceRule = { freq: "DAILY", interval: 1, byDay: [], byMonthDay: [], byMonth: [] };
  if (adverb) {
    const word = adverb.toLowerCase();
    rule.freq =
      word === "daily" ? "DAILY" : word === "weekly" ? "WEEKLY" : word === "monthly" ? "MONTHLY" : "YEARLY";
  } else {
    const unit = (unitOrDays as string).toLowerCase();
    rule.interval = other ? 2 : every ? Number(every) : 1;
    if (rule.interval < 1) return null;
    if (unit.startsWith("weekday")) {
      rule.freq = "WEEKLY";
      rule.byDay = dayCodes("mon tue wed thu fri").map((day) => ({ day }));
    } else if (/^(day|week|month|year)s?$/.test(unit)) {
      const base = unit.replace(/s$/, "");
      rule.freq =
        base === "day" ? "DAILY" : base === "week" ? "WEEKLY" : base === "month" ? "MONTHLY" : "YEARLY";
    } else {
      rule.freq = "WEEKLY";
      rule.byDay = dayCodes(unit).map((day) => ({ day }));
    }
    if (onDays && rule.freq === "WEEKLY") rule.byDay = dayCodes(onDays).map((day) => ({ day }));
    if ((monthDay || last) && rule.freq === "MONTHLY") {
      const day = last ? -1 : Number(monthDay);
      if (day < 1 && day !== -1) return null;
      if (day > 31) return null;
      rule.byMonthDay = [day];
    }
  }
  if (times) {
    const count = Number(times);
    if (count < 1 || count > 1000) return null;
    rule.count = count;
  }
  return rule;
}

/** Blanks out `[start, end)` so the other parts keep their places. */
function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + " ".repeat(end - start) + text.slice(end);
}

const pad = (value: number) => String(value).padStart(2, "0");

/**
 * Reads one line of quick add. Parts it does not understand stay in the title; when nothing is
 * left for a title, the whole line is the title (the parts understood still apply).
 */
export function parseQuickAdd(text: string, options: QuickAddOptions): QuickAdd {
  let rest = text;
  const tags: string[] = [];
  for (const match of text.matchAll(TAG_PATTERN)) {
    const tag = match[1] as string;
    if (tag.length > TAG_MAX_LENGTH || tags.length >= TAGS_MAX_COUNT) continue;
    if (!tags.includes(tag)) tags.push(tag);
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  let priority: Priority | null = null;
  for (const match of text.matchAll(PRIORITY_PATTERN)) {
    const word = (match[1] as string).toLowerCase();
    if (isPriority(word)) priority = word;
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  let recurrence: string | null = null;
  const repeat = RECURRENCE_PATTERN.exec(rest);
  const rule = repeat ? ruleFrom(repeat) : null;
  if (repeat && rule) {
    recurrence = formatRecurrence(rule);
    rest = blank(rest, repeat.index, repeat.index + repeat[0].length);
  }

  // The account's clock as a UTC reading: chrono reads "tomorrow 5pm" on it, as wall-clock parts.
  const clock = new Date(wallClockInZone(options.now, options.timeZone));
  const today = clock.toISOString().slice(0, 10);
  let dueDate: CalendarDate | null = null;
  let dueTime: ClockTime | null = null;
  const found = casual.parse(rest, { instant: clock, timezone: 0 }, { forwardDate: true }).find((result) => {
    const start = result.start;
    // A bare month ("the March issue") or year is not a due date: a day, a weekday or a time is.
    return ["day", "weekday", "hour"].some((part) => start.isCertain(part as "day"));
  });
  if (found) {
    const start = found.start;
    const y = start.get("year") as number;
    const m = start.get("month") as number;
    const d = start.get("day") as number;
    dueDate = `${String(y).padStart(4, "0")}-${pad(m)}-${pad(d)}`;
    if (start.isCertain("hour"))
      dueTime = `${pad(start.get("hour") as number)}:${pad(start.get("minute") ?? 0)}`;
    // A time alone that has passed today ("9am" at noon) means tomorrow.
    if (!start.isCertain("day") && !start.isCertain("weekday") && dueTime !== null && dueDate === today) {
      const [hour, minute] = dueTime.split(":").map(Number) as [number, number];
      if (hour * 60 + minute < clock.getUTCHours() * 60 + clock.getUTCMinutes())
        dueDate = addCalendarDays(today, 1);
    }
    rest = blank(rest, found.index, found.index + found.text.length);
  }
  if (recurrence !== null && dueDate === null) dueDate = firstOccurrence(recurrence, today);

  const title = rest.replace(/\s+/g, " ").trim();
  return {
    title: title === "" ? text.replace(/\s+/g, " ").trim() : title,
    dueDate,
    dueTime,
    tags,
    priority,
    recurrence,
  };
}
