import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { json, useCliHarness } from "./cli-harness";

const h = useCliHarness();

interface TaskJson {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  completedAt: string | null;
  priority: string;
  dueDate: string | null;
  dueTime: string | null;
  tags: string[];
  createdAt: string;
}

async function listAll(configHome?: string): Promise<TaskJson[]> {
  return json<TaskJson[]>(await h.doable(["ls", "--all", "--json"], configHome ? { configHome } : {}));
}

async function addedId(title: string, ...flags: string[]): Promise<string> {
  const result = await h.doable(["add", title, ...flags]);
  expect(result.code).toBe(0);
  const shortId = /^Added ([0-9a-f]{8}) {2}/.exec(result.stdout)?.[1];
  const task = (await listAll()).find((candidate) => candidate.id.startsWith(shortId ?? "-"));
  if (!task) throw new Error(`task not found after: ${result.stdout}`);
  return task.id;
}

beforeAll(async () => {
  await h.login(await h.signUp("tasks"));
});

describe("doable add / ls / done / undo / edit / rm", () => {
  it("adds a task with priority, due day and tags; ls shows it, --json has every field", async () => {
    const add = await h.doable([
      "add",
      "Renew",
      "passport",
      "--priority",
      "high",
      "--due",
      "2030-01-31",
      "-t",
      "admin",
      "--tag",
      "travel",
    ]);
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/^Added [0-9a-f]{8} {2}Renew passport\n$/);

    const [task] = await listAll();
    expect(task).toMatchObject({
      title: "Renew passport",
      priority: "high",
      completed: false,
      tags: ["admin", "travel"],
      // The day as typed: no time zone is involved.
      dueDate: "2030-01-31",
      dueTime: null,
    });

    const ls = await h.doable(["ls"]);
    expect(ls.code).toBe(0);
    expect(ls.stdout).toBe(
      `${task?.id.slice(0, 8)}  [ ]  high    2030-01-31  Renew passport  #admin #travel\n`,
    );
  });

  it("reads the title as plain language (quick add): date, time, tag, priority and repeat; done prints the next one", async () => {
    const add = await h.doable(["add", "Call mom tomorrow 5pm #family !high every friday"]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(
      /^Added [0-9a-f]{8} {2}Call mom\n {2}due \d{4}-\d{2}-\d{2} 17:00, #family, high, every Friday\n$/,
    );
    const task = (await listAll()).find((candidate) => candidate.title === "Call mom") as TaskJson & {
      recurrence: string | null;
    };
    expect(task).toMatchObject({
      priority: "high",
      tags: ["family"],
      dueTime: "17:00",
      recurrence: "FREQ=WEEKLY;BYDAY=FR",
    });
    const ls = await h.doable(["ls", "--tag", "family"]);
    expect(ls.stdout).toContain("Call mom  #family  ↻ every Friday\n");

    const done = await h.doable(["done", task.id.slice(0, 8)]);
    expect(done.code, done.stderr).toBe(0);
    const next =
      /\nNext: ([0-9a-f]{8}) {2}Call mom {2}due (\d{4}-\d{2}-\d{2}) 17:00, #family, high, every Friday\n$/.exec(
        done.stdout,
      );
    expect(next, done.stdout).not.toBeNull();
    // A Friday, after the day the first one was due.
    const nextDay = next?.[2] as string;
    expect(new Date(`${nextDay}T00:00:00Z`).getUTCDay()).toBe(5);
    expect(nextDay > (task.dueDate as string)).toBe(true);
    // Done again (another device, or a second try): no second next occurrence.
    await h.doable(["undo", task.id.slice(0, 8)]);
    await h.doable(["done", task.id.slice(0, 8)]);
    expect((await listAll()).filter((candidate) => candidate.title === "Call mom")).toHaveLength(2);
  });

  it("add --literal keeps the words; explicit options win over the words; --every takes words or an RRULE", async () => {
    const literal = await h.doable(["add", "--literal", "Read #1 tomorrow !high"]);
    expect(literal.stdout).toMatch(/^Added [0-9a-f]{8} {2}Read #1 tomorrow !high\n$/);
    const mixed = await h.doable([
      "add",
      "Report friday !low #work",
      "--priority",
      "high",
      "--due",
      "2030-01-31",
    ]);
    expect(mixed.code, mixed.stderr).toBe(0);
    const [report] = (await listAll()).filter((candidate) => candidate.title === "Report");
    expect(report).toMatchObject({ priority: "high", dueDate: "2030-01-31", dueTime: null, tags: ["work"] });
    const every = await h.doable(["add", "Rent", "--every", "month on the 1st", "--due", "2030-02-01"]);
    expect(every.stdout).toMatch(/\n {2}due 2030-02-01, every month on the 1st\n$/);
    const rule = await h.doable([
      "add",
      "Standup",
      "--every",
      "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
      "--due",
      "2030-02-04",
    ]);
    expect(rule.stdout).toMatch(/\n {2}due 2030-02-04, every weekday\n$/);
    const bad = await h.doable(["add", "Nope", "--every", "blue moon"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--every must be like");
    const badRule = await h.doable(["add", "Nope", "--every", "FREQ=HOURLY", "--due", "2030-02-04"]);
    expect(badRule.code).toBe(1);
    expect(badRule.stderr).toContain("not a valid RRULE");
  });

  it("done / undo / edit / rm take any unique id prefix", async () => {
    const id = await addedId("Water the plants");
    const prefix = id.slice(0, 5);

    expect(await h.doable(["done", prefix])).toMatchObject({
      code: 0,
      stdout: `Done: ${id.slice(0, 8)}  Water the plants\n`,
    });
    expect((await listAll()).find((task) => task.id === id)?.completed).toBe(true);
    expect((await h.doable(["ls"])).stdout).not.toContain("Water the plants");
    expect((await h.doable(["ls", "--done"])).stdout).toContain("[x]");

    expect((await h.doable(["undo", prefix.toUpperCase()])).code).toBe(0);
    expect((await listAll()).find((task) => task.id === id)?.completed).toBe(false);

    const edit = await h.doable([
      "edit",
      prefix,
      "--title",
      "Water the garden",
      "--priority",
      "low",
      "--due",
      "2031-05-06",
      "--tag",
      "home",
    ]);
    expect(edit).toMatchObject({ code: 0, stdout: `Updated ${id.slice(0, 8)}  Water the garden\n` });
    expect((await listAll()).find((task) => task.id === id)).toMatchObject({
      title: "Water the garden",
      priority: "low",
      dueDate: "2031-05-06",
      dueTime: null,
      tags: ["home"],
    });

    expect((await h.doable(["edit", id, "--no-due", "--no-tags"])).code).toBe(0);
    expect((await listAll()).find((task) => task.id === id)).toMatchObject({
      dueDate: null,
      dueTime: null,
      tags: [],
    });

    expect(await h.doable(["rm", prefix])).toMatchObject({
      code: 0,
      stdout: `Moved to trash: ${id.slice(0, 8)}  Water the garden\n`,
    });
    expect((await listAll()).some((task) => task.id === id)).toBe(false);
    expect(await h.doable(["rm", id])).toMatchObject({ code: 1, stderr: "doable: Task not found\n" });
  });

  it("ls --sort manual lists your own order; move puts a task after or before another, first or last", async () => {
    const [first, second, third] = [
      await addedId("Pack", "-t", "order"),
      await addedId("Drive", "-t", "order"),
      await addedId("Unpack", "-t", "order"),
    ];
    const titles = async (): Promise<string[]> =>
      (await json<TaskJson[]>(await h.doable(["ls", "--tag", "order", "--sort", "manual", "--json"]))).map(
        (task) => task.title,
      );
    // Newest first until something moves, as in the default order.
    expect(await titles()).toEqual(["Unpack", "Drive", "Pack"]);

    expect(await h.doable(["move", (first ?? "").slice(0, 6), "--top"])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Moved: [0-9a-f]{8} {2}Pack {2}before [0-9a-f]{8} {2}/),
    });
    expect((await titles())[0]).toBe("Pack");
    expect((await h.doable(["move", third ?? "", "--bottom"])).code).toBe(0);
    expect((await h.doable(["move", second ?? "", "--after", (first ?? "").slice(0, 6)])).code).toBe(0);
    expect(await titles()).toEqual(["Pack", "Drive", "Unpack"]);
    expect(await h.doable(["move", third ?? "", "--before", second ?? ""])).toMatchObject({
      code: 0,
      stdout: `Moved: ${(third ?? "").slice(0, 8)}  Unpack  before ${(second ?? "").slice(0, 8)}  Drive\n`,
    });
    expect(await titles()).toEqual(["Pack", "Unpack", "Drive"]);
    // The plain list keeps its own order.
    const plain = await json<TaskJson[]>(await h.doable(["ls", "--tag", "order", "--json"]));
    expect(plain.map((task) => task.title)).toEqual(["Unpack", "Drive", "Pack"]);

    expect(await h.doable(["move", first ?? ""])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("say where, with one of --after, --before, --top or --bottom"),
    });
    expect(await h.doable(["move", first ?? "", "--top", "--bottom"])).toMatchObject({ code: 1 });
    expect(await h.doable(["ls", "--sort", "sideways"])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("--sort must be one of created, due, priority, title, manual"),
    });
  });

  it("done, undo and rm take several ids at once", async () => {
    const first = await addedId("Sweep", "-t", "several");
    const second = await addedId("Dust", "-t", "several");
    const prefixes = [first.slice(0, 6), second.slice(0, 6)];
    expect(await h.doable(["done", ...prefixes])).toMatchObject({
      code: 0,
      stdout: `Done: ${first.slice(0, 8)}  Sweep\nDone: ${second.slice(0, 8)}  Dust\n`,
    });
    const done = (await listAll()).filter((task) => task.tags.includes("several"));
    expect(done.map((task) => task.completed)).toEqual([true, true]);
    expect((await h.doable(["done", first, second])).stdout).toContain("Sweep (already done)");
    expect((await h.doable(["undo", ...prefixes])).code).toBe(0);
    expect((await listAll()).filter((task) => task.tags.includes("several") && task.completed)).toEqual([]);

    expect(await h.doable(["rm", ...prefixes])).toMatchObject({
      code: 0,
      stdout: `Moved to trash: ${first.slice(0, 8)}  Sweep\nMoved to trash: ${second.slice(0, 8)}  Dust\n`,
    });
    expect((await listAll()).some((task) => task.tags.includes("several"))).toBe(false);
    expect((await h.doable(["restore", first, second])).code).toBe(0);
  });

  it("add --parent makes a subtask: ls shows the task's progress and its subtasks under it; done takes a subtask's id", async () => {
    const parent = await addedId("Pack for the trip");
    const added = await h.doable(["add", "Passport", "--parent", parent.slice(0, 8)]);
    expect(added.code).toBe(0);
    const subtaskId = /^Added ([0-9a-f]{8}) {2}Passport\n/.exec(added.stdout)?.[1];
    expect(subtaskId).toBeDefined();
    expect((await h.doable(["add", "Charger", "--parent", parent])).code).toBe(0);
    const both = await h.doable(["add", "Socks", "--parent", parent, "--project", "Inbox"]);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/give --parent or --project, not both/);

    expect((await h.doable(["done", subtaskId ?? ""])).code).toBe(0);
    // Found by a subtask's words too, and shown with its checklist.
    const lines = (await h.doable(["ls", "--all", "--search", "charger"])).stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/\[ \] .*Pack for the trip {2}\(1\/2\)$/);
    expect(lines[1]).toMatch(/\[x\] .* {2}└ Passport$/);
    expect(lines[2]).toMatch(/\[ \] .* {2}└ Charger$/);
  });

  it("an ambiguous prefix lists the candidates; an unknown one says so (exit 1)", async () => {
    const { token } = await h.credentials();
    const headers = { authorization: `Bearer ${token}` };
    // Client-chosen ids (task.create accepts them) that share their first seven characters.
    for (const [id, title] of [
      ["ab5cdef1-0000-4000-8000-000000000001", "Twin one"],
      ["ab5cdef2-0000-4000-8000-000000000002", "Twin two"],
    ]) {
      expect((await h.api.mutation("task.create", { id, title }, headers)).status).toBe(200);
    }

    const ambiguous = await h.doable(["done", "ab5cdef"]);
    expect(ambiguous).toMatchObject({
      code: 1,
      stderr:
        "doable: 'ab5cdef' matches 2 tasks; type more of the id:\n" +
        "  ab5cdef1-0000-4000-8000-000000000001  [ ] Twin one\n" +
        "  ab5cdef2-0000-4000-8000-000000000002  [ ] Twin two\n",
    });
    expect((await h.doable(["done", "ab5cdef2"])).stdout).toBe("Done: ab5cdef2  Twin two\n");
    // ls shows as many characters as it takes to tell the twins apart.
    expect((await h.doable(["ls", "--all"])).stdout).toMatch(/^ab5cdef1 {2}\[ \]/m);

    const unknown = await h.doable(["done", "nothex"]);
    expect(unknown).toMatchObject({ code: 1, stderr: "doable: No task id starts with 'nothex'\n" });
  });

  it("bad input names the field and the rule (exit 1)", async () => {
    const long = await h.doable(["add", "x".repeat(201)]);
    expect(long).toMatchObject({
      code: 1,
      stderr: "doable: Invalid input:\n  title: Title must be at most 200 characters\n",
    });
    const priority = await h.doable(["add", "Fine title", "--priority", "urgent"]);
    expect(priority.code).toBe(1);
    expect(priority.stderr).toMatch(/^doable: Invalid input:\n {2}priority: .*"low"\|"medium"\|"high"/);
    const blank = await h.doable(["add", "   "]);
    expect(blank).toMatchObject({ code: 1, stderr: "doable: Invalid input:\n  title: Title is required\n" });
    const tooManyTags = await h.doable([
      "add",
      "Tags",
      ...Array.from({ length: 11 }, (_, i) => `--tag=t${i}`),
    ]);
    expect(tooManyTags).toMatchObject({
      code: 1,
      stderr: "doable: Invalid input:\n  tags: At most 10 tags\n",
    });
  });
});

describe("due dates and times", () => {
  const configHome = () => join(h.home, "due");
  const run = (args: string[], env: Record<string, string> = {}) =>
    h.doable(args, { configHome: configHome(), env });

  async function taskOf(id: string): Promise<TaskJson | undefined> {
    return (await listAll(configHome())).find((task) => task.id === id);
  }

  async function add(title: string, ...flags: string[]): Promise<string> {
    const result = await run(["add", title, ...flags]);
    expect(result.code, result.stderr).toBe(0);
    const short = /^Added ([0-9a-f]{8}) {2}/.exec(result.stdout)?.[1] ?? "-";
    const task = (await listAll(configHome())).find((candidate) => candidate.id.startsWith(short));
    if (!task) throw new Error(`task not found after: ${result.stdout}`);
    return task.id;
  }

  beforeAll(async () => {
    await h.login(await h.signUp("due"), { configHome: configHome() });
  });

  it("add --due --time stores the day and the time as typed; ls shows both", async () => {
    const id = await add("Call the bank", "--due", "2030-02-03", "--time", "09:30");
    expect(await taskOf(id)).toMatchObject({ dueDate: "2030-02-03", dueTime: "09:30" });
    expect((await run(["ls"])).stdout).toContain(
      `${id.slice(0, 8)}  [ ]  medium  2030-02-03 09:30  Call the bank\n`,
    );
  });

  it("edit --time alone keeps the day; --no-time keeps the day; --due keeps the time; --no-due clears both", async () => {
    const id = await add("Dentist", "--due", "2030-03-10");
    expect((await run(["edit", id.slice(0, 6), "--time", "14:45"])).code).toBe(0);
    expect(await taskOf(id)).toMatchObject({ dueDate: "2030-03-10", dueTime: "14:45" });
    expect((await run(["edit", id, "--due", "2030-03-11"])).code).toBe(0);
    expect(await taskOf(id)).toMatchObject({ dueDate: "2030-03-11", dueTime: "14:45" });
    expect((await run(["edit", id, "--due", "2030-03-12", "--time", "08:00"])).code).toBe(0);
    expect(await taskOf(id)).toMatchObject({ dueDate: "2030-03-12", dueTime: "08:00" });
    expect((await run(["edit", id, "--no-time"])).code).toBe(0);
    expect(await taskOf(id)).toMatchObject({ dueDate: "2030-03-12", dueTime: null });
    expect((await run(["edit", id, "--time", "18:00"])).code).toBe(0);
    expect((await run(["edit", id, "--no-due"])).code).toBe(0);
    expect(await taskOf(id)).toMatchObject({ dueDate: null, dueTime: null });
  });

  it("edit --time on a task without a due date is a usage error, and nothing changes", async () => {
    const id = await add("Someday");
    const result = await run(["edit", id, "--time", "09:00"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^doable edit: --time needs a due date, and this task has none/);
    expect(await taskOf(id)).toMatchObject({ dueDate: null, dueTime: null });
  });

  it("the same due day whatever the time zone of the computer adding or listing it", async () => {
    const zones = ["Pacific/Auckland", "America/Los_Angeles"];
    for (const addedIn of zones) {
      const title = `Added in ${addedIn}`;
      const result = await run(["add", title, "--due", "2026-12-01", "--time", "23:30"], { TZ: addedIn });
      expect(result.code, result.stderr).toBe(0);
      for (const listedIn of zones) {
        const ls = await run(["ls", "--search", title], { TZ: listedIn });
        expect(ls.stdout, `added in ${addedIn}, listed in ${listedIn}`).toMatch(
          /^[0-9a-f]{8} {2}\[ \] {2}medium {2}2026-12-01 23:30 {2}Added in /,
        );
        const [task] = json<TaskJson[]>(await run(["ls", "--search", title, "--json"], { TZ: listedIn }));
        expect(task).toMatchObject({ dueDate: "2026-12-01", dueTime: "23:30" });
      }
    }
  });
});

describe("reminders: add --remind, edit --remind / --no-remind, doable due", () => {
  const configHome = () => join(h.home, "remind");
  const run = (args: string[], env: Record<string, string> = {}) =>
    h.doable(args, { configHome: configHome(), env });

  async function remindAtOf(id: string): Promise<string | null> {
    const task = (await listAll(configHome())).find((one) => one.id === id) as
      | (TaskJson & { remindAt: string | null })
      | undefined;
    if (!task) throw new Error(`no task ${id}`);
    return task.remindAt;
  }

  async function added(result: { code: number | null; stdout: string; stderr: string }): Promise<string> {
    expect(result.code, result.stderr).toBe(0);
    const short = /^Added ([0-9a-f]{8}) {2}/.exec(result.stdout)?.[1] ?? "-";
    const task = (await listAll(configHome())).find((candidate) => candidate.id.startsWith(short));
    if (!task) throw new Error(`task not found after: ${result.stdout}`);
    return task.id;
  }

  beforeAll(async () => {
    await h.login(await h.signUp("remind"), { configHome: configHome() });
    // Berlin moves to summer time on Sunday 31 March 2030.
    expect((await run(["account", "--time-zone", "Europe/Berlin"])).code).toBe(0);
  });

  it("an empty list says so on stderr", async () => {
    expect(await run(["due"])).toMatchObject({ code: 0, stdout: "", stderr: "No reminders to come.\n" });
    expect(json<unknown[]>(await run(["due", "--json"]))).toEqual([]);
  });

  it("add --remind: an offset before the due time on the account's clock, or a moment; due lists them soonest first", async () => {
    // A day before 17:00 on the day summer time starts: 17:00 winter time the day before.
    const addDay = await run(["add", "Dentist", "--due", "2030-03-31", "--time", "17:00", "--remind", "1d"], {
      TZ: "America/Los_Angeles",
    });
    const dentist = await added(addDay);
    expect(addDay.stdout).toBe(
      `Added ${dentist.slice(0, 8)}  Dentist\n  due 2030-03-31 17:00, remind Sat 30 Mar 2030 17:00\n`,
    );
    expect(await remindAtOf(dentist)).toBe("2030-03-30T16:00:00.000Z");

    const bank = await added(
      await run(["add", "Call the bank", "--due", "2030-03-31", "--time", "17:00", "--remind", "15m"]),
    );
    expect(await remindAtOf(bank)).toBe("2030-03-31T14:45:00.000Z");

    // Without a time, relative to 09:00 that day; words are read as quick add reads them.
    const plants = await added(await run(["add", "Water the plants 2030-04-02", "--remind", "at"]));
    expect(await remindAtOf(plants)).toBe("2030-04-02T07:00:00.000Z");

    const moment = await run(["add", "Renew passport", "--remind", "2030-12-03 09:00"]);
    const passport = await added(moment);
    expect(moment.stdout).toBe(
      `Added ${passport.slice(0, 8)}  Renew passport\n  remind Tue 3 Dec 2030 09:00\n`,
    );
    expect(await remindAtOf(passport)).toBe("2030-12-03T08:00:00.000Z");

    const due = await run(["due"], { TZ: "Pacific/Auckland" });
    expect(due).toMatchObject({ code: 0, stderr: "" });
    expect(due.stdout).toBe(
      [
        `Sat 30 Mar 2030 17:00  ${dentist.slice(0, 8)}  Dentist  due 2030-03-31 17:00`,
        `Sun 31 Mar 2030 16:45  ${bank.slice(0, 8)}  Call the bank  due 2030-03-31 17:00`,
        `Tue 2 Apr 2030 09:00   ${plants.slice(0, 8)}  Water the plants  due 2030-04-02`,
        `Tue 3 Dec 2030 09:00   ${passport.slice(0, 8)}  Renew passport`,
        "",
      ].join("\n"),
    );
    const listed = json<Array<{ id: string; remindAt: string }>>(await run(["due", "--json"]));
    expect(listed.map((task) => [task.id, task.remindAt])).toEqual([
      [dentist, "2030-03-30T16:00:00.000Z"],
      [bank, "2030-03-31T14:45:00.000Z"],
      [plants, "2030-04-02T07:00:00.000Z"],
      [passport, "2030-12-03T08:00:00.000Z"],
    ]);
    // ls marks a reminder still to come, on the account's clock.
    expect((await run(["ls", "--search", "Dentist"])).stdout).toBe(
      `${dentist.slice(0, 8)}  [ ]  medium  2030-03-31 17:00  Dentist  ⏰ Sat 30 Mar 2030 17:00\n`,
    );
  });

  it("an offset without a due date is a usage error, and nothing is added", async () => {
    const before = (await listAll(configHome())).length;
    const result = await run(["add", "Someday", "--remind", "15m"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^doable add: --remind 15m is a time before the due time, and the task has no due date/,
    );
    expect(await listAll(configHome())).toHaveLength(before);
  });

  it("a moment already past is kept but said not to fire", async () => {
    const result = await run(["add", "Too late", "--remind", "2020-01-01 09:00"]);
    const id = await added(result);
    expect(result.stderr).toBe(
      "Note: the reminder (Wed 1 Jan 2020 09:00) is in the past: it will not fire.\n",
    );
    expect(await remindAtOf(id)).toBe("2020-01-01T08:00:00.000Z");
    expect((await run(["due"])).stdout).not.toContain("Too late");
  });

  it("edit --remind sets or moves it (an offset from the due time after the edit); --no-remind removes it", async () => {
    const id = await added(await run(["add", "Pay rent", "--due", "2030-05-01"]));
    const set = await run(["edit", id.slice(0, 6), "--remind", "1h"]);
    expect(set).toMatchObject({
      code: 0,
      stdout: `Updated ${id.slice(0, 8)}  Pay rent\n  remind Wed 1 May 2030 08:00\n`,
    });
    expect(await remindAtOf(id)).toBe("2030-05-01T06:00:00.000Z");
    expect((await run(["edit", id, "--time", "18:00", "--remind", "30m"])).code).toBe(0);
    expect(await remindAtOf(id)).toBe("2030-05-01T15:30:00.000Z");
    expect((await run(["edit", id, "--remind", "tomorrow 8am"])).code).toBe(0);
    expect(await remindAtOf(id)).not.toBe("2030-05-01T15:30:00.000Z");

    const removed = await run(["edit", id, "--no-remind"]);
    expect(removed).toMatchObject({ code: 0, stdout: `Updated ${id.slice(0, 8)}  Pay rent\n` });
    expect(await remindAtOf(id)).toBeNull();
    expect((await run(["due"])).stdout).not.toContain("Pay rent");

    const undated = await added(await run(["add", "No date"]));
    const offset = await run(["edit", undated, "--remind", "1h"]);
    expect(offset.code).toBe(1);
    expect(offset.stderr).toMatch(
      /^doable edit: --remind 1h is a time before the due time, and the task has no due date/,
    );
    expect(await remindAtOf(undated)).toBeNull();
  });
});

describe("doable account", () => {
  const configHome = () => join(h.home, "account");
  const run = (args: string[], env: Record<string, string> = {}) =>
    h.doable(args, { configHome: configHome(), env });
  let email = "";

  beforeAll(async () => {
    email = await h.signUp("account");
    await h.login(email, { configHome: configHome() });
  });

  it("shows the account's time zone, suggests this computer's, and sets it", async () => {
    const shown = await run(["account"], { TZ: "Europe/Berlin" });
    expect(shown).toMatchObject({
      code: 0,
      stdout: `Email:      ${email}\nName:       -\nTime zone:  UTC\n`,
      stderr: "This computer's time zone is Europe/Berlin: doable account --time-zone Europe/Berlin\n",
    });
    const set = await run(["account", "--time-zone", "Europe/Berlin"]);
    expect(set).toMatchObject({
      code: 0,
      stdout: `Email:      ${email}\nName:       -\nTime zone:  Europe/Berlin\n`,
    });
    expect(await run(["account"], { TZ: "Europe/Berlin" })).toMatchObject({ code: 0, stderr: "" });
    expect((await run(["whoami"])).stdout).toBe(`${email} on ${h.baseUrl}, time zone Europe/Berlin\n`);
  });

  it("refuses a zone it does not know, naming the field (exit 1)", async () => {
    const result = await run(["account", "--time-zone", "Mars/Olympus_Mons"]);
    expect(result).toMatchObject({
      code: 1,
      stderr: "doable: Invalid input:\n  timeZone: Unknown time zone\n",
    });
  });

  it("moving zones keeps all-day tasks on their day and timed ones at their moment", async () => {
    expect((await run(["account", "--time-zone", "Europe/Berlin"])).code).toBe(0);
    expect((await run(["add", "All day", "--due", "2030-06-01"])).code).toBe(0);
    expect((await run(["add", "Timed", "--due", "2030-06-01", "--time", "17:00"])).code).toBe(0);
    expect((await run(["account", "--time-zone", "America/New_York"])).code).toBe(0);
    const tasks = json<TaskJson[]>(await run(["ls", "--json"]));
    expect(tasks.map((task) => [task.title, task.dueDate, task.dueTime]).sort()).toEqual([
      ["All day", "2030-06-01", null],
      ["Timed", "2030-06-01", "11:00"],
    ]);
  });
});

describe("doable trash / restore / purge", () => {
  const configHome = () => join(h.home, "trash");
  const run = (args: string[]) => h.doable(args, { configHome: configHome() });

  interface TrashedJson extends TaskJson {
    deletedAt: string;
  }

  async function added(title: string): Promise<string> {
    const result = await run(["add", title]);
    expect(result.code).toBe(0);
    const short = /^Added ([0-9a-f]{8}) {2}/.exec(result.stdout)?.[1] ?? "-";
    const tasks = json<TaskJson[]>(await run(["ls", "--all", "--json"]));
    const task = tasks.find((candidate) => candidate.id.startsWith(short));
    if (!task) throw new Error(`task not found after: ${result.stdout}`);
    return task.id;
  }

  beforeAll(async () => {
    await h.login(await h.signUp("trash"), { configHome: configHome() });
  });

  it("rm moves to the trash; trash lists it; restore brings it back; purge and trash empty delete for good", async () => {
    expect(await run(["trash"])).toMatchObject({ code: 0, stdout: "", stderr: "The trash is empty.\n" });
    expect(json<TrashedJson[]>(await run(["trash", "--json"]))).toEqual([]);

    const first = await added("Old receipts");
    const second = await added("Broken umbrella");
    const third = await added("Expired coupons");
    for (const id of [first, second, third]) expect((await run(["rm", id.slice(0, 6)])).code).toBe(0);
    expect(json<TaskJson[]>(await run(["ls", "--all", "--json"]))).toEqual([]);

    const listed = json<TrashedJson[]>(await run(["trash", "--json"]));
    expect(listed.map((task) => task.id)).toEqual([third, second, first]);
    expect(listed[0]).toMatchObject({ title: "Expired coupons", deletedAt: expect.any(String) });
    const table = await run(["trash"]);
    expect(table.code).toBe(0);
    expect(table.stdout.trim().split("\n")).toHaveLength(3);
    expect(table.stdout).toMatch(/^[0-9a-f]{8} {2}\d{4}-\d{2}-\d{2} \d{2}:\d{2} {2}Expired coupons$/m);

    expect(await run(["restore", first.slice(0, 7)])).toMatchObject({
      code: 0,
      stdout: `Restored ${first.slice(0, 8)}  Old receipts\n`,
    });
    expect(json<TaskJson[]>(await run(["ls", "--json"])).map((task) => task.id)).toEqual([first]);
    // A live task is not in the trash: restore and purge cannot find it there.
    expect(await run(["purge", first])).toMatchObject({
      code: 1,
      stderr: `doable: No trashed task id starts with '${first}'\n`,
    });

    expect(await run(["purge", second.slice(0, 8)])).toMatchObject({
      code: 0,
      stdout: `Deleted forever: ${second.slice(0, 8)}  Broken umbrella\n`,
    });
    expect(await run(["trash", "empty"])).toMatchObject({
      code: 0,
      stdout: "Emptied the trash: 1 task deleted for good\n",
    });
    expect(json<TrashedJson[]>(await run(["trash", "--json"]))).toEqual([]);
    expect(json<TaskJson[]>(await run(["ls", "--all", "--json"])).map((task) => task.id)).toEqual([first]);
  });

  it("refuses an unknown action and a missing id (usage, exit 1)", async () => {
    const unknown = await run(["trash", "burn"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^doable trash: unknown action 'burn'/);
    expect((await run(["restore"])).code).toBe(1);
    expect((await run(["purge"])).code).toBe(1);
  });
});

describe("doable ls", () => {
  const configHome = () => join(h.home, "pager");

  beforeAll(async () => {
    await h.login(await h.signUp("pager"), { configHome: configHome() });
    const { token } = await h.credentials(configHome());
    // More than two pages of the API's largest page (100), created directly through the API.
    const bulk = Array.from({ length: 230 }, (_, index) => ({
      title: `Bulk task ${index}`,
      tags: index % 10 === 0 ? ["tenth"] : [],
    }));
    await h.createTasks(token, bulk);
  });

  it("pages through every result with the cursor", async () => {
    const tasks = await listAll(configHome());
    expect(tasks).toHaveLength(230);
    expect(new Set(tasks.map((task) => task.id)).size).toBe(230);
    const table = await h.doable(["ls"], { configHome: configHome() });
    expect(table.stdout.trim().split("\n")).toHaveLength(230);
  });

  it("filters by --search and --tag", async () => {
    const search = json<TaskJson[]>(
      await h.doable(["ls", "--search", "task 22", "--json"], { configHome: configHome() }),
    );
    expect(search.map((task) => task.title).sort()).toEqual(
      ["Bulk task 22", ...Array.from({ length: 10 }, (_, i) => `Bulk task 22${i}`)].sort(),
    );
    const tagged = json<TaskJson[]>(
      await h.doable(["ls", "--tag", "tenth", "--json"], { configHome: configHome() }),
    );
    expect(tagged).toHaveLength(23);
  });

  it("ends quietly with exit 0 when the reader of its output goes away (`doable ls | head`)", async () => {
    for (const args of [["ls", "--all"], ["export"]]) {
      const result = await h.doable(args, { configHome: configHome(), closeStdout: true });
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stderr, args.join(" ")).not.toMatch(/EPIPE|Error|at /);
    }
  });

  it("an empty list prints nothing on stdout", async () => {
    const done = await h.doable(["ls", "--done"], { configHome: configHome() });
    expect(done).toMatchObject({ code: 0, stdout: "", stderr: "No completed tasks.\n" });
    expect(
      json<TaskJson[]>(await h.doable(["ls", "--done", "--json"], { configHome: configHome() })),
    ).toEqual([]);
  });
});
