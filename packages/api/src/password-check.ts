import type { PasswordService } from "@doable/auth";
import type { Database } from "@doable/db";
import type { TRPCError } from "@trpc/server";
import { fieldError } from "./field-errors";
import { findUserCredentials } from "./user";

/** A wrong password on an account action is a field error, not a sign-out. */
export function wrongPassword(field: string): TRPCError {
  return fieldError(field, "Password is incorrect");
}

/** Whether `password` is the user's, for account actions that ask for it again. */
export async function passwordMatches(
  db: Database,
  passwords: PasswordService,
  userId: string,
  password: string,
): Promise<boolean> {
  const credentials = await findUserCredentials(db, { id: userId });
  return credentials !== null && (await passwords.verify(credentials.passwordHash, password));
}
