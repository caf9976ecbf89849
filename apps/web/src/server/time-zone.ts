import "server-only";
import { timeZoneSchema } from "@doable/api/validators";
import { cookies } from "next/headers";
import { FALLBACK_TIME_ZONE, TIME_ZONE_COOKIE } from "~/lib/time-zone";

export function parseTimeZone(value: string | null | undefined): string {
  const parsed = timeZoneSchema.safeParse(value);
  return parsed.success ? parsed.data : FALLBACK_TIME_ZONE;
}

/** The browser's zone (TimeZoneCookie), for moments shown on server-rendered pages. */
export async function requestTimeZone(): Promise<string> {
  const value = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  return parseTimeZone(value === undefined ? null : decodeURIComponent(value));
}
