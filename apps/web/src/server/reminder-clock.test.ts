import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { startReminderClock } from "./reminder-clock";

describe("startReminderClock", () => {
  it("fires at once and then every interval, never two runs at a time", async () => {
    let runs = 0;
    let concurrent = 0;
    let most = 0;
    const clock = startReminderClock({
      intervalMs: 5,
      onError: (error) => {
        throw error;
      },
      async fire() {
        runs += 1;
        concurrent += 1;
        most = Math.max(most, concurrent);
        await sleep(15);
        concurrent -= 1;
        return 0;
      },
    });
    await sleep(120);
    await clock.stop();
    const after = runs;
    expect(after).toBeGreaterThanOrEqual(3);
    expect(most).toBe(1);
    await sleep(40);
    expect(runs).toBe(after);
  });

  it("reports a failed run and keeps polling", async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const clock = startReminderClock({
      intervalMs: 5,
      onError: (error) => errors.push(error),
      async fire() {
        runs += 1;
        if (runs === 1) throw new Error("database away");
        return 0;
      },
    });
    await sleep(60);
    await clock.stop();
    expect(errors).toEqual([new Error("database away")]);
    expect(runs).toBeGreaterThan(1);
  });

  it("tells a run in progress that it is stopping, so it ends between batches", async () => {
    const seen: boolean[] = [];
    const clock = startReminderClock({
      onError: () => {},
      async fire(stopping) {
        seen.push(stopping());
        await sleep(20);
        seen.push(stopping());
        return 0;
      },
    });
    await clock.stop();
    expect(seen).toEqual([false, true]);
  });

  it("waits on stop for the run in progress", async () => {
    let finished = false;
    const clock = startReminderClock({
      onError: () => {},
      async fire() {
        await sleep(30);
        finished = true;
        return 0;
      },
    });
    await clock.stop();
    expect(finished).toBe(true);
  });
});
