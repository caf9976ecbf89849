import "server-only";
import { cookies } from "next/headers";
import { parseTimeZone, TIME_ZONE_COOKIE } from "~/lib/time-zone";

export async function requestTimeZone(): Promise<string> {
  const value = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  return parseTimeZone(value === undefined ? null : decodeURIComponent(value));
}
