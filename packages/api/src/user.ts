import { type Database, publicUserColumns, users } from "@doable/db";
import type { PublicUser } from "@doable/domain";
import { eq } from "drizzle-orm";

export type { PublicUser } from "@doable/domain";

export async function findUserCredentials(
  db: Database,
  where: { email: string } | { id: string },
): Promise<{ user: PublicUser; passwordHash: string } | null> {
  const [row] = await db
    .select({ user: publicUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .where("email" in where ? eq(users.email, where.email) : eq(users.id, where.id))
    .limit(1);
  return row ?? null;
}

export async function findUserById(db: Database, id: string): Promise<PublicUser | null> {
  const [row] = await db.select(publicUserColumns).from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}
