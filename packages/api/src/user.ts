import { twoFactorOnColumn } from "@doable/auth";
import { type Database, publicUserColumns, users } from "@doable/db";
import type { PublicUser } from "@doable/domain";
import { eq } from "drizzle-orm";

export type { PublicUser } from "@doable/domain";

/** An account and its password hash, as the credential lookups below read them. */
const credentialColumns = { user: publicUserColumns, passwordHash: users.passwordHash };

export async function findUserCredentials(
  db: Database,
  where: { email: string } | { id: string },
): Promise<{ user: PublicUser; passwordHash: string } | null> {
  const [row] = await db
    .select(credentialColumns)
    .from(users)
    .where("email" in where ? eq(users.email, where.email) : eq(users.id, where.id))
    .limit(1);
  return row ?? null;
}

/** What a password sign-in reads of an account: its credentials and whether a code must follow. */
export interface SignInAccount {
  user: PublicUser;
  passwordHash: string;
  twoFactorOn: boolean;
}

/**
 * The account a sign-in names, in one statement: every statement is a round trip and a socket
 * write on the sign-in's path, and whether a code must follow is needed only once the password
 * is right.
 */
export async function findSignInAccount(db: Database, email: string): Promise<SignInAccount | null> {
  const [row] = await db
    .select({ ...credentialColumns, twoFactorOn: twoFactorOnColumn(users.id) })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  return row ?? null;
}

export async function findUserById(db: Database, id: string): Promise<PublicUser | null> {
  const [row] = await db.select(publicUserColumns).from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}
