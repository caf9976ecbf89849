import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { MAX_THROTTLE_WAIT_SECONDS, MAX_THROTTLED_RETRIES, retryWhenThrottled } from "./throttle-retry";

function apiError(code: string, data: Record<string, unknown> = {}) {
  return TRPCClientError.from({
    error: { code: -32600, message: code, data: { code, httpStatus: 429, ...data } },
  });
}

/** A call that fails with the given errors in turn, then answers "done". */
function failingWith(errors: unknown[]) {
  let calls = 0;
  const call = async (): Promise<string> => {
    const error = errors[calls];
    calls += 1;
    if (error !== undefined) throw error;
    return "done";
  };
  return { call, calls: () => calls };
}

function recordingSleep() {
  const waits: number[] = [];
  return { sleep: async (milliseconds: number) => void waits.push(milliseconds), waits };
}

describe("retryWhenThrottled", () => {
  it("waits as long as the 429 says, then calls again", async () => {
    const { call, calls } = failingWith([
      apiError("TOO_MANY_REQUESTS", { retryAfterSeconds: 1 }),
      apiError("TOO_MANY_REQUESTS", { retryAfterSeconds: 2 }),
    ]);
    const { sleep, waits } = recordingSleep();
    expect(await retryWhenThrottled(call, sleep)).toBe("done");
    expect(waits).toEqual([1000, 2000]);
    expect(calls()).toBe(3);
  });

  it("passes any other error on at once", async () => {
    for (const error of [apiError("BAD_REQUEST"), apiError("SERVICE_UNAVAILABLE"), new Error("boom")]) {
      const { call, calls } = failingWith([error]);
      const { sleep, waits } = recordingSleep();
      await expect(retryWhenThrottled(call, sleep)).rejects.toBe(error);
      expect(waits).toEqual([]);
      expect(calls()).toBe(1);
    }
  });

  it("does not wait out a long lock or a 429 without a time, and gives up after a few waits", async () => {
    const long = apiError("TOO_MANY_REQUESTS", { retryAfterSeconds: MAX_THROTTLE_WAIT_SECONDS + 1 });
    const untimed = apiError("TOO_MANY_REQUESTS", { retryAfterSeconds: null });
    for (const error of [long, untimed]) {
      const { sleep, waits } = recordingSleep();
      await expect(retryWhenThrottled(failingWith([error]).call, sleep)).rejects.toBe(error);
      expect(waits).toEqual([]);
    }
    const always = Array.from({ length: MAX_THROTTLED_RETRIES + 1 }, () =>
      apiError("TOO_MANY_REQUESTS", { retryAfterSeconds: 1 }),
    );
    const { call, calls } = failingWith(always);
    const { sleep, waits } = recordingSleep();
    await expect(retryWhenThrottled(call, sleep)).rejects.toBe(always.at(-1));
    expect(waits).toHaveLength(MAX_THROTTLED_RETRIES);
    expect(calls()).toBe(MAX_THROTTLED_RETRIES + 1);
  });
});
