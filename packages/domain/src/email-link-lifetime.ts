import { DAY_MS, HOUR_MS, MINUTE_MS } from "./time";

/** How long an emailed link works (docs/decisions/0030). */
export const PASSWORD_RESET_TOKEN_LIFETIME_MS = 30 * MINUTE_MS;
export const EMAIL_VERIFICATION_TOKEN_LIFETIME_MS = DAY_MS;
export const EMAIL_CHANGE_TOKEN_LIFETIME_MS = HOUR_MS;

/** A link's lifetime as mail and pages say it: "30 minutes", "1 hour", "24 hours". */
export function describeLifetime(milliseconds: number): string {
  if (milliseconds < HOUR_MS) {
    const minutes = milliseconds / MINUTE_MS;
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  }
  const hours = milliseconds / HOUR_MS;
  return hours === 1 ? "1 hour" : `${hours} hours`;
}
