import { type Database, isUniqueViolation, type Passkey, passkeys, users } from "@doable/db";
import { and, asc, count, eq } from "drizzle-orm";

/** What `/account` lists of a passkey: never its key or credential id. */
export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const summaryColumns = {
  id: passkeys.id,
  name: passkeys.name,
  createdAt: passkeys.createdAt,
  lastUsedAt: passkeys.lastUsedAt,
};

/** A user's passkeys, oldest first (the order they were added, stable under renames and use). */
export function listPasskeys(db: Database, userId: string): Promise<PasskeySummary[]> {
  return db
    .select(summaryColumns)
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(asc(passkeys.createdAt), asc(passkeys.id));
}

/** The credential ids (and transports) a user already registered: the browser then refuses a duplicate. */
export function passkeyCredentials(
  db: Database,
  userId: string,
): Promise<Array<{ credentialId: string; transports: string[] }>> {
  return db
    .select({ credentialId: passkeys.credentialId, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, userId));
}

export type NewPasskey = Pick<
  Passkey,
  "userId" | "credentialId" | "publicKey" | "counter" | "transports" | "name"
> & {
  now: Date;
};

/** Why a passkey was not added: the user is at the limit, or the credential is registered already. */
export type AddPasskeyOutcome = { added: PasskeySummary } | { refused: "limit" | "duplicate" };

/**
 * Adds a passkey unless the user already has `max`. The user's row is locked for the count and the
 * insert, so two registrations finishing at once cannot both pass the count.
 */
export async function addPasskeyWithinLimit(
  db: Database,
  passkey: NewPasskey,
  max: number,
): Promise<AddPasskeyOutcome> {
  try {
    return await db.transaction(async (tx): Promise<AddPasskeyOutcome> => {
      await tx.select({ id: users.id }).from(users).where(eq(users.id, passkey.userId)).for("update");
      const [held] = await tx
        .select({ n: count() })
        .from(passkeys)
        .where(eq(passkeys.userId, passkey.userId));
      if ((held?.n ?? 0) >= max) return { refused: "limit" };
      const { now, ...values } = passkey;
      const [added] = await tx
        .insert(passkeys)
        .values({ ...values, createdAt: now })
        .returning(summaryColumns);
      if (!added) throw new Error("passkey insert returned no row");
      return { added };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { refused: "duplicate" };
    throw error;
  }
}

/** The passkey a sign-in presents, by the authenticator's credential id (whoever's it is). */
export async function findPasskeyByCredentialId(db: Database, credentialId: string): Promise<Passkey | null> {
  const [row] = await db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId)).limit(1);
  return row ?? null;
}

/**
 * Records a verified use: the new signature counter and the time. Conditional on the counter read
 * before the verification, so of two assertions checked against the same counter only one counts.
 */
export async function recordPasskeyUse(
  db: Database,
  passkey: Pick<Passkey, "id" | "counter">,
  newCounter: number,
  now: Date,
): Promise<boolean> {
  const updated = await db
    .update(passkeys)
    .set({ counter: newCounter, lastUsedAt: now })
    .where(and(eq(passkeys.id, passkey.id), eq(passkeys.counter, passkey.counter)))
    .returning({ id: passkeys.id });
  return updated.length > 0;
}

/** Renames one of the user's passkeys; false when it is not theirs (or not there). */
export async function renamePasskey(
  db: Database,
  userId: string,
  id: string,
  name: string,
): Promise<boolean> {
  const renamed = await db
    .update(passkeys)
    .set({ name })
    .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))
    .returning({ id: passkeys.id });
  return renamed.length > 0;
}

/** Deletes one of the user's passkeys and answers its name; null when it is not theirs (or not there). */
export async function deletePasskey(db: Database, userId: string, id: string): Promise<string | null> {
  const [deleted] = await db
    .delete(passkeys)
    .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))
    .returning({ name: passkeys.name });
  return deleted?.name ?? null;
}
