import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type ConcurrencyLimiter,
  type ConcurrencyLimits,
  createConcurrencyLimiter,
  OverloadedError,
  isOverloadedError,
} from "./concurrency-limiter";

const LIMITS: ConcurrencyLimits = { maxConcurrent: 2, maxQueued: 3, maxWaitMs: 1_000, retryAfterSeconds: 1 };

/** A task the test finishes by hand, recording when it started. */
interface HeldTask {
  started: boolean;
  finish(): void;
  fail(error: Error): void;
  task: () => Promise<string>;
}

function heldTask(name: string, log: string[] = []): HeldTask {
  let settle: { resolve: (value: string) => void; reject: (error: Error) => void } | null = null;
  const held: HeldTask = {
    started: false,
    finish: () => settle?.resolve(name),
    fail: (error) => settle?.reject(error),
    task: () =>
      new Promise<string>((resolve, reject) => {
        held.started = true;
        log.push(name);
        settle = { resolve, reject };
      }),
  };
  return held;
}

/** Lets every already-settled promise run its continuations. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

async function refusal(promise: Promise<unknown>): Promise<OverloadedError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OverloadedError);
  return error as OverloadedError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("createConcurrencyLimiter", () => {
  it("never runs more than maxConcurrent tasks at once, whatever the load", async () => {
    const limiter = createConcurrencyLimiter({ ...LIMITS, maxQueued: 100 });
    let running = 0;
    let peak = 0;
    const work = async (): Promise<void> => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running -= 1;
    };
    await Promise.all(Array.from({ length: 50 }, () => limiter.run(work)));
    expect(peak).toBe(LIMITS.maxConcurrent);
    expect(limiter.running).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it("starts waiting tasks in arrival order as slots free up", async () => {
    const limiter = createConcurrencyLimiter(LIMITS);
    const log: string[] = [];
    const tasks = ["a", "b", "c", "d", "e"].map((name) => heldTask(name, log));
    const results = tasks.map((held) => limiter.run(held.task));
    await settle();
    expect(log).toEqual(["a", "b"]);
    expect([limiter.running, limiter.queued]).toEqual([2, 3]);

    tasks[1]?.finish();
    await settle();
    expect(log).toEqual(["a", "b", "c"]);
    tasks[0]?.finish();
    await settle();
    expect(log).toEqual(["a", "b", "c", "d"]);
    tasks[2]?.finish();
    tasks[3]?.finish();
    await settle();
    expect(log).toEqual(["a", "b", "c", "d", "e"]);
    tasks[4]?.finish();
    expect(await Promise.all(results)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("refuses at once when the queue is full, with the retry time, and takes work again once it drains", async () => {
    const limiter = createConcurrencyLimiter(LIMITS);
    const tasks = Array.from({ length: 5 }, (_, i) => heldTask(`t${i}`));
    const results = tasks.map((held) => limiter.run(held.task));
    const refusedTask = heldTask("refused");
    const error = await refusal(limiter.run(refusedTask.task));
    expect(error.retryAfterSeconds).toBe(LIMITS.retryAfterSeconds);
    expect(error.message).toMatch(/queue full/);
    expect(refusedTask.started).toBe(false);
    expect([limiter.running, limiter.queued]).toEqual([2, 3]);

    for (const held of tasks) {
      await settle();
      held.finish();
    }
    await Promise.all(results);
    expect(await limiter.run(async () => "after")).toBe("after");
  });

  it("refuses a task that has waited maxWaitMs, without disturbing the others", async () => {
    vi.useFakeTimers();
    const limiter = createConcurrencyLimiter(LIMITS);
    const [first, second, third] = [heldTask("first"), heldTask("second"), heldTask("third")];
    const running = [limiter.run(first.task), limiter.run(second.task)];
    const waiting = limiter.run(third.task);
    const refused = refusal(waiting);
    await vi.advanceTimersByTimeAsync(LIMITS.maxWaitMs - 1);
    expect(limiter.queued).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await refused).message).toMatch(/waited too long/);
    expect(third.started).toBe(false);
    expect(limiter.queued).toBe(0);

    first.finish();
    second.finish();
    expect(await Promise.all(running)).toEqual(["first", "second"]);
    expect(limiter.running).toBe(0);
  });

  it("releases the slot of a task that fails, and passes the failure on", async () => {
    const limiter: ConcurrencyLimiter = createConcurrencyLimiter({ ...LIMITS, maxConcurrent: 1 });
    const failing = heldTask("failing");
    const next = heldTask("next");
    const failed = limiter.run(failing.task);
    const after = limiter.run(next.task);
    await settle();
    expect(next.started).toBe(false);
    failing.fail(new Error("argon2 exploded"));
    await expect(failed).rejects.toThrow("argon2 exploded");
    await settle();
    expect(next.started).toBe(true);
    next.finish();
    expect(await after).toBe("next");

    // A task that throws before returning a promise releases its slot too.
    await expect(
      limiter.run(() => {
        throw new Error("synchronous");
      }),
    ).rejects.toThrow("synchronous");
    expect(limiter.running).toBe(0);
    expect(await limiter.run(async () => "still usable")).toBe("still usable");
  });
});

describe("isOverloadedError", () => {
  it("recognises the refusal by its code (even from a second copy of the module) and nothing else", () => {
    const refused = new OverloadedError("queue full", 3);
    expect(isOverloadedError(refused)).toBe(true);
    expect(isOverloadedError({ ...refused, code: refused.code })).toBe(true);
    // The chain of causes is walked by the API (causeChain, packages/api/src/errors): not here.
    expect(isOverloadedError(new Error("procedure failed", { cause: refused }))).toBe(false);
    expect(isOverloadedError(new Error("other", { cause: { code: "ECONNRESET" } }))).toBe(false);
    expect(isOverloadedError({ code: "ECONNRESET" })).toBe(false);
    expect(isOverloadedError(null)).toBe(false);
  });
});
