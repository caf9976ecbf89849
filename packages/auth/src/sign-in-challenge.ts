import { randomBytes } from "node:crypto";
import { type Database, type SignInChallenge, signInChallenges } from "@doable/db";
import { MINUTE_MS } from "@doable/domain";
import { and, eq, gt, lte } from "drizzle-orm";
import type { SessionTransport } from "./cookie";
import { hashSecret, secretMatches } from "./secret-hash";
import { newSessionId, SESSION_SECRET_BYTES, TOKEN_PATTERN } from "./session";

/** How long a right password waits for its second factor: enough to open an app and type six digits. */
export const SIGN_IN_CHALLENGE_LIFETIME_MS = 5 * MINUTE_MS;

/**
 * A challenge for a user whose password was right, bound to them and to the transport asked for;
 * returns `<id>.<secret>` (the shape and strength of a session token), stored only hashed.
 */
export async function issueSignInChallenge(
  db: Database,
  input: { userId: string; transport: SessionTransport; now: Date },
): Promise<string> {
  const id = newSessionId();
  const secret = randomBytes(SESSION_SECRET_BYTES).toString("base64url");
  await db.insert(signInChallenges).values({
    id,
    secretHash: hashSecret(secret),
    userId: input.userId,
    transport: input.transport,
    createdAt: input.now,
    expiresAt: new Date(input.now.getTime() + SIGN_IN_CHALLENGE_LIFETIME_MS),
  });
  return `${id}.${secret}`;
}

/** The unexpired challenge behind `token`, or null for a malformed, unknown, forged or expired one. */
export async function findSignInChallenge(
  db: Database,
  token: string,
  now: Date,
): Promise<SignInChallenge | null> {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, id, secret] = match as unknown as [string, string, string];
  const [row] = await db
    .select()
    .from(signInChallenges)
    .where(and(eq(signInChallenges.id, id), gt(signInChallenges.expiresAt, now)))
    .limit(1);
  if (!row || !secretMatches(secret, row.secretHash)) return null;
  return row;
}

/** Uses the challenge up: true only for the caller whose delete removed it (single use under races). */
export async function consumeSignInChallenge(db: Database, id: string): Promise<boolean> {
  const deleted = await db
    .delete(signInChallenges)
    .where(eq(signInChallenges.id, id))
    .returning({ id: signInChallenges.id });
  return deleted.length > 0;
}

/** Deletes challenges past their expiry (the daily purge); returns how many. */
export async function deleteExpiredSignInChallenges(db: Database, now: Date): Promise<number> {
  const deleted = await db
    .delete(signInChallenges)
    .where(lte(signInChallenges.expiresAt, now))
    .returning({ id: signInChallenges.id });
  return deleted.length;
}
