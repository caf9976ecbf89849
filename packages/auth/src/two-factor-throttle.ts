import type { Database } from "@doable/db";
import { claimSignInAttempt, clearSignInFailures } from "./sign-in-throttle";

/**
 * Wrong second-factor codes delay the account's next code exactly as wrong passwords delay the
 * next password (the same table, the same growing delays, capped, never a lockout), keyed by
 * the account rather than an email: an email always holds "@", this key never does.
 */
export function twoFactorThrottleKey(userId: string): string {
  return `two-factor:${userId}`;
}

/** Claims one code attempt for the account: null when it may try now, else the seconds to wait. */
export function claimTwoFactorAttempt(db: Database, userId: string, now: Date): Promise<number | null> {
  return claimSignInAttempt(db, twoFactorThrottleKey(userId), now);
}

/** A right code (or two-factor turned off, or the account deleted) forgets the failures. */
export function clearTwoFactorFailures(db: Database, userId: string): Promise<void> {
  return clearSignInFailures(db, twoFactorThrottleKey(userId));
}
