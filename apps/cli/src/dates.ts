/**
 * Due dates are calendar days on the command line. Like the web app, a day means "by the end of
 * that day" in the user's own time zone (the process's TZ), so it becomes overdue once the day is over.
 */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const LAST_HOUR = 23;
const LAST_MINUTE = 59;
const LAST_SECOND = 59;
const LAST_MILLISECOND = 999;

/** The end of `YYYY-MM-DD` in local time, or null when it is not a real calendar day. */
export function endOfLocalDay(value: string): Date | null {
  const match = DATE_PATTERN.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(year, month - 1, day, LAST_HOUR, LAST_MINUTE, LAST_SECOND, LAST_MILLISECOND);
  date.setFullYear(year); // years 0-99 would otherwise mean 1900-1999
  const real = date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
  return real ? date : null;
}

/** A date from a file: a calendar day (end of that day, local) or an ISO 8601 date-time. */
export function parseDateValue(value: string): Date | null {
  const trimmed = value.trim();
  if (DATE_PATTERN.test(trimmed)) return endOfLocalDay(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) return null;
  const date = new Date(trimmed);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `YYYY-MM-DD` of an instant in local time. */
export function localDay(date: Date): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
