import { randomBytes } from "node:crypto";
import { type Database, recoveryCodes } from "@doable/db";
import { and, count, eq } from "drizzle-orm";
import { hashSecret } from "./secret-hash";
import { base32Encode } from "./totp";

/** How many recovery codes a user holds after turning two-factor on or regenerating them. */
export const RECOVERY_CODE_COUNT = 10;
/** 50 bits each (10 base32 characters): hopeless to guess through the sign-in throttle. */
const RECOVERY_CODE_BYTES = 7;
const RECOVERY_CODE_CHARACTERS = 10;
const RECOVERY_CODE_GROUP = 5;
/** Hyphens, spaces and case are how people copy codes, not part of them. */
const RECOVERY_CODE_SEPARATORS = /[\s-]/g;

/** A new code as people see it: `abcde-fghij` (lower-case base32, two groups of five). */
function newRecoveryCode(): string {
  const text = base32Encode(randomBytes(RECOVERY_CODE_BYTES))
    .slice(0, RECOVERY_CODE_CHARACTERS)
    .toLowerCase();
  return `${text.slice(0, RECOVERY_CODE_GROUP)}-${text.slice(RECOVERY_CODE_GROUP)}`;
}

/** The one form a recovery code is hashed in, however it was typed. */
export function normalizeRecoveryCode(code: string): string {
  return code.replace(RECOVERY_CODE_SEPARATORS, "").toLowerCase();
}

function hashRecoveryCode(code: string): string {
  return hashSecret(normalizeRecoveryCode(code));
}

/**
 * Replaces the user's recovery codes with `RECOVERY_CODE_COUNT` new ones and returns them: the only
 * time they exist outside the user's hands (only their SHA-256 is stored; 50 random bits each
 * need no slow hash).
 */
export async function replaceRecoveryCodes(db: Database, userId: string, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.transaction(async (tx) => {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx
      .insert(recoveryCodes)
      .values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code), createdAt: now })));
  });
  return codes;
}

/**
 * Uses up one of the user's recovery codes: true only for the caller whose delete removed it, so
 * a code works once even when presented twice at the same moment.
 */
export async function consumeRecoveryCode(db: Database, userId: string, code: string): Promise<boolean> {
  const deleted = await db
    .delete(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code))))
    .returning({ userId: recoveryCodes.userId });
  return deleted.length > 0;
}

export async function countRecoveryCodes(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ left: count() })
    .from(recoveryCodes)
    .where(eq(recoveryCodes.userId, userId));
  return row?.left ?? 0;
}

export async function deleteRecoveryCodes(db: Database, userId: string): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}
