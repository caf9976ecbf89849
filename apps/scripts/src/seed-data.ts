import type { Caller } from "@doable/api";
import { type Database, tasks, users } from "@doable/db";
import {
  addCalendarDays,
  type CalendarDate,
  type ClockTime,
  calendarDateInZone,
  DEFAULT_PRIORITY,
  type Priority,
} from "@doable/domain";
import { TRPCError } from "@trpc/server";
import { and, eq, inArray } from "drizzle-orm";
import { scriptCaller } from "./caller";
import { stableUuid } from "./stable-id";

export const DEMO_EMAIL = "demo@doable.dev";
export const DEMO_PASSWORD = "doable demo account";
const DEMO_NAME = "Demo User";

interface SeedTask {
  title: string;
  description?: string;
  priority?: Priority;
  /** Calendar days from the seeding day on the demo account's calendar; negative is overdue. */
  dueInDays?: number;
  /** On the due day, on the account's clock. */
  dueTime?: ClockTime;
  tags?: string[];
  completed?: boolean;
}

const DEMO_TASKS: SeedTask[] = [
  { title: "Renew passport", priority: "high", dueInDays: -2, tags: ["admin"] },
  { title: "Book dentist appointment", dueInDays: 0, tags: ["health"] },
  {
    title: "Send the quarterly report to Maria",
    priority: "high",
    dueInDays: 1,
    dueTime: "17:00",
    tags: ["work"],
  },
  {
    title: "Plan the team offsite",
    description: "Venue shortlist, budget, two dates to vote on.",
    dueInDays: 9,
    tags: ["work", "planning"],
  },
  { title: "Buy birthday present for Sam", tags: ["home"], completed: true },
  { title: "Fix the squeaky bedroom door", priority: "low", tags: ["home"] },
  { title: "Read chapter 4 of the book club novel", priority: "low", dueInDays: 5, tags: ["reading"] },
  { title: "Call the plumber back", dueInDays: 2, dueTime: "09:30", tags: ["home"] },
  { title: "Cancel the unused streaming subscription", tags: ["admin", "money"], completed: true },
  { title: "Water the plants", dueInDays: 0, tags: ["home"] },
  { title: "Review pull requests", priority: "high", tags: ["work"] },
];

async function demoToken(db: Database): Promise<string> {
  const anonymous = scriptCaller(db);
  try {
    await anonymous.auth.signUp({ email: DEMO_EMAIL, password: DEMO_PASSWORD, name: DEMO_NAME });
  } catch (error) {
    // Seeding twice finds the account already there; anything else is a real failure.
    if (!(error instanceof TRPCError && error.code === "CONFLICT")) throw error;
  }
  const answer = await anonymous.auth.signIn({
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    transport: "bearer",
  });
  // Someone turned two-factor on for the demo account: the seed has no code to give.
  if ("twoFactorRequired" in answer) throw new Error(`${DEMO_EMAIL} has two-factor on: turn it off to seed`);
  if (!answer.token) throw new Error("bearer sign-in returned no token");
  return answer.token;
}

export interface SeedResult {
  created: number;
  total: number;
}

/** The task's due day counted on the calendar from `today`, so no daylight-saving change shifts it. */
function demoDue(
  task: SeedTask,
  today: CalendarDate,
): { dueDate: CalendarDate | null; dueTime: ClockTime | null } {
  if (task.dueInDays === undefined) return { dueDate: null, dueTime: null };
  return { dueDate: addCalendarDays(today, task.dueInDays), dueTime: task.dueTime ?? null };
}

function demoTaskId(task: SeedTask): string {
  return stableUuid(`demo-task:${task.title}`);
}

/** True when the demo account and every demo task exist: then seeding must not even sign in. */
async function alreadySeeded(db: Database): Promise<boolean> {
  const [demo] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_EMAIL));
  if (!demo) return false;
  const present = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.userId, demo.id), inArray(tasks.id, DEMO_TASKS.map(demoTaskId))));
  return present.length === DEMO_TASKS.length;
}

/**
 * The demo account with realistic tasks, created through the API like any client would. Ids are
 * derived from the titles, and a complete seed is detected first, so a second run changes nothing.
 */
export async function seedDemo(db: Database, now: Date = new Date()): Promise<SeedResult> {
  if (await alreadySeeded(db)) return { created: 0, total: DEMO_TASKS.length };
  const token = await demoToken(db);
  const caller: Caller = scriptCaller(db, token);
  try {
    const me = await caller.auth.me();
    if (!me) throw new Error("the demo session is not signed in");
    const today = calendarDateInZone(now, me.timeZone);
    let created = 0;
    for (const task of DEMO_TASKS) {
      const id = demoTaskId(task);
      const existing = await caller.task.byId({ id }).catch(() => null);
      if (existing) continue;
      await caller.task.create({
        id,
        title: task.title,
        description: task.description ?? null,
        priority: task.priority ?? DEFAULT_PRIORITY,
        ...demoDue(task, today),
        tags: task.tags ?? [],
      });
      if (task.completed) await caller.task.setCompleted({ id, completed: true });
      created += 1;
    }
    return { created, total: DEMO_TASKS.length };
  } finally {
    await caller.auth.signOut();
  }
}
