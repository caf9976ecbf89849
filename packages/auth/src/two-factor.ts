import { type Database, recoveryCodes, signInChallenges, twoFactorSecrets } from "@doable/db";
import { and, eq, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { matchTotpStep, newTotpSecret } from "./totp";

/** A user's active second factor: the secret and the last step accepted. */
export interface ActiveTwoFactor {
  secret: string;
  lastUsedStep: number | null;
}

/**
 * The user's secret once a first code confirmed it: a pending one (`enabledAt` null, shown but not
 * confirmed) asks for nothing at sign-in. `userId` is a value or a column of an outer query.
 */
function activeSecretOf(userId: string | AnyPgColumn): SQL {
  return and(eq(twoFactorSecrets.userId, userId), isNotNull(twoFactorSecrets.enabledAt)) as SQL;
}

/** Whether the user in `userId` (a column of an outer query) has two-factor on, as a column. */
export function twoFactorOnColumn(userId: AnyPgColumn): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${twoFactorSecrets} where ${activeSecretOf(userId)})`;
}

/**
 * Draws a new pending secret for the user (replacing an earlier pending one), unless two-factor
 * is already on: then null, and the active secret is left alone.
 */
export async function beginTwoFactor(db: Database, userId: string, now: Date): Promise<string | null> {
  const secret = newTotpSecret();
  const written = await db
    .insert(twoFactorSecrets)
    .values({ userId, secret, enabledAt: null, lastUsedStep: null, createdAt: now })
    .onConflictDoUpdate({
      target: twoFactorSecrets.userId,
      set: { secret, lastUsedStep: null, createdAt: now },
      setWhere: isNull(twoFactorSecrets.enabledAt),
    })
    .returning({ userId: twoFactorSecrets.userId });
  return written.length > 0 ? secret : null;
}

/**
 * Turns the pending secret on if `code` is its current code (one step of drift); the step is
 * remembered as used. False when nothing is pending or the code does not match.
 */
export async function enableTwoFactor(
  db: Database,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const [pending] = await db
    .select({ secret: twoFactorSecrets.secret })
    .from(twoFactorSecrets)
    .where(and(eq(twoFactorSecrets.userId, userId), isNull(twoFactorSecrets.enabledAt)));
  if (!pending) return false;
  const step = matchTotpStep(pending.secret, code, now, null);
  if (step === null) return false;
  const enabled = await db
    .update(twoFactorSecrets)
    .set({ enabledAt: now, lastUsedStep: step })
    .where(
      and(
        eq(twoFactorSecrets.userId, userId),
        eq(twoFactorSecrets.secret, pending.secret),
        isNull(twoFactorSecrets.enabledAt),
      ),
    )
    .returning({ userId: twoFactorSecrets.userId });
  return enabled.length > 0;
}

export async function activeTwoFactor(db: Database, userId: string): Promise<ActiveTwoFactor | null> {
  const [row] = await db
    .select({ secret: twoFactorSecrets.secret, lastUsedStep: twoFactorSecrets.lastUsedStep })
    .from(twoFactorSecrets)
    .where(activeSecretOf(userId));
  return row ?? null;
}

/**
 * Accepts `code` for the user's active secret once: the matching step is recorded as used in a
 * statement that succeeds only if no later or equal step was used before, so a code replayed, even
 * at the same moment from elsewhere, is refused.
 */
export async function useTotpCode(db: Database, userId: string, code: string, now: Date): Promise<boolean> {
  const active = await activeTwoFactor(db, userId);
  if (!active) return false;
  const step = matchTotpStep(active.secret, code, now, active.lastUsedStep);
  if (step === null) return false;
  const used = await db
    .update(twoFactorSecrets)
    .set({ lastUsedStep: step })
    .where(
      and(
        activeSecretOf(userId),
        or(isNull(twoFactorSecrets.lastUsedStep), lt(twoFactorSecrets.lastUsedStep, step)),
      ),
    )
    .returning({ userId: twoFactorSecrets.userId });
  return used.length > 0;
}

/** Turns two-factor off: the secret, the recovery codes and any sign-in waiting for a code go. */
export async function disableTwoFactor(db: Database, userId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(twoFactorSecrets)
      .where(activeSecretOf(userId))
      .returning({ userId: twoFactorSecrets.userId });
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx.delete(signInChallenges).where(eq(signInChallenges.userId, userId));
    return removed.length > 0;
  });
}
