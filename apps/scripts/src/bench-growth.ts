/**
 * `pnpm bench:growth`: does `task.list` stay as fast for a user with 100,000 tasks as for one with
 * 100? Seeds both users in a throwaway database (in-memory PGlite, or a new database on the
 * TEST_DATABASE_URL server), then calls `task.list` through `createCaller` for every sort and
 * order, alone and with the common filters, plus searches, a second page and `task.stats`, and
 * prints the median of each for both users and their ratio (goal: at most 1.5). It only reports:
 * timing is never asserted in a test.
 */
import type { ListTasksInput } from "@doable/api/validators";
import { createSession } from "@doable/auth";
import { type Database, users } from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { sql } from "drizzle-orm";
import { scriptCaller } from "./caller";
import { RARE_TAG, RARE_WORD, seedGrowthTasks } from "./growth-data";

const SMALL_COUNT = 100;
const LARGE_COUNT = 100_000;
/** Timed calls per user and case; the first few calls of each case only warm caches. */
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 31);
const WARM_UP_CALLS = 3;
/** The page size the dashboard asks for. */
const PAGE_SIZE = 30;
const GOAL_RATIO = 1.5;

type ListInput = NonNullable<ListTasksInput>;
type Caller = ReturnType<typeof scriptCaller>;

interface BenchCase {
  name: string;
  run(caller: Caller): Promise<unknown>;
}

const SORTS: Array<Pick<ListInput, "sort" | "order">> = [
  { sort: "created", order: "desc" },
  { sort: "created", order: "asc" },
  { sort: "due", order: "asc" },
  { sort: "due", order: "desc" },
  { sort: "priority", order: "desc" },
  { sort: "priority", order: "asc" },
  { sort: "title", order: "asc" },
  { sort: "title", order: "desc" },
];

const FILTERS: Record<string, Partial<ListInput>> = {
  all: {},
  active: { status: "active" },
  completed: { status: "completed" },
  "tag work": { tag: "work" },
  [`tag ${RARE_TAG}`]: { tag: RARE_TAG },
  "priority high": { priority: "high" },
  "active, tag work, high": { status: "active", tag: "work", priority: "high" },
};

const SEARCHES = ["passport", "quarterly report", RARE_WORD, "no such words", "ma", "x"];

function listCase(name: string, input: ListInput): BenchCase {
  return { name, run: (caller) => caller.task.list({ limit: PAGE_SIZE, ...input }) };
}

function benchCases(): BenchCase[] {
  const cases: BenchCase[] = [];
  for (const [filterName, filter] of Object.entries(FILTERS)) {
    for (const order of SORTS)
      cases.push(listCase(`${order.sort} ${order.order}, ${filterName}`, { ...order, ...filter }));
  }
  for (const search of SEARCHES) {
    cases.push(listCase(`search "${search}"`, { search }));
    cases.push(listCase(`search "${search}", title asc`, { search, sort: "title", order: "asc" }));
  }
  cases.push(listCase("due overdue", { due: "overdue", sort: "due" }));
  cases.push({
    name: "created desc, second page",
    run: async (caller) => {
      const first = await caller.task.list({ limit: PAGE_SIZE });
      return caller.task.list({ limit: PAGE_SIZE, cursor: first.nextCursor });
    },
  });
  cases.push({ name: "task.stats", run: (caller) => caller.task.stats() });
  return cases;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** A user with `count` tasks and a bearer session; returns its caller. */
async function seededUser(db: Database, label: string, count: number): Promise<Caller> {
  const [user] = await db
    .insert(users)
    // Never signs in with a password: the session is created directly.
    .values({ email: `bench-${label}@example.com`, passwordHash: "unused" })
    .returning({ id: users.id });
  if (!user) throw new Error("user insert returned no row");
  const now = new Date();
  const started = performance.now();
  await seedGrowthTasks(db, user.id, count, now);
  console.log(`seeded ${count} tasks in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const { token } = await createSession(db, { userId: user.id, kind: "cli", userAgent: null, now });
  return scriptCaller(db, token);
}

interface Samples {
  small: number[];
  large: number[];
}

/**
 * Every case once per round, for SAMPLES rounds: a burst of load from elsewhere on the machine
 * (2 cores shared) then falls on every case and on both users alike, not on one case's samples.
 */
async function measureAll(cases: BenchCase[], small: Caller, large: Caller): Promise<Samples[]> {
  for (const benchCase of cases) {
    for (let index = 0; index < WARM_UP_CALLS; index++) {
      await benchCase.run(small);
      await benchCase.run(large);
    }
  }
  const samples = cases.map((): Samples => ({ small: [], large: [] }));
  for (let round = 0; round < SAMPLES; round++) {
    for (const [index, benchCase] of cases.entries()) {
      const sample = samples[index];
      if (!sample) continue;
      // Alternate which user goes first, so neither always meets a warmer cache.
      const order: Array<[Caller, number[]]> = [
        [small, sample.small],
        [large, sample.large],
      ];
      if (round % 2 === 1) order.reverse();
      for (const [caller, times] of order) times.push(await timed(() => benchCase.run(caller)));
    }
  }
  return samples;
}

function row(cells: string[], widths: number[]): string {
  return cells
    .map((cell, index) => (index === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[index] ?? 0)))
    .join("  ");
}

async function main(): Promise<void> {
  const handle = await createTestDatabase();
  try {
    console.log(`backend: ${handle.driver}; ${SAMPLES} samples per user and case`);
    const small = await seededUser(handle.db, "small", SMALL_COUNT);
    const large = await seededUser(handle.db, "large", LARGE_COUNT);
    // What follows a bulk load within a minute: autovacuum on a server, the upkeep on PGlite
    // (packages/db/src/pglite-upkeep.ts). Without it PGlite's planner would have no statistics.
    await handle.db.execute(sql`vacuum analyze`);

    const widths = [44, 10, 12, 7];
    console.log(row(["case", `${SMALL_COUNT} p50`, `${LARGE_COUNT} p50`, "ratio"], widths));
    let over = 0;
    const cases = benchCases();
    const samples = await measureAll(cases, small, large);
    for (const [index, benchCase] of cases.entries()) {
      const smallMs = median(samples[index]?.small ?? []);
      const largeMs = median(samples[index]?.large ?? []);
      const ratio = largeMs / smallMs;
      if (ratio > GOAL_RATIO) over += 1;
      const flag = ratio > GOAL_RATIO ? "  over" : "";
      console.log(
        row(
          [benchCase.name, `${smallMs.toFixed(2)} ms`, `${largeMs.toFixed(2)} ms`, ratio.toFixed(2)],
          widths,
        ) + flag,
      );
    }
    console.log(over === 0 ? `every case within ${GOAL_RATIO}x` : `${over} case(s) over ${GOAL_RATIO}x`);
  } finally {
    await handle.close();
  }
}

await main();
