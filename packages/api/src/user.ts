import { type Database, users } from "@doable/db";
import type { PublicUser } from "@doable/domain";
import { eq } from "drizzle-orm";

/** The only user fields that ever leave the server. */
export const publicUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  createdAt: users.createdAt,
} satisfies Record<keyof PublicUser, unknown>;

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
