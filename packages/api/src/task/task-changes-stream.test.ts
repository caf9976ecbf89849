/**
 * `task.onChange` end to end below HTTP: real triggers, real NOTIFY (PGlite, or PostgreSQL in the
 * server passes, where the feed listens on its own direct connection), and the router's callers.
 */
import { taskEvents } from "@doable/db";
import { isTrackedEnvelope } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, finishedSignIn, rejection, type TestApi, type TestUser } from "../testing";
import type { TaskStreamEvent } from "./task-changes-stream";
import { latestTaskEventId } from "./task-events";
import { createTaskFeed, type TaskFeed } from "./task-feed";

/** Far more than a NOTIFY takes on a busy machine; a change that has not arrived by then never will. */
const ARRIVES_WITHIN_MS = 10_000;
/** Long enough for a wrongly delivered event to have arrived. */
const QUIET_FOR_MS = 500;

interface Received {
  id: string;
  event: TaskStreamEvent;
}

interface OpenStream {
  next(withinMs?: number): Promise<Received | "ended" | "quiet">;
  stop(): Promise<void>;
}

let api: TestApi;
let feed: TaskFeed;
const open: OpenStream[] = [];

beforeAll(async () => {
  api = await createTestApi();
  feed = createTaskFeed(api.handle.listen);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((stream) => stream.stop()));
});

afterAll(async () => {
  await feed.close();
  await api.close();
});

/**
 * A stream from the owner's latest change on, or after `lastEventId`. Opened with the latest id
 * rather than none: a fresh stream starts wherever the latest change is once it has subscribed,
 * which on a busy machine can be after the test's next change (see the fresh-stream case below).
 */
async function openStream(owner: TestUser, lastEventId?: string): Promise<OpenStream> {
  const controller = new AbortController();
  const caller = api.caller({ token: owner.token, taskFeed: feed, signal: controller.signal });
  const from = lastEventId ?? String(await latestTaskEventId(api.db, owner.user.id));
  const iterable = await caller.task.onChange({ lastEventId: from });
  const iterator = iterable[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<unknown>> | null = null;
  const stream: OpenStream = {
    async next(withinMs = ARRIVES_WITHIN_MS) {
      pending ??= iterator.next();
      const timeout = new Promise<"quiet">((resolve) => setTimeout(() => resolve("quiet"), withinMs));
      const result = await Promise.race([pending, timeout]);
      if (result === "quiet") return "quiet";
      pending = null;
      if (result.done) return "ended";
      const envelope = result.value;
      if (!isTrackedEnvelope(envelope)) throw new Error("task.onChange yields tracked events only");
      const [id, event] = envelope;
      return { id, event: event as TaskStreamEvent };
    },
    async stop() {
      controller.abort();
      await pending?.catch(() => {});
    },
  };
  open.push(stream);
  return stream;
}

function expectUpsert(received: Received | "ended" | "quiet", title: string): Received {
  if (typeof received === "string") throw new Error(`expected an upsert of "${title}", got ${received}`);
  expect(received.event).toMatchObject({ type: "upsert", task: { title } });
  return received;
}

describe("task.onChange", () => {
  it("delivers the owner's new, changed, trashed, restored and deleted tasks as they happen, from another client", async () => {
    const owner = await api.createUser();
    const stream = await openStream(owner);
    const other = api.caller({ token: owner.token });

    const task = await other.task.create({ title: "Buy milk" });
    const created = expectUpsert(await stream.next(), "Buy milk");
    expect(created.event).toMatchObject({ task: { id: task.id, version: 1, completed: false } });

    await other.task.setCompleted({ id: task.id, completed: true });
    const completed = expectUpsert(await stream.next(), "Buy milk");
    expect(completed.event).toMatchObject({ task: { completed: true, version: 2 } });
    expect(Number(completed.id)).toBeGreaterThan(Number(created.id));

    // Into the trash: a removal; restored: the task again (a newer version); gone for good: removed.
    await other.task.delete({ id: task.id });
    expect(await stream.next()).toMatchObject({ event: { type: "remove", id: task.id } });
    await other.task.restore({ ids: [task.id] });
    const restored = expectUpsert(await stream.next(), "Buy milk");
    expect(restored.event).toMatchObject({ task: { id: task.id, version: 4 } });
    expect(restored.event).not.toHaveProperty("task.deletedAt");
    await other.task.delete({ id: task.id });
    expect(await stream.next()).toMatchObject({ event: { type: "remove", id: task.id } });
    await other.task.deleteForever({ ids: [task.id] });
    expect(await stream.next()).toMatchObject({ event: { type: "remove", id: task.id } });
  });

  it("starts a fresh stream at the latest change: nothing before it is replayed", async () => {
    const owner = await api.createUser();
    await owner.caller.task.create({ title: "Already there" });
    const controller = new AbortController();
    const caller = api.caller({ token: owner.token, taskFeed: feed, signal: controller.signal });
    const iterator = (await caller.task.onChange())[Symbol.asyncIterator]();
    const first = iterator.next();
    try {
      const quiet = new Promise<"quiet">((resolve) => setTimeout(() => resolve("quiet"), QUIET_FOR_MS));
      expect(await Promise.race([first, quiet])).toBe("quiet");
    } finally {
      controller.abort();
      await first.catch(() => {});
    }
  });

  it("never delivers another user's changes, nor reveals them", async () => {
    const owner = await api.createUser();
    const stranger = await api.createUser();
    const stream = await openStream(owner);
    const strangerTask = await stranger.caller.task.create({ title: "Stranger's secret" });
    await stranger.caller.task.update({ id: strangerTask.id, title: "Still secret" });
    expect(await stream.next(QUIET_FOR_MS)).toBe("quiet");
    await owner.caller.task.create({ title: "Mine" });
    expectUpsert(await stream.next(), "Mine");
    expect(await stream.next(QUIET_FOR_MS)).toBe("quiet");
  });

  it("resumes after the last event a client saw, with each task as it is now", async () => {
    const owner = await api.createUser();
    const first = await openStream(owner);
    const task = await owner.caller.task.create({ title: "Draft" });
    const seen = expectUpsert(await first.next(), "Draft");
    await first.stop();

    // While the client is away: two edits of one task, a new task, a deletion.
    await owner.caller.task.update({ id: task.id, title: "Second draft" });
    await owner.caller.task.update({ id: task.id, title: "Final" });
    const added = await owner.caller.task.create({ title: "Added meanwhile" });
    const doomed = await owner.caller.task.create({ title: "Doomed" });
    await owner.caller.task.delete({ id: doomed.id });

    const resumed = await openStream(owner, seen.id);
    const final = expectUpsert(await resumed.next(), "Final");
    expect(final.event).toMatchObject({ task: { id: task.id, version: 3 } });
    expectUpsert(await resumed.next(), "Added meanwhile");
    expect(await resumed.next()).toMatchObject({ event: { type: "remove", id: doomed.id } });
    expect(await resumed.next(QUIET_FOR_MS)).toBe("quiet");
    expect(added.version).toBe(1);
  });

  it("asks the client to reload when its last event is no longer kept", async () => {
    const owner = await api.createUser();
    const task = await owner.caller.task.create({ title: "Old news" });
    const [event] = await api.db
      .select({ id: taskEvents.id })
      .from(taskEvents)
      .where(eq(taskEvents.taskId, task.id));
    if (!event) throw new Error("creating a task records an event");
    await api.db.delete(taskEvents).where(eq(taskEvents.userId, owner.user.id));

    const controller = new AbortController();
    const caller = api.caller({ token: owner.token, taskFeed: feed, signal: controller.signal });
    const iterator = (await caller.task.onChange({ lastEventId: String(event.id) }))[Symbol.asyncIterator]();
    try {
      const first = await iterator.next();
      expect(isTrackedEnvelope(first.value) && first.value[1]).toEqual({ type: "resync" });
    } finally {
      controller.abort();
    }
  });

  it("ends the stream when its session is revoked, whoever revokes it", async () => {
    const owner = await api.createUser();
    const stream = await openStream(owner);
    // Signed in anew from another device (a caller presenting no token: one that does ends it).
    const signedIn = finishedSignIn(
      await api
        .caller()
        .auth.signIn({ email: owner.user.email, password: owner.password, transport: "bearer" }),
    );
    const otherDevice = signedIn.token ?? "";
    const sessions = await api.caller({ token: otherDevice }).account.sessions();
    const streamed = sessions.find((session) => !session.current);
    if (!streamed) throw new Error("the stream's session is listed");
    await api.caller({ token: otherDevice }).account.revokeSession({ id: streamed.id });
    expect(await stream.next()).toBe("ended");
  });

  it("is refused to in-process callers, which have nothing to stream over", async () => {
    const owner = await api.createUser();
    const error = await rejection(
      (async () => {
        const iterable = await owner.caller.task.onChange();
        await iterable[Symbol.asyncIterator]().next();
      })(),
    );
    expect(error.code).toBe("METHOD_NOT_SUPPORTED");
  });

  it("refuses a malformed last event id as bad input", async () => {
    const owner = await api.createUser();
    const caller = api.caller({ token: owner.token, taskFeed: feed });
    const error = await rejection(
      (async () => {
        const iterable = await caller.task.onChange({ lastEventId: "1; drop table tasks" });
        await iterable[Symbol.asyncIterator]().next();
      })(),
    );
    expect(error.code).toBe("BAD_REQUEST");
  });
});
