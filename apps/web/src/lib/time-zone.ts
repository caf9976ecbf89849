import { timeZoneSchema } from "@doable/api/validators";

/** The browser's time zone travels in this cookie so server-rendered dates match the client's. */
export const TIME_ZONE_COOKIE = "tz";
export const FALLBACK_TIME_ZONE = "UTC";
/** Dates are written in one locale on server and client alike, so hydration never disagrees. */
export const DISPLAY_LOCALE = "en-US";

export function parseTimeZone(value: string | null | undefined): string {
  const parsed = timeZoneSchema.safeParse(value);
  return parsed.success ? parsed.data : FALLBACK_TIME_ZONE;
}
