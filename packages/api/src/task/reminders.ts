import { type Database, taskReminders, tasks, users } from "@doable/db";
import type { ClockTime } from "@doable/domain";
import { ALL_DAY_REMINDER_TIME } from "@doable/domain/reminder";
import type { Mailer } from "@doable/mail";
import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { reminderMail } from "../mail/account-mail";
import type { TaskView } from "./task-events";
import { taskColumns } from "./task-columns";

/** Reminders fired by one claim; a full batch is followed at once by the next. */
export const REMINDERS_PER_CLAIM = 100;

/**
 * The new `remind_at` of a task whose due day or time changes (`change` as the update writes it)
 * while its reminder is left as it was: moved by as much as the due time moves (09:00 on a day
 * without one, as the offsets count, @doable/domain/reminder), on the owner's clock, so "15
 * minutes before" stays 15 minutes before, across a daylight-saving change too
 * (docs/decisions/0049). A task without a reminder, or without a due day before or after, keeps
 * what it has. Nothing when neither due field changes.
 */
export function reminderFollowingDue(
  change: { dueDate?: string | null; dueTime?: string | null },
  timeZone: string,
): { remindAt: SQL } | Record<string, never> {
  if (change.dueDate === undefined && change.dueTime === undefined) return {};
  const day = change.dueDate === undefined ? sql`${tasks.dueDate}` : sql`${change.dueDate}::date`;
  const time = change.dueTime === undefined ? sql`${tasks.dueTime}` : sql`${change.dueTime}::time`;
  const anchor = (dueDay: SQL, dueTime: SQL): SQL =>
    sql`(${dueDay} + coalesce(${dueTime}, ${ALL_DAY_REMINDER_TIME}::time))`;
  const moved = sql`${anchor(day, time)} - ${anchor(sql`${tasks.dueDate}`, sql`${tasks.dueTime}`)}`;
  return {
    remindAt: sql`coalesce(((${tasks.remindAt} at time zone ${timeZone}) + (${moved})) at time zone ${timeZone}, ${tasks.remindAt})`,
  };
}

/**
 * The reminder of a repeating task's next occurrence: the completed one's, as many days later on
 * the owner's clock as the next due day is after the completed one's. None when it had none; one
 * already past by then is kept but never fires (migration 0013).
 */
export function reminderOfNextOccurrence(
  userId: string,
  remindAt: Date | null,
  fromDay: string,
  toDay: string,
): SQL | null {
  if (remindAt === null) return null;
  const zone = sql`(select ${users.timeZone} from ${users} where ${users.id} = ${userId})`;
  return sql`((${remindAt.toISOString()}::timestamptz at time zone ${zone}) + (${toDay}::date - ${fromDay}::date) * interval '1 day') at time zone ${zone}`;
}

/** The caller's reminders still to come, soonest first: `task.reminders`, `doable due`. */
export async function upcomingReminders(db: Database, userId: string, limit: number): Promise<TaskView[]> {
  return db
    .select(taskColumns)
    .from(taskReminders)
    .innerJoin(tasks, eq(tasks.id, taskReminders.taskId))
    .where(
      and(
        eq(taskReminders.userId, userId),
        isNull(taskReminders.sentAt),
        eq(tasks.userId, userId),
        isNull(tasks.deletedAt),
      ),
    )
    .orderBy(asc(taskReminders.remindAt), asc(taskReminders.taskId))
    .limit(limit);
}

/** A reminder that has just fired, with what its email says and where it goes. */
export interface FiredReminder {
  taskId: string;
  userId: string;
  title: string;
  dueDate: string | null;
  dueTime: ClockTime | null;
  remindAt: Date;
  email: string;
  /** Reminders are emailed only to an address its owner confirmed. */
  emailVerified: boolean;
  timeZone: string;
}

/**
 * Fires up to `max` due reminders (`claim_due_reminders`, migration 0013): each is marked sent and
 * put on its owner's live stream in the same statement, exactly once however many instances call
 * this at the same moment. Answers them, for the email.
 */
export async function claimDueReminders(
  db: Database,
  max: number = REMINDERS_PER_CLAIM,
): Promise<FiredReminder[]> {
  const rows = await db
    .select({
      taskId: tasks.id,
      userId: tasks.userId,
      title: tasks.title,
      dueDate: tasks.dueDate,
      dueTime: taskColumns.dueTime,
      remindAt: sql<Date>`"fired"."remind_at"`.mapWith(tasks.remindAt),
      email: users.email,
      emailVerifiedAt: users.emailVerifiedAt,
      timeZone: users.timeZone,
    })
    .from(sql`claim_due_reminders(${max}) as "fired"`)
    .innerJoin(tasks, sql`${tasks.id} = "fired"."task_id"`)
    .innerJoin(users, eq(users.id, tasks.userId))
    .orderBy(sql`"fired"."remind_at"`);
  return rows.map(({ emailVerifiedAt, ...row }) => ({ ...row, emailVerified: emailVerifiedAt !== null }));
}

/** Where a reminder's email sends its reader. */
const DASHBOARD_PATH = "/dashboard";

/**
 * Fires every reminder now due (a batch at a time) and emails each to its owner when mail is
 * available and the owner confirmed their address; the live stream shows it in every open tab
 * (`claim_due_reminders`). Answers how many fired. What one instance fired, another never fires.
 */
export async function fireDueReminders(options: {
  db: Database;
  mailer: Mailer;
  appOrigin: string;
  /** True once the server is shutting down: no further batch is claimed. */
  stopping?: () => boolean;
}): Promise<number> {
  let fired = 0;
  for (;;) {
    const batch = await claimDueReminders(options.db);
    fired += batch.length;
    if (options.mailer.available) {
      for (const reminder of batch) {
        if (!reminder.emailVerified) continue;
        options.mailer.send(reminderMail(reminder.email, reminder, `${options.appOrigin}${DASHBOARD_PATH}`));
      }
    }
    if (batch.length < REMINDERS_PER_CLAIM || options.stopping?.()) return fired;
  }
}
