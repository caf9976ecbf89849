import { createHash } from "node:crypto";
import {
  type Database,
  type DatabaseHandle,
  type EmailTokenPurpose,
  emailTokens,
  isUniqueViolation,
  users,
} from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { PASSWORD_RESET_TOKEN_LIFETIME_MS } from "@doable/domain";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  consumeEmailToken,
  deleteExpiredEmailTokens,
  findEmailToken,
  issueEmailToken,
  issuePasswordResetToken,
  pendingEmailToken,
} from "./email-token";
import { deleteEmailBuckets, emailBucketSubject, PASSWORD_RESET_EMAIL_BUCKET, takeToken } from "./rate-limit";

const T0 = new Date("2030-01-01T00:00:00.000Z");
const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);

let handle: DatabaseHandle;
let db: Database;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => {
  await handle.close();
});

async function createUser(email: string): Promise<string> {
  const [user] = await db.insert(users).values({ email, passwordHash: "x" }).returning({ id: users.id });
  if (!user) throw new Error("no user");
  return user.id;
}

describe("password reset tokens", () => {
  it("stores only the SHA-256 of the secret, and replaces the account's earlier token", async () => {
    const userId = await createUser("reset@example.com");
    const first = await issuePasswordResetToken(db, "reset@example.com", T0);
    const second = await issuePasswordResetToken(db, "reset@example.com", T0);
    expect(first).toMatch(/^[A-Za-z0-9_-]{20}\.[A-Za-z0-9_-]{32}$/);
    const rows = await db.select().from(emailTokens);
    expect(rows).toHaveLength(1);
    const [id, secret] = (second ?? "").split(".");
    expect(rows[0]).toMatchObject({ id, userId, purpose: "password_reset", email: "reset@example.com" });
    expect(rows[0]?.secretHash).toBe(
      createHash("sha256")
        .update(secret ?? "")
        .digest("hex"),
    );
    expect(await findEmailToken(db, first ?? "", ["password_reset"], T0)).toBeNull();
  });

  it("issues nothing for an unknown email", async () => {
    expect(await issuePasswordResetToken(db, "nobody@example.com", T0)).toBeNull();
  });

  it("is used once, only for its purpose, only before it expires", async () => {
    await createUser("once@example.com");
    const token = (await issuePasswordResetToken(db, "once@example.com", T0)) ?? "";
    expect(await findEmailToken(db, token, ["email_verification"], T0)).toBeNull();
    expect(
      await findEmailToken(db, token, ["password_reset"], at(PASSWORD_RESET_TOKEN_LIFETIME_MS)),
    ).toBeNull();
    const [a, b] = await Promise.all([
      consumeEmailToken(db, token, ["password_reset"], T0),
      consumeEmailToken(db, token, ["password_reset"], T0),
    ]);
    expect([a, b].filter((row) => row !== null)).toHaveLength(1);
    expect(await consumeEmailToken(db, token, ["password_reset"], T0)).toBeNull();
  });

  it("refuses a forged secret and a malformed token", async () => {
    await createUser("forged@example.com");
    const token = (await issuePasswordResetToken(db, "forged@example.com", T0)) ?? "";
    const forged = `${token.split(".")[0]}.${"A".repeat(32)}`;
    expect(await consumeEmailToken(db, forged, ["password_reset"], T0)).toBeNull();
    expect(await consumeEmailToken(db, "not a token", ["password_reset"], T0)).toBeNull();
    expect(await findEmailToken(db, token, ["password_reset"], T0)).not.toBeNull();
  });
});

describe("other email tokens", () => {
  it("keeps one link per user and purpose, however many are issued at once", async () => {
    const userId = await createUser("racing@example.com");
    const issued = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        issueEmailToken(db, { userId, email: `new${index}@example.com`, purpose: "email_change", now: T0 }),
      ),
    );
    const resets = await Promise.all(
      Array.from({ length: 5 }, () => issuePasswordResetToken(db, "racing@example.com", T0)),
    );
    const rows = await db.select().from(emailTokens).where(eq(emailTokens.userId, userId));
    expect(rows.map((row) => row.purpose).sort()).toEqual(["email_change", "password_reset"]);
    const live = async (tokens: Array<string | null>, purpose: EmailTokenPurpose): Promise<number> =>
      (await Promise.all(tokens.map((token) => findEmailToken(db, token ?? "", [purpose], T0)))).filter(
        (row) => row !== null,
      ).length;
    expect(await live(issued, "email_change")).toBe(1);
    expect(await live(resets, "password_reset")).toBe(1);
    // The pending change shown is the one row there is.
    const pending = await pendingEmailToken(db, userId, "email_change", T0);
    expect(rows.find((row) => row.purpose === "email_change")?.email).toBe(pending?.email);
  });

  it("is backed by a unique index: a second row for one user and purpose is refused", async () => {
    const userId = await createUser("unique@example.com");
    const row = {
      secretHash: "0".repeat(64),
      userId,
      purpose: "email_verification" as const,
      email: "unique@example.com",
      createdAt: T0,
      expiresAt: at(PASSWORD_RESET_TOKEN_LIFETIME_MS),
    };
    await db.insert(emailTokens).values({ ...row, id: "a".repeat(20) });
    const second = await db
      .insert(emailTokens)
      .values({ ...row, id: "b".repeat(20) })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isUniqueViolation(second)).toBe(true);
  });

  it("shows a pending change and purges expired tokens", async () => {
    const userId = await createUser("change@example.com");
    await issueEmailToken(db, { userId, email: "new@example.com", purpose: "email_change", now: T0 });
    expect(await pendingEmailToken(db, userId, "email_change", T0)).toMatchObject({
      email: "new@example.com",
    });
    expect(
      await deleteExpiredEmailTokens(db, at(2 * PASSWORD_RESET_TOKEN_LIFETIME_MS * 100)),
    ).toBeGreaterThan(0);
    expect(await pendingEmailToken(db, userId, "email_change", T0)).toBeNull();
  });
});

describe("deleteEmailBuckets", () => {
  it("deletes the buckets of exactly this address, wildcards and all", async () => {
    await takeToken(db, PASSWORD_RESET_EMAIL_BUCKET, emailBucketSubject("a_b%@example.com"), T0);
    await takeToken(db, PASSWORD_RESET_EMAIL_BUCKET, emailBucketSubject("axb1@example.com"), T0);
    expect(await deleteEmailBuckets(db, "a_b%@example.com")).toBe(1);
    expect(await deleteEmailBuckets(db, "a_b%@example.com")).toBe(0);
    expect(await deleteEmailBuckets(db, "axb1@example.com")).toBe(1);
  });
});
