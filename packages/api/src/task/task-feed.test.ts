import type { DatabaseHandle } from "@doable/db";
import { describe, expect, it } from "vitest";
import {
  createTaskFeed,
  MAX_STREAMS_PER_USER,
  SESSIONS_ENDED_CHANNEL,
  TASK_EVENTS_CHANNEL,
  type TaskFeedSubscription,
} from "./task-feed";

/** A stand-in for the database's LISTEN: the test sends NOTIFYs and drops the connection itself. */
function fakeListen() {
  const handlers = new Map<string, (payload: string) => void>();
  const reconnects: Array<() => void> = [];
  let unlistened = 0;
  const listen: DatabaseHandle["listen"] = async (channel, onNotify, onListening) => {
    handlers.set(channel, onNotify);
    if (onListening) reconnects.push(onListening);
    onListening?.();
    return async () => {
      unlistened += 1;
    };
  };
  return {
    listen,
    notify: (channel: string, payload: string) => handlers.get(channel)?.(payload),
    reconnect: () => {
      for (const onListening of reconnects) onListening();
    },
    unlistened: () => unlistened,
  };
}

/** Whether `changed()` has resolved by the time pending callbacks have run. */
async function woken(subscription: TaskFeedSubscription): Promise<boolean> {
  let resolved = false;
  const waiting = subscription.changed().then(() => {
    resolved = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  const wokenUp = resolved;
  // Not woken: end the wait, or the test would leave it hanging (the stream is done with anyway).
  if (!wokenUp) subscription.close();
  await waiting;
  return wokenUp;
}

describe("createTaskFeed", () => {
  it("wakes a stream at once the first time, then only for its own user's changes", async () => {
    const database = fakeListen();
    const feed = createTaskFeed(database.listen);
    const alice = await feed.subscribe("alice", "alice-session");
    const bob = await feed.subscribe("bob", "bob-session");
    if (!alice || !bob) throw new Error("both may stream");
    await alice.changed();
    await bob.changed();

    database.notify(TASK_EVENTS_CHANNEL, "alice");
    expect(await woken(alice)).toBe(true);
    expect(await woken(bob)).toBe(false);
    await feed.close();
  });

  it("remembers a change that came while the stream was busy, so none is missed", async () => {
    const database = fakeListen();
    const feed = createTaskFeed(database.listen);
    const alice = await feed.subscribe("alice", "alice-session");
    if (!alice) throw new Error("alice may stream");
    await alice.changed();
    database.notify(TASK_EVENTS_CHANNEL, "alice");
    database.notify(TASK_EVENTS_CHANNEL, "alice");
    expect(await woken(alice)).toBe(true);
    await feed.close();
  });

  it("ends exactly the streams of a session that ended", async () => {
    const database = fakeListen();
    const feed = createTaskFeed(database.listen);
    const laptop = await feed.subscribe("alice", "laptop");
    const phone = await feed.subscribe("alice", "phone");
    if (!laptop || !phone) throw new Error("both may stream");
    await laptop.changed();
    await phone.changed();
    database.notify(SESSIONS_ENDED_CHANNEL, "laptop");
    expect(laptop.ended).toBe(true);
    expect(phone.ended).toBe(false);
    await feed.close();
  });

  it("asks every stream to check its session after the listening connection came back", async () => {
    const database = fakeListen();
    const feed = createTaskFeed(database.listen);
    const alice = await feed.subscribe("alice", "alice-session");
    if (!alice) throw new Error("alice may stream");
    await alice.changed();
    // Once at the start (a session ended just before it listened), then not until needed.
    expect(alice.takeSessionCheck()).toBe(true);
    expect(alice.takeSessionCheck()).toBe(false);
    database.reconnect();
    expect(await woken(alice)).toBe(true);
    expect(alice.takeSessionCheck()).toBe(true);
    expect(alice.takeSessionCheck()).toBe(false);
    await feed.close();
  });

  it(`lets one user hold at most ${MAX_STREAMS_PER_USER} streams, and frees a slot when one closes`, async () => {
    const feed = createTaskFeed(fakeListen().listen);
    const streams = await Promise.all(
      Array.from({ length: MAX_STREAMS_PER_USER }, (_, index) => feed.subscribe("alice", `s${index}`)),
    );
    expect(streams.every((stream) => stream !== null)).toBe(true);
    expect(await feed.subscribe("alice", "one-more")).toBeNull();
    expect(await feed.subscribe("bob", "bob-session")).not.toBeNull();
    streams[0]?.close();
    expect(await feed.subscribe("alice", "one-more")).not.toBeNull();
    await feed.close();
  });

  it("ends every stream and stops listening when closed", async () => {
    const database = fakeListen();
    const feed = createTaskFeed(database.listen);
    const alice = await feed.subscribe("alice", "alice-session");
    if (!alice) throw new Error("alice may stream");
    await alice.changed();
    const waiting = alice.changed();
    await feed.close();
    await waiting;
    expect(alice.ended).toBe(true);
    expect(database.unlistened()).toBe(2);
    await expect(feed.subscribe("alice", "again")).rejects.toThrow(/closed/);
  });
});
