import { tasks } from "@doable/db";
import type { TRPCError } from "@trpc/server";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { fieldError } from "../field-errors";

/**
 * The trash is read newest deleted first, id breaking ties, from tasks_user_trash_idx. Its cursor
 * is the last item's `deletedAt` (milliseconds, so it round-trips through a JavaScript Date
 * exactly) and id. Like the list's cursors it carries no secret: a hand-made one only moves where
 * the caller's own trash is read from.
 */
const trashCursor = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]);

/** The end of year 9999: a later Date's ISO form ("+010000-...") is no PostgreSQL timestamp. */
const LATEST_CURSOR_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function encodeTrashCursor(deletedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([deletedAt.toISOString(), id])).toString("base64url");
}

function invalidCursor(): TRPCError {
  return fieldError("cursor", "Invalid cursor: start the list again", "Invalid cursor");
}

/** Rows after the cursor in the trash's order; a cursor that is not one of ours is bad input. */
export function afterTrashCursor(cursor: string): SQL {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    payload = null;
  }
  const parsed = trashCursor.safeParse(payload);
  if (!parsed.success) throw invalidCursor();
  const [text, id] = parsed.data;
  // Written back from a Date in PostgreSQL's range, so the cast below never fails as a 500.
  const deletedAt = new Date(text);
  const time = deletedAt.getTime();
  if (!(time >= 0 && time <= LATEST_CURSOR_TIME)) throw invalidCursor();
  return sql`(${tasks.deletedAt}, ${tasks.id}) < (${deletedAt.toISOString()}::timestamptz, ${id}::uuid)`;
}
