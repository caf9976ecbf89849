import { securityEvents, sessions, tasks, users } from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptCaller } from "./caller";
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from "./seed-data";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

async function everything(): Promise<string> {
  const db = handle.db;
  return JSON.stringify({
    users: await db.select().from(users).orderBy(users.id),
    tasks: await db.select().from(tasks).orderBy(tasks.id),
    sessions: await db.select().from(sessions).orderBy(sessions.id),
    events: await db.select().from(securityEvents).orderBy(securityEvents.id),
  });
}

/** A fixed seeding moment, late in its day: the due days are counted from that day. */
const SEEDED_AT = new Date("2026-03-28T23:30:00Z");

describe("seedDemo", () => {
  it("creates the demo user with realistic tasks through the API, and leaves no session behind", async () => {
    const result = await seedDemo(handle.db, SEEDED_AT);
    expect(result.created).toBe(result.total);
    expect(result.total).toBeGreaterThanOrEqual(8);
    const answer = await scriptCaller(handle.db).auth.signIn({
      email: DEMO_EMAIL,
      password: DEMO_PASSWORD,
      transport: "bearer",
    });
    const token = "token" in answer ? answer.token : null;
    const demo = scriptCaller(handle.db, token);
    const stats = await demo.task.stats();
    expect(stats).toMatchObject({ total: result.total });
    expect(stats.completed).toBeGreaterThan(0);
    expect(stats.overdue).toBeGreaterThan(0);
    const { items } = await demo.task.list({ status: "all", sort: "due", order: "asc", limit: 100 });
    const due = Object.fromEntries(items.map((task) => [task.title, [task.dueDate, task.dueTime]]));
    // Counted on the demo account's calendar (UTC) from the seeding day, 2026-03-28.
    expect(due).toMatchObject({
      "Renew passport": ["2026-03-26", null],
      "Book dentist appointment": ["2026-03-28", null],
      "Send the quarterly report to Maria": ["2026-03-29", "17:00"],
      "Call the plumber back": ["2026-03-30", "09:30"],
      "Review pull requests": [null, null],
    });
    await demo.auth.signOut();
    const [user] = await handle.db.select().from(users).where(eq(users.email, DEMO_EMAIL));
    expect(
      await handle.db
        .select()
        .from(sessions)
        .where(eq(sessions.userId, user?.id ?? "")),
    ).toEqual([]);
  });

  it("changes nothing when run again", async () => {
    const before = await everything();
    expect(await seedDemo(handle.db)).toMatchObject({ created: 0 });
    expect(await everything()).toBe(before);
  });

  it("completes a partial seed without duplicating what is there", async () => {
    const [user] = await handle.db.select().from(users).where(eq(users.email, DEMO_EMAIL));
    const [first] = await handle.db
      .select()
      .from(tasks)
      .where(eq(tasks.userId, user?.id ?? ""))
      .limit(1);
    await handle.db.delete(tasks).where(eq(tasks.id, first?.id ?? ""));
    expect(await seedDemo(handle.db)).toMatchObject({ created: 1 });
    const all = await handle.db
      .select({ id: tasks.id })
      .from(tasks)
      .where(eq(tasks.userId, user?.id ?? ""));
    expect(new Set(all.map((task) => task.id)).size).toBe(all.length);
  });
});
