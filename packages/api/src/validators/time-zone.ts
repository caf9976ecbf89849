import { z } from "zod";

const TIME_ZONE_PATTERN = /^[A-Za-z0-9_+\-/]{1,64}$/;

function canonicalTimeZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * Canonicalized: ICU accepts aliases PostgreSQL does not know (e.g. "Canada/East-Saskatchewan"),
 * which would fail the query. Named zones only: PostgreSQL reads "+05:00" as POSIX (sign reversed).
 */
export const timeZoneSchema = z
  .string()
  .regex(TIME_ZONE_PATTERN, "Unknown time zone")
  .transform((zone, context) => {
    const canonical = canonicalTimeZone(zone);
    if (canonical === null || !/^[A-Za-z]/.test(canonical)) {
      context.addIssue({ code: "custom", message: "Unknown time zone" });
      return z.NEVER;
    }
    return canonical;
  });
