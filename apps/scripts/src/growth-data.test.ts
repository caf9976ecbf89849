import { tasks, users } from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { isCalendarDate } from "@doable/domain";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedGrowthTasks } from "./growth-data";

const COUNT = 400;
const NOW = new Date("2026-12-01T12:00:00Z");

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

async function seededDueDates(label: string): Promise<Array<[string | null, string | null]>> {
  const [user] = await handle.db
    .insert(users)
    .values({ email: `growth-${label}@example.com`, passwordHash: "unused" })
    .returning({ id: users.id });
  if (!user) throw new Error("user insert returned no row");
  await seedGrowthTasks(handle.db, user.id, COUNT, NOW);
  const rows = await handle.db
    .select({ dueDate: tasks.dueDate, dueTime: tasks.dueTime })
    .from(tasks)
    .where(eq(tasks.userId, user.id))
    .orderBy(asc(tasks.createdAt));
  return rows.map((row) => [row.dueDate, row.dueTime]);
}

describe("seedGrowthTasks", () => {
  it("dates about half the tasks with calendar days, some of those at a quarter-hour time", async () => {
    const dues = await seededDueDates("shape");
    expect(dues).toHaveLength(COUNT);
    const dated = dues.filter(([day]) => day !== null);
    const timed = dues.filter(([, time]) => time !== null);
    expect(dated.length / COUNT).toBeGreaterThan(0.35);
    expect(dated.length / COUNT).toBeLessThan(0.65);
    expect(timed.length).toBeGreaterThan(0);
    expect(timed.length).toBeLessThan(dated.length / 2);
    for (const [day, time] of timed) {
      expect(day).not.toBeNull();
      expect(time).toMatch(/^(0[89]|1[0-7]):(00|15|30|45):00$/);
    }
    expect(dated.every(([day]) => isCalendarDate(day ?? ""))).toBe(true);
  });

  it("gives the same due dates for the same count, whatever the session's time zone", async () => {
    const first = await seededDueDates("first");
    // UTC+14: most creation times fall on another day there. PGlite has one connection, so the
    // seed runs under it; on a server's pool it may not, and the test only shows determinism.
    await handle.db.execute(sql`set time zone 'Pacific/Kiritimati'`);
    try {
      expect(await seededDueDates("second")).toEqual(first);
    } finally {
      await handle.db.execute(sql`set time zone 'UTC'`);
    }
  });
});
