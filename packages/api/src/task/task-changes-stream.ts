import { validateSessionToken } from "@doable/auth";
import { type Database, taskEvents } from "@doable/db";
import { type TrackedEnvelope, TRPCError, tracked } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { UNAVAILABLE_MESSAGE } from "../errors";
import { tooManyRequests } from "../throttle";
import type { Context } from "../trpc";
import { latestTaskEventId, readTaskChanges, TASK_CHANGES_PAGE_SIZE, type TaskChange } from "./task-events";

/**
 * What `task.onChange` yields: a task's state or removal, or "resync" when the client's last event
 * is no longer kept (ADR 0027): it then reloads its lists instead of applying changes it missed.
 */
export type TaskStreamEvent = TaskChange | { type: "resync" };

/** A stream that cannot be told apart from any other busy client: try again shortly. */
const TOO_MANY_STREAMS_RETRY_SECONDS = 30;

/** What a stream needs of the protected procedure's context. */
type StreamContext = Pick<Context, "db" | "now" | "resHeaders" | "taskFeed" | "presentedToken"> & {
  user: { id: string };
  session: { id: string };
};

/**
 * Whether the client's last event is still kept: if not, what it missed is gone with it. Event 0
 * is where a user without events starts (a resync then carries id 0).
 */
async function canResumeAfter(db: Database, userId: string, eventId: number): Promise<boolean> {
  if (eventId === 0) return true;
  const [kept] = await db
    .select({ id: taskEvents.id })
    .from(taskEvents)
    .where(and(eq(taskEvents.userId, userId), eq(taskEvents.id, eventId)));
  return kept !== undefined;
}

async function sessionStillValid(ctx: StreamContext): Promise<boolean> {
  if (ctx.presentedToken === null) return false;
  const valid = await validateSessionToken(ctx.db, ctx.presentedToken.token, ctx.now());
  return valid !== null && valid.session.id === ctx.session.id;
}

/**
 * The signed-in user's task changes as they happen, from any client and any app instance, after
 * `lastEventId` when the client resumes. Ends when the client goes, when its session ends, or
 * when the server shuts down.
 */
export async function* streamTaskChanges(
  ctx: StreamContext,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<TrackedEnvelope<TaskStreamEvent>, void, unknown> {
  if (ctx.taskFeed === null) {
    throw new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: "Live changes stream over HTTP only" });
  }
  if (ctx.taskFeed.closed) {
    // Shutting down: the client reconnects, to this instance once it is back or to another.
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: UNAVAILABLE_MESSAGE });
  }
  const userId = ctx.user.id;
  // Listening before the first read: a change committed in between still wakes this stream.
  const subscription = await ctx.taskFeed.subscribe(userId, ctx.session.id);
  if (subscription === null) throw tooManyRequests(ctx, TOO_MANY_STREAMS_RETRY_SECONDS);
  const stop = (): void => subscription.close();
  signal?.addEventListener("abort", stop, { once: true });
  try {
    let after: number;
    if (lastEventId === null || lastEventId === undefined) {
      after = await latestTaskEventId(ctx.db, userId);
    } else if (await canResumeAfter(ctx.db, userId, Number(lastEventId))) {
      after = Number(lastEventId);
    } else {
      after = await latestTaskEventId(ctx.db, userId);
      yield tracked(String(after), { type: "resync" });
    }
    for (;;) {
      await subscription.changed();
      if (subscription.ended || signal?.aborted) return;
      if (subscription.takeSessionCheck() && !(await sessionStillValid(ctx))) return;
      let page: Awaited<ReturnType<typeof readTaskChanges>>;
      do {
        page = await readTaskChanges(ctx.db, userId, after);
        for (const { eventId, change } of page) {
          after = eventId;
          yield tracked(String(eventId), change);
        }
      } while (page.length === TASK_CHANGES_PAGE_SIZE && !subscription.ended);
    }
  } finally {
    signal?.removeEventListener("abort", stop);
    subscription.close();
  }
}
