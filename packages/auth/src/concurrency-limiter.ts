/**
 * Runs at most `maxConcurrent` tasks at once; the next ones wait in a short first-in first-out
 * queue. Work that cannot start soon is refused at once (`OverloadedError`) rather than piling
 * up: a refusal the client can retry is better than a server that is slow for everyone.
 */

export interface ConcurrencyLimits {
  /** Tasks running at the same time. */
  maxConcurrent: number;
  /** Tasks waiting for a slot; one more is refused. */
  maxQueued: number;
  /** A waiting task that has not started after this long is refused. */
  maxWaitMs: number;
  /** What a refusal tells the client to wait before trying again. */
  retryAfterSeconds: number;
}

const OVERLOADED_CODE = "OVERLOADED";

/** The work was refused because too much of it is already running or waiting. */
export class OverloadedError extends Error {
  readonly code = OVERLOADED_CODE;
  readonly retryAfterSeconds: number;

  constructor(reason: "queue full" | "waited too long", retryAfterSeconds: number) {
    super(`Refused: ${reason}`);
    this.name = "OverloadedError";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Whether `value` is an OverloadedError. Matched by code, not class, so a second copy of this
 * module still recognises it. tRPC wraps what a procedure throws: the API looks for it along the
 * cause chain with `causeChain` (packages/api/src/errors), the one walker of cause chains.
 */
export function isOverloadedError(value: unknown): value is OverloadedError {
  return value instanceof Object && (value as { code?: unknown }).code === OVERLOADED_CODE;
}

export interface ConcurrencyLimiter {
  /** Runs `task` when a slot is free; rejects with OverloadedError when it cannot start soon. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly running: number;
  /** Tasks waiting now. */
  readonly queued: number;
}

interface Waiter {
  start(): void;
}

export function createConcurrencyLimiter(limits: ConcurrencyLimits): ConcurrencyLimiter {
  let running = 0;
  const queue: Waiter[] = [];

  function release(): void {
    const next = queue.shift();
    // The slot passes straight to the next waiter, so nobody can overtake the queue.
    if (next) next.start();
    else running -= 1;
  }

  function waitForSlot(): Promise<void> {
    if (running < limits.maxConcurrent) {
      running += 1;
      return Promise.resolve();
    }
    if (queue.length >= limits.maxQueued) {
      return Promise.reject(new OverloadedError("queue full", limits.retryAfterSeconds));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        queue.splice(queue.indexOf(waiter), 1);
        reject(new OverloadedError("waited too long", limits.retryAfterSeconds));
      }, limits.maxWaitMs);
      // A waiting sign-in must not keep a finished process alive.
      timer.unref();
      queue.push(waiter);
    });
  }

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      await waitForSlot();
      try {
        return await task();
      } finally {
        release();
      }
    },
    get running() {
      return running;
    },
    get queued() {
      return queue.length;
    },
  };
}
