import { randomBytes } from "node:crypto";
import { type Database, recoveryCodes } from "@doable/db";
import { and, count, eq } from "drizzle-orm";
import { hashSecret } from "./secret-hash";
import { base32Encode } from "./totp";

/** How many recovery codes a user holds after turning two-factor on or regenerating them. */
export const RECOVERY_CODE_COUNT = 10;
/**
 * 120 bits each (24 base32 characters): at 112 bits or more a plain SHA-256 is an acceptable way
 * to store a lookup secret (ASVS V6.5.2), and one check per attempt stays one hash, not ten
 * argon2 verifications.
 */
const RECOVERY_CODE_BYTES = 15;
/** Shown in groups of four, like a product key: easy to read out and to type. */
const RECOVERY_CODE_GROUP = /.{4}/g;
/** Hyphens, spaces and case are how people copy codes, not part of them. */
const RECOVERY_CODE_SEPARATORS = /[\s-]/g;

/** A new code as people see it: `abcd-efgh-ijkl-mnop-qrst-uvwx` (lower-case base32). */
function newRecoveryCode(): string {
  const text = base32Encode(randomBytes(RECOVERY_CODE_BYTES)).toLowerCase();
  return (text.match(RECOVERY_CODE_GROUP) ?? [text]).join("-");
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
 * time they exist outside the user's hands (only their SHA-256 is stored).
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
