import { TRPCClientError } from "@trpc/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Task } from "./client";
import { EXIT } from "./exit-codes";
import { reconnectDelayMs } from "./reconnect";
import {
  BELL,
  CLEAR_SCREEN,
  classifyWatchError,
  createRefresher,
  createWatchOutput,
  diffTasks,
  formatWatchScreen,
  REFRESH_DELAY_MS,
  REMINDERS_SHOWN,
  remindedTask,
} from "./watch";

function task(id: string, title: string, changes: Partial<Task> = {}): Task {
  return {
    id,
    title,
    description: null,
    completed: false,
    completedAt: null,
    priority: "medium",
    dueDate: null,
    dueTime: null,
    tags: [],
    createdAt: new Date("2030-01-01T10:00:00Z"),
    updatedAt: new Date("2030-01-01T10:00:00Z"),
    ...changes,
  } as Task;
}

const A = task("aaaaaaaa-0000-4000-8000-000000000001", "Alpha");
const B = task("bbbbbbbb-0000-4000-8000-000000000002", "Beta");

function stream() {
  const writes: string[] = [];
  const fake = { writes, text: () => writes.join(""), write: (chunk: string) => writes.push(chunk) > 0 };
  return fake as typeof fake & NodeJS.WritableStream;
}

describe("createRefresher", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("refreshes once for a burst of triggers, after the delay", async () => {
    const refresh = vi.fn(async () => {});
    const refresher = createRefresher(refresh, () => {});
    for (let index = 0; index < 100; index += 1) refresher.trigger();
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(REFRESH_DELAY_MS);
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(REFRESH_DELAY_MS * 10);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("never runs two at once: triggers during a refresh cause exactly one more after it", async () => {
    let finish = () => {};
    const refresh = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const refresher = createRefresher(refresh, () => {});
    refresher.trigger();
    await vi.advanceTimersByTimeAsync(REFRESH_DELAY_MS);
    refresher.trigger();
    refresher.trigger();
    await vi.advanceTimersByTimeAsync(REFRESH_DELAY_MS * 5);
    expect(refresh).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(REFRESH_DELAY_MS);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it("passes failures on, and does nothing once stopped", async () => {
    const onError = vi.fn();
    const refresh = vi.fn(async () => {
      throw new Error("down");
    });
    const refresher = createRefresher(refresh, onError);
    refresher.trigger();
    await vi.advanceTimersByTimeAsync(REFRESH_DELAY_MS);
    expect(onError).toHaveBeenCalledWith(new Error("down"));
    refresher.trigger();
    refresher.stop();
    await vi.advanceTimersByTimeAsync(REFRESH_DELAY_MS * 2);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});

describe("diffTasks", () => {
  it("lists removals, then new or changed tasks in list order; nothing when nothing changed", () => {
    const renamed = task(A.id, "Alpha, renamed");
    const C = task("cccccccc-0000-4000-8000-000000000003", "Gamma");
    expect(diffTasks([A, B], [C, renamed])).toEqual([
      { type: "remove", id: B.id },
      { type: "upsert", task: C },
      { type: "upsert", task: renamed },
    ]);
    expect(diffTasks([A, B], [task(A.id, "Alpha"), B])).toEqual([]);
  });
});

describe("watch output", () => {
  const at = new Date(2030, 0, 1, 12, 4, 31);

  it("on a terminal: clears the screen, then a header with the time and the list", () => {
    expect(formatWatchScreen([A], at, "No tasks.")).toBe(
      `${CLEAR_SCREEN}Watching — updated 12:04:31, Ctrl-C to stop\n\naaaaaaaa  [ ]  medium  -           Alpha\n`,
    );
    expect(formatWatchScreen([], at, "No tasks.")).toBe(
      `${CLEAR_SCREEN}Watching — updated 12:04:31, Ctrl-C to stop\n\nNo tasks.\n`,
    );
  });

  it("on a terminal: redraws only when the list changed", () => {
    const stdout = stream();
    const output = createWatchOutput("screen", { stdout, stderr: stream() }, "No tasks.", { now: () => at });
    output.initial([A]);
    output.update([A], [task(A.id, "Alpha")]);
    expect(stdout.writes).toHaveLength(1);
    output.update([A], [B, A]);
    expect(stdout.writes).toHaveLength(2);
    expect(stdout.writes[1]).toContain("Beta");
  });

  it("piped: the whole list again after a blank line, no escape codes; an empty list said on stderr", () => {
    const stdout = stream();
    const stderr = stream();
    const output = createWatchOutput("text", { stdout, stderr }, "No tasks.");
    output.initial([A]);
    output.update([A], [A]);
    output.update([A], [B, A]);
    output.update([B, A], []);
    expect(stdout.text()).toBe(
      [
        "aaaaaaaa  [ ]  medium  -           Alpha",
        "",
        "aaaaaaaa  [ ]  medium  -           Beta".replace("aaaaaaaa", "bbbbbbbb"),
        "aaaaaaaa  [ ]  medium  -           Alpha",
        "",
        "",
      ].join("\n"),
    );
    expect(stdout.text()).not.toContain("\x1b");
    expect(stderr.text()).toBe("No tasks.\n");
  });

  it("--json: the list on one line, then one line per change", () => {
    const stdout = stream();
    const output = createWatchOutput("json", { stdout, stderr: stream() }, "No tasks.");
    output.initial([A]);
    output.update([A], [B]);
    const lines = stdout
      .text()
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      [JSON.parse(JSON.stringify(A))],
      { type: "remove", id: A.id },
      { type: "upsert", task: JSON.parse(JSON.stringify(B)) },
    ]);
  });
});

describe("reminders while watching", () => {
  const at = new Date(2030, 0, 1, 12, 4, 31);

  it("a reminder change gives its task; any other change, or a malformed one, nothing (never a crash)", () => {
    expect(remindedTask({ type: "reminder", task: A })).toBe(A);
    for (const change of [
      { type: "upsert", task: A },
      { type: "remove", id: A.id },
      { type: "resync" },
      { type: "snooze", task: A },
      { type: "reminder" },
      { type: "reminder", task: { id: 5 } },
      null,
      "reminder",
      undefined,
    ])
      expect(remindedTask(change)).toBeNull();
  });

  it("piped: a line naming the task; --json: a reminder line; the list is not printed again", () => {
    const text = stream();
    const textOutput = createWatchOutput("text", { stdout: text, stderr: stream() }, "No tasks.");
    textOutput.initial([A]);
    textOutput.reminder(B);
    expect(text.text()).toBe("aaaaaaaa  [ ]  medium  -           Alpha\nReminder: Beta (bbbbbbbb)\n");

    const json = stream();
    const jsonOutput = createWatchOutput("json", { stdout: json, stderr: stream() }, "No tasks.");
    jsonOutput.initial([A]);
    jsonOutput.reminder(A);
    const lines = json.text().trimEnd().split("\n");
    expect(JSON.parse(lines[1] ?? "")).toEqual({ type: "reminder", task: JSON.parse(JSON.stringify(A)) });
  });

  it(`on a terminal: redrawn with the latest ${REMINDERS_SHOWN} reminders under the list, and the bell`, () => {
    const stdout = stream();
    const output = createWatchOutput("screen", { stdout, stderr: stream() }, "No tasks.", { now: () => at });
    output.initial([A]);
    output.reminder(A);
    expect(stdout.writes.slice(1)).toEqual([
      `${CLEAR_SCREEN}Watching — updated 12:04:31, Ctrl-C to stop\n\naaaaaaaa  [ ]  medium  -           Alpha\n\nReminder: Alpha (aaaaaaaa) at 12:04:31\n`,
      BELL,
    ]);
    for (let index = 0; index < REMINDERS_SHOWN + 2; index += 1) output.reminder(B);
    const last = stdout.writes.at(-2) ?? "";
    expect(last.match(/Reminder: /g)).toHaveLength(REMINDERS_SHOWN);
    expect(last).not.toContain("Reminder: Alpha");
  });
});

describe("classifyWatchError", () => {
  const context = { server: "http://localhost:3000", hadCredentials: true };

  it("retries network failures and 502–504 refusals of the stream", () => {
    const refused = new TRPCClientError("fetch failed", {
      cause: Object.assign(new TypeError("fetch failed"), {
        cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      }),
    });
    expect(classifyWatchError(refused, context)).toBe("transient");
    const badGateway = new TRPCClientError("Non-200 status code (502)", {
      cause: Object.assign(new Error("Non-200 status code (502)"), { code: 502 }),
    });
    expect(classifyWatchError(badGateway, context)).toBe("transient");
  });

  it("ends on a session that ended, with the not-signed-in exit code", () => {
    const unauthorized = new TRPCClientError("Not signed in", {
      result: { error: { code: -32001, message: "Not signed in", data: { code: "UNAUTHORIZED" } } },
    });
    const outcome = classifyWatchError(unauthorized, context);
    expect(outcome).toMatchObject({ exitCode: EXIT.notSignedIn });
  });
});

describe("reconnectDelayMs", () => {
  it("adds to EventSource's 3 s so that waits double from 3 s up to 30 s", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(reconnectDelayMs)).toEqual([0, 0, 3000, 9000, 21000, 27000, 27000]);
  });
});
