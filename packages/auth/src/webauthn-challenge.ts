import { randomBytes } from "node:crypto";
import { type Database, type WebauthnCeremony, webauthnChallenges } from "@doable/db";
import { MINUTE_MS } from "@doable/domain";
import { and, eq, gt, isNull, lte, type SQL } from "drizzle-orm";
import type { SessionTransport } from "./cookie";
import { hashSecret } from "./secret-hash";

/** How long a passkey prompt may stay open: the browser's own timeout is set to the same. */
export const WEBAUTHN_CHALLENGE_LIFETIME_MS = 5 * MINUTE_MS;
/** 256 random bits: WebAuthn asks for at least 16 bytes; a challenge doubles as the row's key. */
const WEBAUTHN_CHALLENGE_BYTES = 32;

/** Whom a challenge was issued for: a signed-in user adding a passkey, or a sign-in over a transport. */
export type WebauthnChallengeFor =
  | { ceremony: "registration"; userId: string }
  | { ceremony: "authentication"; transport: SessionTransport };

/**
 * A new challenge (base64url) for one ceremony, stored only as its SHA-256 with whom it is for and
 * when it expires, so any instance can finish the ceremony.
 */
export async function issueWebauthnChallenge(
  db: Database,
  issuedFor: WebauthnChallengeFor,
  now: Date,
): Promise<string> {
  const challenge = randomBytes(WEBAUTHN_CHALLENGE_BYTES).toString("base64url");
  await db.insert(webauthnChallenges).values({
    challengeHash: hashSecret(challenge),
    ceremony: issuedFor.ceremony,
    userId: issuedFor.ceremony === "registration" ? issuedFor.userId : null,
    transport: issuedFor.ceremony === "authentication" ? issuedFor.transport : null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + WEBAUTHN_CHALLENGE_LIFETIME_MS),
  });
  return challenge;
}

function issuedForCondition(issuedFor: WebauthnConsumeFor): SQL | undefined {
  return issuedFor.ceremony === "registration"
    ? eq(webauthnChallenges.userId, issuedFor.userId)
    : isNull(webauthnChallenges.userId);
}

/** Which challenges a ceremony may use: a registration only its own user's. */
export type WebauthnConsumeFor =
  | { ceremony: "registration"; userId: string }
  | { ceremony: "authentication" };

/**
 * Uses up the challenge the browser signed over, if it is unexpired, of this ceremony and (for a
 * registration) this user's; the delete decides, so of two racing uses only one gets it. Answers
 * the transport a sign-in asked for (null for a registration), or undefined when it is no usable
 * challenge. Spent whatever follows: a signature that then fails to verify costs a new prompt.
 */
export async function consumeWebauthnChallenge(
  db: Database,
  challenge: string,
  issuedFor: WebauthnConsumeFor,
  now: Date,
): Promise<{ transport: SessionTransport | null } | undefined> {
  const [row] = await db
    .delete(webauthnChallenges)
    .where(
      and(
        eq(webauthnChallenges.challengeHash, hashSecret(challenge)),
        eq(webauthnChallenges.ceremony, issuedFor.ceremony satisfies WebauthnCeremony),
        issuedForCondition(issuedFor),
        gt(webauthnChallenges.expiresAt, now),
      ),
    )
    .returning({ transport: webauthnChallenges.transport });
  return row;
}

/** Deletes challenges past their expiry (the daily purge); returns how many. */
export async function deleteExpiredWebauthnChallenges(db: Database, now: Date): Promise<number> {
  const deleted = await db
    .delete(webauthnChallenges)
    .where(lte(webauthnChallenges.expiresAt, now))
    .returning({ hash: webauthnChallenges.challengeHash });
  return deleted.length;
}
