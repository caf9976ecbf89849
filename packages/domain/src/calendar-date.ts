const calendarDateFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * `YYYY-MM-DD` of an instant as seen in `timeZone`: the day a person there would call it (and
 * the value of an `<input type="date">`). One formatter per zone, reused: creating one costs far
 * more than formatting with it.
 */
export function calendarDateInZone(instant: Date, timeZone: string): string {
  let formatter = calendarDateFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    calendarDateFormatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}
