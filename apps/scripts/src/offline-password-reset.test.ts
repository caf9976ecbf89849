import { createSession, verifyPassword } from "@doable/auth";
import { securityEvents, users } from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { unavailableMailer } from "@doable/mail";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptCaller } from "./caller";
import { resetPasswordOffline } from "./offline-password-reset";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe("resetPasswordOffline (pnpm user:reset-password)", () => {
  it("sets the password through the API, ends every session and records the reset", async () => {
    const db = handle.db;
    const { user } = await scriptCaller(db).auth.signUp({
      email: "forgetful@example.com",
      password: "old passphrase",
    });
    const { token } = await createSession(db, {
      userId: user.id,
      kind: "cli",
      userAgent: null,
      now: new Date(),
    });
    expect(
      await resetPasswordOffline(db, " Forgetful@Example.com ", "new passphrase here", unavailableMailer),
    ).toBe(true);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword(row?.passwordHash ?? "", "new passphrase here")).toBe(true);
    expect(await scriptCaller(db, token).auth.me()).toBeNull();
    const events = await db.select().from(securityEvents).where(eq(securityEvents.userId, user.id));
    expect(events.map((event) => event.type)).toContain("password_reset");
  });

  it("says so when no account has the email", async () => {
    expect(
      await resetPasswordOffline(handle.db, "nobody@example.com", "new passphrase here", unavailableMailer),
    ).toBe(false);
  });
});
