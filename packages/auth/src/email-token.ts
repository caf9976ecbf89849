import { randomBytes } from "node:crypto";
import { type Database, type EmailToken, type EmailTokenPurpose, emailTokens, users } from "@doable/db";
import {
  EMAIL_CHANGE_TOKEN_LIFETIME_MS,
  EMAIL_VERIFICATION_TOKEN_LIFETIME_MS,
  PASSWORD_RESET_TOKEN_LIFETIME_MS,
} from "@doable/domain";
import { and, eq, gt, lte, sql } from "drizzle-orm";
import { hashSecret, secretMatches } from "./secret-hash";
import { newSessionId, SESSION_SECRET_BYTES, TOKEN_PATTERN } from "./session";

/** How long an emailed link works, by purpose (the lifetimes live in @doable/domain: pages say them too). */
export const EMAIL_TOKEN_LIFETIMES_MS: Record<EmailTokenPurpose, number> = {
  password_reset: PASSWORD_RESET_TOKEN_LIFETIME_MS,
  email_verification: EMAIL_VERIFICATION_TOKEN_LIFETIME_MS,
  email_change: EMAIL_CHANGE_TOKEN_LIFETIME_MS,
};

interface DrawnToken {
  id: string;
  secretHash: string;
  /** `<id>.<secret>`: goes into the link once, never stored. */
  token: string;
}

/** A new token, the same shape and strength as a session token (120-bit id, 192-bit secret). */
function drawToken(): DrawnToken {
  const id = newSessionId();
  const secret = randomBytes(SESSION_SECRET_BYTES).toString("base64url");
  return { id, secretHash: hashSecret(secret), token: `${id}.${secret}` };
}

function expiresAt(purpose: EmailTokenPurpose, now: Date): Date {
  return new Date(now.getTime() + EMAIL_TOKEN_LIFETIMES_MS[purpose]);
}

/**
 * What a new token overwrites when the user already has one of its purpose (the unique index on
 * user and purpose): every column but those two, so the earlier link stops working.
 */
const REPLACE_EARLIER_TOKEN = {
  id: sql`excluded.id`,
  secretHash: sql`excluded.secret_hash`,
  email: sql`excluded.email`,
  fromEmail: sql`excluded.from_email`,
  createdAt: sql`excluded.created_at`,
  expiresAt: sql`excluded.expires_at`,
};
const TOKEN_OWNER = [emailTokens.userId, emailTokens.purpose];

/**
 * A password-reset token for the account whose email is `email`, replacing that account's earlier
 * reset token; null when there is no such account. One statement (the account is looked up inside
 * it). `auth.requestPasswordReset` runs it after its answer, so whether it wrote a row cannot show
 * in the answer's timing.
 */
export async function issuePasswordResetToken(
  db: Database,
  email: string,
  now: Date,
): Promise<string | null> {
  const drawn = drawToken();
  const purpose: EmailTokenPurpose = "password_reset";
  const inserted = await db
    .insert(emailTokens)
    .select(
      db
        .select({
          id: sql<string>`${drawn.id}`.as("id"),
          secretHash: sql<string>`${drawn.secretHash}`.as("secret_hash"),
          userId: users.id,
          purpose: sql<EmailTokenPurpose>`${purpose}::email_token_purpose`.as("purpose"),
          email: users.email,
          fromEmail: sql<string | null>`null`.as("from_email"),
          createdAt: sql<Date>`${now.toISOString()}::timestamptz`.as("created_at"),
          expiresAt: sql<Date>`${expiresAt(purpose, now).toISOString()}::timestamptz`.as("expires_at"),
        })
        .from(users)
        .where(eq(users.email, email)),
    )
    .onConflictDoUpdate({ target: TOKEN_OWNER, set: REPLACE_EARLIER_TOKEN })
    .returning({ id: emailTokens.id });
  return inserted.length > 0 ? drawn.token : null;
}

export interface EmailTokenRequest {
  userId: string;
  /** Where the link goes: the account's own address, or the new one of an email change. */
  email: string;
  /** An email change only: the account's address now, which the link will replace. */
  fromEmail?: string;
  purpose: EmailTokenPurpose;
  now: Date;
}

/** A token for `input.purpose` sent to `input.email`, replacing the user's earlier tokens of that purpose. */
export async function issueEmailToken(db: Database, input: EmailTokenRequest): Promise<string> {
  const drawn = drawToken();
  await db
    .insert(emailTokens)
    .values({
      id: drawn.id,
      secretHash: drawn.secretHash,
      userId: input.userId,
      purpose: input.purpose,
      email: input.email,
      fromEmail: input.fromEmail ?? null,
      createdAt: input.now,
      expiresAt: expiresAt(input.purpose, input.now),
    })
    .onConflictDoUpdate({ target: TOKEN_OWNER, set: REPLACE_EARLIER_TOKEN });
  return drawn.token;
}

/** The stored row behind `token` if it is well formed, genuine, of one of `purposes` and unexpired. */
export async function findEmailToken(
  db: Database,
  token: string,
  purposes: readonly EmailTokenPurpose[],
  now: Date,
): Promise<EmailToken | null> {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, id, secret] = match as unknown as [string, string, string];
  const [row] = await db.select().from(emailTokens).where(eq(emailTokens.id, id)).limit(1);
  if (!row || !secretMatches(secret, row.secretHash) || !purposes.includes(row.purpose)) return null;
  return row.expiresAt.getTime() > now.getTime() ? row : null;
}

/**
 * Uses `token` up: its row is deleted, and only the caller whose delete removed it gets it back,
 * so two simultaneous uses cannot both succeed. Null for anything `findEmailToken` refuses.
 */
export async function consumeEmailToken(
  db: Database,
  token: string,
  purposes: readonly EmailTokenPurpose[],
  now: Date,
): Promise<EmailToken | null> {
  const found = await findEmailToken(db, token, purposes, now);
  if (!found) return null;
  const [deleted] = await db.delete(emailTokens).where(eq(emailTokens.id, found.id)).returning();
  return deleted ?? null;
}

/** The user's unexpired token of `purpose` (to show a pending email change), or null; there is at most one. */
export async function pendingEmailToken(
  db: Database,
  userId: string,
  purpose: EmailTokenPurpose,
  now: Date,
): Promise<Pick<EmailToken, "email" | "expiresAt"> | null> {
  const [row] = await db
    .select({ email: emailTokens.email, expiresAt: emailTokens.expiresAt })
    .from(emailTokens)
    .where(
      and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), gt(emailTokens.expiresAt, now)),
    )
    .limit(1);
  return row ?? null;
}

/** Deletes the user's tokens of `purpose` (every purpose when null); returns how many. */
export async function deleteUserEmailTokens(
  db: Database,
  userId: string,
  purpose: EmailTokenPurpose | null,
): Promise<number> {
  const scope = eq(emailTokens.userId, userId);
  const deleted = await db
    .delete(emailTokens)
    .where(purpose === null ? scope : and(scope, eq(emailTokens.purpose, purpose)))
    .returning({ id: emailTokens.id });
  return deleted.length;
}

/** Deletes tokens past their expiry (the daily purge); returns how many. */
export async function deleteExpiredEmailTokens(db: Database, now: Date): Promise<number> {
  const deleted = await db
    .delete(emailTokens)
    .where(lte(emailTokens.expiresAt, now))
    .returning({ id: emailTokens.id });
  return deleted.length;
}
