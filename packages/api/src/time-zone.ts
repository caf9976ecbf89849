import { type Database, isInvalidParameterValue, tasks, users } from "@doable/db";
import type { TRPCError } from "@trpc/server";
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { fieldError } from "./field-errors";

/**
 * Whether the database can read `zone`. ICU (which the validator asks) and PostgreSQL's tz data
 * can differ on new or retired zones, and a zone the database cannot read would fail every write of
 * its owner's tasks (the count triggers read it), so it is asked before any is stored.
 */
export async function databaseReadsZone(db: Database, zone: string): Promise<boolean> {
  try {
    await db.execute(sql`select now() at time zone ${zone}`);
    return true;
  } catch (error) {
    // "invalid_parameter_value", which the ORM wraps (its error's cause carries the code).
    if (isInvalidParameterValue(error)) return false;
    throw error;
  }
}

export function unknownZoneError(): TRPCError {
  return fieldError("timeZone", "Unknown time zone");
}

/**
 * Moves the account to `zone`. All-day due dates stay the same days; a due time stays the same
 * instant, so its day and time are read again on the new clock (a 17:00 call in Berlin becomes
 * 11:00 in New York), and so does its reminder; an all-day task's reminder keeps its clock time.
 * Trashed tasks move too, so restoring one brings back the instant it had.
 */
export async function moveAccountToZone(
  db: Database,
  userId: string,
  zone: string,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [previous] = await tx
      .select({ timeZone: users.timeZone })
      .from(users)
      .where(eq(users.id, userId))
      .for("update");
    if (!previous || previous.timeZone === zone) return;
    await tx.update(users).set({ timeZone: zone, updatedAt: now }).where(eq(users.id, userId));
    const instant = sql`((${tasks.dueDate} + ${tasks.dueTime}) at time zone ${previous.timeZone}) at time zone ${zone}`;
    await tx
      .update(tasks)
      .set({ dueDate: sql`(${instant})::date`, dueTime: sql`(${instant})::time`, updatedAt: now })
      .where(and(eq(tasks.userId, userId), isNotNull(tasks.dueTime)));
    // A reminder of an all-day task keeps its clock time, as its day stays the same day: "09:00 on
    // the day" stays 09:00 on the new clock (ADR 0049). Others keep their instant, as due times do.
    await tx
      .update(tasks)
      .set({
        remindAt: sql`(${tasks.remindAt} at time zone ${previous.timeZone}) at time zone ${zone}`,
        updatedAt: now,
      })
      .where(
        and(
          eq(tasks.userId, userId),
          isNotNull(tasks.dueDate),
          isNull(tasks.dueTime),
          isNotNull(tasks.remindAt),
        ),
      );
  });
}
