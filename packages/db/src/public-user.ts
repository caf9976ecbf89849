import type { PublicUser } from "@doable/domain";
import { users } from "./schema";

/** The only user fields that ever leave the server, and what a valid session carries. */
export const publicUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  timeZone: users.timeZone,
  createdAt: users.createdAt,
} satisfies Record<keyof PublicUser, unknown>;
