/**
 * 1,000 users x 50 tasks with one bearer session each, written straight into the server's
 * database: through the API it would take minutes of argon2 and throttles. One password hash
 * (argon2id, the app's parameters) serves every user, and sessions come from the app's own
 * createSession, so every token is valid by construction.
 */
import { randomUUID } from "node:crypto";
import { createSession, hashPassword } from "@doable/auth";
import { createPostgresHandle, type Database, tasks, users } from "@doable/db";
import postgres from "postgres";

export const BENCH_PASSWORD = "benchmark passphrase 42";
const SEED_POOL_MAX = 8;
/** Rows per INSERT: 10 columns x 1,000 rows stays far below PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 1000;
const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const ADDRESSES_PER_OCTET = 256;
const PRIORITIES = ["low", "medium", "high"] as const;
const TAGS = ["work", "home", "errand", "later"];
/** Every 4th task is done, every 2nd has a due date, every 3rd a description, every 5th a tag. */
const COMPLETED_EVERY = 4;
const DUE_EVERY = 2;
const DESCRIBED_EVERY = 3;
const TAGGED_EVERY = 5;

export interface SeededUser {
  email: string;
  token: string;
  /** Its own client address (198.19.0.0/16, the benchmark range), sent as X-Forwarded-For. */
  address: string;
}

export interface Seed {
  users: SeededUser[];
  password: string;
  passwordHash: string;
}

function userAddress(index: number): string {
  return `198.19.${Math.floor(index / ADDRESSES_PER_OCTET) % ADDRESSES_PER_OCTET}.${index % ADDRESSES_PER_OCTET}`;
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < rows.length; start += size) result.push(rows.slice(start, start + size));
  return result;
}

function taskRows(userId: string, count: number, now: number): (typeof tasks.$inferInsert)[] {
  return Array.from({ length: count }, (_, index) => {
    const createdAt = new Date(now - (index + 1) * MINUTE_MS);
    const completed = index % COMPLETED_EVERY === 0;
    return {
      userId,
      title: `Task ${index + 1}: ${TAGS[index % TAGS.length]} things to sort out`,
      description:
        index % DESCRIBED_EVERY === 0 ? "Some notes about this task, a sentence or two long." : null,
      completed,
      completedAt: completed ? new Date(createdAt.getTime() + MINUTE_MS / 2) : null,
      priority: PRIORITIES[index % PRIORITIES.length],
      dueAt: index % DUE_EVERY === 0 ? new Date(now + (index - 10) * DAY_MS) : null,
      tags: index % TAGGED_EVERY === 0 ? [TAGS[index % TAGS.length] ?? "work"] : [],
      createdAt,
      updatedAt: createdAt,
    };
  });
}

async function insertInChunks<T>(
  rows: readonly T[],
  insert: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (const chunk of chunks(rows, ROWS_PER_INSERT)) await insert(chunk);
}

async function createSessions(db: Database, userIds: readonly string[], now: Date): Promise<string[]> {
  const tokens: string[] = [];
  // A pool's worth at a time: concurrent enough to be quick, bounded so the pool never queues deep.
  for (const batch of chunks(userIds, SEED_POOL_MAX)) {
    const created = await Promise.all(
      batch.map((userId) => createSession(db, { userId, kind: "cli", userAgent: "doable-bench", now })),
    );
    tokens.push(...created.map((session) => session.token));
  }
  return tokens;
}

/** Fresh statistics, so the planner does not change plans when autovacuum analyzes mid-run. */
async function analyze(databaseUrl: string): Promise<void> {
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await client`analyze users, sessions, tasks`;
  } finally {
    await client.end();
  }
}

export async function seedBenchData(
  databaseUrl: string,
  size: { users: number; tasksPerUser: number },
): Promise<Seed> {
  const handle = createPostgresHandle(databaseUrl, SEED_POOL_MAX);
  try {
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const now = new Date();
    const userRows = Array.from({ length: size.users }, (_, index) => ({
      id: randomUUID(),
      email: `bench-${String(index).padStart(4, "0")}@example.com`,
      name: `Bench user ${index}`,
      passwordHash,
    }));
    await insertInChunks(userRows, (chunk) => handle.db.insert(users).values(chunk));
    const allTasks = userRows.flatMap((user) => taskRows(user.id, size.tasksPerUser, now.getTime()));
    await insertInChunks(allTasks, (chunk) => handle.db.insert(tasks).values(chunk));
    const tokens = await createSessions(
      handle.db,
      userRows.map((user) => user.id),
      now,
    );
    await analyze(databaseUrl);
    return {
      users: userRows.map((user, index) => ({
        email: user.email,
        token: tokens[index] ?? "",
        address: userAddress(index),
      })),
      password: BENCH_PASSWORD,
      passwordHash,
    };
  } finally {
    await handle.close();
  }
}
