import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { type ImportedTaskInput, ImportStoppedError, type ImportTarget, importTasks } from "./import-tasks";
import { projectsByName } from "./project-names";
import { exportCsv, exportJson, parseImportFile, type TransferTask } from "./transfer";

const USER_ID = "6f1c1e0a-0000-4000-8000-000000000001";
const noSleep = async (): Promise<void> => {};

/** An error as the API client raises it for a refused call. */
function apiError(code: string, message: string, fieldErrors: Record<string, string[]> | null = null) {
  return new TRPCClientError(message, {
    result: { error: { code: -32600, message, data: { code, fieldErrors } } },
  } as never);
}

/** A server in memory: creating an id twice answers the first task, as the API does. */
function fakeTarget(refuse: (input: ImportedTaskInput) => Error | null = () => null) {
  const tasks = new Map<string, ImportedTaskInput & { completed: boolean }>();
  const calls: string[] = [];
  const target: ImportTarget = {
    async create(input) {
      calls.push(`create ${input.title}`);
      const refusal = refuse(input);
      if (refusal) throw refusal;
      const existing = tasks.get(input.id);
      if (existing) return existing;
      const task = { ...input, completed: false };
      tasks.set(input.id, task);
      return task;
    },
    async complete(id) {
      calls.push(`complete ${id}`);
      const task = tasks.get(id);
      if (task) task.completed = true;
    },
    projectIdFor: projectsByName([{ id: "inbox-home", name: "Home" }], async (name) => {
      calls.push(`project ${name}`);
      return { id: `project-${name}`, name };
    }),
  };
  return { target, tasks, calls };
}

const CSV = "title,completed,priority\nBuy milk,,high\nCall mom,yes,\nThird,maybe,\n";

describe("importTasks", () => {
  it("creates each row, completes the done ones, and skips a row with a problem, naming its line", async () => {
    const { target, tasks, calls } = fakeTarget();
    const result = await importTasks(target, parseImportFile(CSV, "csv"), {
      userId: USER_ID,
      timeZone: "UTC",
      present: new Set(),
      sleep: noSleep,
    });
    expect(result).toEqual({
      added: 2,
      alreadyThere: 0,
      failures: ["line 4: completed: must be true or false"],
    });
    expect(
      [...tasks.values()].map(({ title, completed, priority }) => ({ title, completed, priority })),
    ).toEqual([
      { title: "Buy milk", completed: false, priority: "high" },
      { title: "Call mom", completed: true, priority: undefined },
    ]);
    expect(calls.filter((call) => call.startsWith("complete"))).toHaveLength(1);
  });

  it("skips rows whose ids the account already holds: importing twice adds nothing", async () => {
    const { target, tasks } = fakeTarget();
    const rows = parseImportFile(CSV, "csv");
    const options = { userId: USER_ID, timeZone: "UTC", sleep: noSleep };
    await importTasks(target, rows, { ...options, present: new Set() });
    const again = await importTasks(target, rows, { ...options, present: new Set(tasks.keys()) });
    expect(again).toMatchObject({ added: 0, alreadyThere: 2 });
    expect(tasks.size).toBe(2);
  });

  it("falls back to the derived id when the exported id is another account's (CONFLICT)", async () => {
    const foreign = "0b0e5a8e-7c1d-4c5e-9f00-6c1f2a3b4c5d";
    const { target, tasks } = fakeTarget((input) =>
      input.id === foreign ? apiError("CONFLICT", "Task id already in use") : null,
    );
    const rows = parseImportFile(`id,title\n${foreign},Restored\n`, "csv");
    const result = await importTasks(target, rows, {
      userId: USER_ID,
      timeZone: "UTC",
      present: new Set(),
      sleep: noSleep,
    });
    expect(result.added).toBe(1);
    const [id] = [...tasks.keys()];
    expect(id).not.toBe(foreign);
  });

  it("reports a row the server refuses by field, and goes on with the rest", async () => {
    const { target, tasks } = fakeTarget((input) =>
      input.priority === "urgent"
        ? apiError("BAD_REQUEST", "Invalid input", { priority: ["Invalid option"] })
        : null,
    );
    const rows = parseImportFile("title,priority\nFirst,urgent\nSecond,low\n", "csv");
    const result = await importTasks(target, rows, {
      userId: USER_ID,
      timeZone: "UTC",
      present: new Set(),
      sleep: noSleep,
    });
    expect(result).toEqual({ added: 1, alreadyThere: 0, failures: ["line 2: priority: Invalid option"] });
    expect([...tasks.values()].map((task) => task.title)).toEqual(["Second"]);
  });

  it("waits out a 429 and sends the row again", async () => {
    let throttled = 1;
    const { target, tasks } = fakeTarget(() =>
      throttled-- > 0
        ? new TRPCClientError("Too many requests", {
            result: {
              error: {
                code: -32029,
                message: "Too many",
                data: { code: "TOO_MANY_REQUESTS", retryAfterSeconds: 1 },
              },
            },
          } as never)
        : null,
    );
    const waits: number[] = [];
    const result = await importTasks(target, parseImportFile("title\nOnly\n", "csv"), {
      userId: USER_ID,
      timeZone: "UTC",
      present: new Set(),
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
      },
    });
    expect(result.added).toBe(1);
    expect(waits).toEqual([1000]);
    expect(tasks.size).toBe(1);
  });

  it("stops at an error that is not about a row, saying how many were added", async () => {
    let calls = 0;
    const { target } = fakeTarget(() => (++calls === 2 ? apiError("UNAUTHORIZED", "Not signed in") : null));
    const rows = parseImportFile("title\nOne\nTwo\nThree\n", "csv");
    const stopped = await importTasks(target, rows, {
      userId: USER_ID,
      timeZone: "UTC",
      present: new Set(),
      sleep: noSleep,
    }).catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(ImportStoppedError);
    expect((stopped as ImportStoppedError).added).toBe(1);
    expect((stopped as ImportStoppedError).cause).toBeInstanceOf(TRPCClientError);
  });

  it("reports progress before each row and at the end", async () => {
    const { target } = fakeTarget();
    const seen: string[] = [];
    await importTasks(target, parseImportFile("title\nA\nB\n", "csv"), {
      userId: USER_ID,
      timeZone: "UTC",
      present: new Set(),
      sleep: noSleep,
      onProgress: (done, total) => seen.push(`${done}/${total}`),
    });
    expect(seen).toEqual(["0/2", "1/2", "2/2"]);
  });

  it("puts each task in the project its row names, creating a project once, by name in any case", async () => {
    const { target, tasks, calls } = fakeTarget();
    const rows = parseImportFile("title,project\nA,home\nB,Garden\nC,garden\nD,\n", "csv");
    await importTasks(target, rows, { userId: USER_ID, timeZone: "UTC", present: new Set(), sleep: noSleep });
    expect([...tasks.values()].map(({ title, projectId }) => [title, projectId])).toEqual([
      ["A", "inbox-home"],
      ["B", "project-Garden"],
      ["C", "project-Garden"],
      ["D", undefined],
    ]);
    expect(calls.filter((call) => call.startsWith("project"))).toEqual(["project Garden"]);
  });

  it("carries each task's reminder; importing the export again adds nothing (JSON and CSV)", async () => {
    const reminded: TransferTask = {
      id: "0b0e5a8e-7c1d-4c5e-9f00-6c1f2a3b4c5d",
      title: "Call the bank",
      description: null,
      priority: "medium",
      completed: false,
      dueDate: "2030-03-31",
      dueTime: "17:00",
      remindAt: new Date("2030-03-31T14:45:00.000Z"),
      tags: [],
      projectId: "inbox",
      recurrence: null,
      parentId: null,
      createdAt: new Date("2030-01-01T09:00:00.000Z"),
      completedAt: null,
      updatedAt: new Date("2030-01-01T09:00:00.000Z"),
    };
    const plain: TransferTask = { ...reminded, id: "1c1e5a8e-7c1d-4c5e-9f00-6c1f2a3b4c5d", remindAt: null };
    for (const text of [exportJson([reminded, plain], new Date()), exportCsv([reminded, plain])]) {
      const format = text.startsWith("{") ? "json" : "csv";
      const { target, tasks } = fakeTarget();
      const rows = parseImportFile(text, format);
      const options = { userId: USER_ID, timeZone: "Europe/Berlin", sleep: noSleep };
      expect(await importTasks(target, rows, { ...options, present: new Set() })).toMatchObject({ added: 2 });
      expect([...tasks.values()].map((task) => [task.id, task.remindAt])).toEqual([
        [reminded.id, new Date("2030-03-31T14:45:00.000Z")],
        [plain.id, undefined],
      ]);
      const again = await importTasks(target, rows, { ...options, present: new Set(tasks.keys()) });
      expect(again, format).toEqual({ added: 0, alreadyThere: 2, failures: [] });
      // A row without an id keeps the id it had before files had reminders.
      const anonymous = parseImportFile(`title,remindAt\nStretch,2030-01-31T08:00:00Z\n`, "csv");
      const before = parseImportFile("title\nStretch\n", "csv");
      const { target: other, tasks: made } = fakeTarget();
      await importTasks(other, before, { ...options, present: new Set() });
      expect(
        await importTasks(other, anonymous, { ...options, present: new Set(made.keys()) }),
      ).toMatchObject({
        added: 0,
        alreadyThere: 1,
      });
    }
  });

  it("a reminder the server refuses is that row's failure", async () => {
    const { target } = fakeTarget((input) =>
      input.remindAt && input.remindAt.getUTCFullYear() < 1970
        ? apiError("BAD_REQUEST", "Invalid input", {
            remindAt: ["Reminder must be a moment from 1970 to 9999"],
          })
        : null,
    );
    const rows = parseImportFile("title,remindAt\nOld,1960-01-01T00:00:00Z\nBad,soon\nFine,\n", "csv");
    const result = await importTasks(target, rows, {
      userId: USER_ID,
      timeZone: "UTC",
      present: new Set(),
      sleep: noSleep,
    });
    expect(result).toEqual({
      added: 1,
      alreadyThere: 0,
      failures: [
        "line 2: remindAt: Reminder must be a moment from 1970 to 9999",
        "line 3: remindAt: 'soon' is not an ISO 8601 date-time with its offset, like 2030-01-31T08:00:00Z",
      ],
    });
  });

  it("carries an open task's repeat rule, and imports a completed occurrence without one", async () => {
    const { target, tasks } = fakeTarget();
    const rows = parseImportFile(
      "title,completed,dueDate,recurrence\nWater plants,yes,2030-01-03,FREQ=DAILY\nWater plants,,2030-01-04,FREQ=DAILY\n",
      "csv",
    );
    await importTasks(target, rows, { userId: USER_ID, timeZone: "UTC", present: new Set(), sleep: noSleep });
    expect(
      [...tasks.values()].map(({ dueDate, completed, recurrence }) => [dueDate, completed, recurrence]),
    ).toEqual([
      ["2030-01-03", true, undefined],
      ["2030-01-04", false, "FREQ=DAILY"],
    ]);
  });

  it("makes subtasks under the tasks the file made or already held, and a subtask without its parent a task of its own", async () => {
    const { target, tasks } = fakeTarget();
    const file = JSON.stringify({
      tasks: [
        { id: "sub-1", title: "Passport", parent: "trip" },
        { id: "trip", title: "Pack for the trip" },
        { id: "sub-2", title: "Charger", parent: "trip" },
        { id: "orphan", title: "Orphan", parent: "not-in-the-file" },
      ],
    });
    const rows = parseImportFile(file, "json");
    const options = { userId: USER_ID, timeZone: "UTC", present: new Set<string>(), sleep: noSleep };
    expect(await importTasks(target, rows, options)).toEqual({ added: 4, alreadyThere: 0, failures: [] });
    const byTitle = new Map([...tasks.values()].map((task) => [task.title, task]));
    const trip = byTitle.get("Pack for the trip");
    expect(byTitle.get("Passport")?.parentId).toBe(trip?.id);
    expect(byTitle.get("Charger")?.parentId).toBe(trip?.id);
    expect(byTitle.get("Orphan")?.parentId).toBeUndefined();
    // Again, with the parent already there: the subtasks are found, nothing is added.
    const again = await importTasks(target, rows, { ...options, present: new Set(tasks.keys()) });
    expect(again).toEqual({ added: 0, alreadyThere: 4, failures: [] });
  });

  it("makes a Todoist file's sub-tasks subtasks of their task, which has no id in the file", async () => {
    const { target, tasks } = fakeTarget();
    const header = "TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE";
    const file = [
      header,
      "task,Pack for the trip,,4,1,,,,,",
      "task,Passport,,4,2,,,,,",
      "task,Pack for the weekend,,4,1,,,,,",
      "task,Passport,,4,2,,,,,",
      "",
    ].join("\r\n");
    const rows = parseImportFile(file, "csv");
    const options = { userId: USER_ID, timeZone: "UTC", present: new Set<string>(), sleep: noSleep };
    // The same words under two tasks are two subtasks, not one found twice.
    expect(await importTasks(target, rows, options)).toEqual({ added: 4, alreadyThere: 0, failures: [] });
    const parents = [...tasks.values()].filter((task) => task.title.startsWith("Pack"));
    const passports = [...tasks.values()].filter((task) => task.title === "Passport");
    expect(passports.map((task) => task.parentId).sort()).toEqual(parents.map((task) => task.id).sort());
    const again = await importTasks(target, rows, { ...options, present: new Set(tasks.keys()) });
    expect(again).toEqual({ added: 0, alreadyThere: 4, failures: [] });
  });
});
