import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { addCalendarDays } from "@doable/domain";
import { beforeAll, describe, expect, it } from "vitest";
import { json, useCliHarness } from "./cli-harness";

const h = useCliHarness();

interface TaskJson {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  priority: string;
  dueDate: string | null;
  dueTime: string | null;
  remindAt: string | null;
  tags: string[];
}

const TASK_COUNT = 120;
/** Every this many tasks has a reminder. */
const REMINDED_EVERY = 40;
const alice = () => join(h.home, "alice");
const bob = () => join(h.home, "bob");

async function listAll(configHome: string): Promise<TaskJson[]> {
  return json<TaskJson[]>(await h.doable(["ls", "--all", "--json"], { configHome }));
}

/** What survives an export and import: everything but ids and timestamps. */
function content(tasks: TaskJson[]) {
  return tasks
    .map(({ title, description, completed, priority, dueDate, dueTime, remindAt, tags }) => ({
      title,
      description,
      completed,
      priority,
      dueDate,
      dueTime,
      remindAt,
      tags,
    }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

beforeAll(async () => {
  await h.login(await h.signUp("alice"), { configHome: alice() });
  await h.login(await h.signUp("bob"), { configHome: bob() });
  const { token } = await h.credentials(alice());
  const headers = { authorization: `Bearer ${token}` };
  for (let index = 0; index < TASK_COUNT; index += 1) {
    const response = await h.api.mutation(
      "task.create",
      {
        title: index === 0 ? 'Tricky, "quoted"\ntitle' : `Task ${index}`,
        description: index % 3 === 0 ? `Notes for ${index}, with a comma` : undefined,
        priority: (["low", "medium", "high"] as const)[index % 3],
        dueDate: index % 4 === 0 ? addCalendarDays("2030-01-01", index) : undefined,
        dueTime: index % 8 === 0 ? `${String(index % 24).padStart(2, "0")}:30` : undefined,
        tags: index % 5 === 0 ? ["five", "semi;colon"] : [],
      },
      headers,
    );
    if (response.status !== 200) throw new Error(response.text);
  }
  // A few with reminders (set through the CLI: the raw client sends no superjson dates).
  for (const task of (await listAll(alice())).filter((_, index) => index % REMINDED_EVERY === 0)) {
    expect(
      (await h.doable(["edit", task.id, "--remind", "2030-06-01T09:00:00Z"], { configHome: alice() })).code,
    ).toBe(0);
  }
  for (const task of (await listAll(alice())).filter((_, index) => index % 7 === 0)) {
    expect((await h.doable(["done", task.id], { configHome: alice() })).code).toBe(0);
  }
});

describe("doable export / import", () => {
  it("exports every task as JSON to stdout, with only the summary on stderr (no terminal, no progress)", async () => {
    const result = await h.doable(["export", "--format", "json"], { configHome: alice() });
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ format: "doable-tasks", version: 2 });
    expect(document.tasks).toHaveLength(TASK_COUNT);
    expect(content(document.tasks)).toEqual(content(await listAll(alice())));
    expect(result.stderr).toBe("Exported 120 tasks\n");
  });

  it("exports CSV to a file with --output", async () => {
    const file = join(h.home, "tasks.csv");
    const result = await h.doable(["export", "--format", "csv", "--output", file], { configHome: alice() });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`Exported 120 tasks to ${file}`);
    const text = await readFile(file, "utf8");
    expect(text.split("\n")[0]).toBe(
      "id,title,description,priority,completed,dueDate,dueTime,remindAt,tags,project,recurrence,parent,createdAt,completedAt,updatedAt",
    );
    expect(text).toContain('"Tricky, ""quoted""\ntitle"');
    expect(text).toContain("five;semi\\;colon");
  });

  it.each(["json", "csv"])(
    "importing a %s export into another account twice adds the tasks once",
    async (format) => {
      const file = join(h.home, `export.${format}`);
      expect(
        (await h.doable(["export", "--format", format, "--output", file], { configHome: alice() })).code,
      ).toBe(0);
      const importer = join(h.home, `importer-${format}`);
      await h.login(await h.signUp(`importer-${format}`), { configHome: importer });

      const first = await h.doable(["import", file], { configHome: importer });
      expect(first).toMatchObject({ code: 0, stdout: "Imported 120 new tasks; 0 already present.\n" });
      expect(first.stderr).toBe("");
      const imported = await listAll(importer);
      expect(content(imported)).toEqual(content(await listAll(alice())));
      expect(imported.filter((task) => task.remindAt === "2030-06-01T09:00:00.000Z")).toHaveLength(
        TASK_COUNT / REMINDED_EVERY,
      );

      const second = await h.doable(["import", file], { configHome: importer });
      expect(second).toMatchObject({ code: 0, stdout: "Imported 0 new tasks; 120 already present.\n" });
      const after = await listAll(importer);
      expect(after.map((task) => task.id).sort()).toEqual(imported.map((task) => task.id).sort());
    },
  );

  it("importing a file back into the account it came from adds nothing (the ids are its own)", async () => {
    const file = join(h.home, "own.json");
    await writeFile(file, (await h.doable(["export"], { configHome: alice() })).stdout);
    const result = await h.doable(["import", file], { configHome: alice() });
    expect(result).toMatchObject({ code: 0, stdout: "Imported 0 new tasks; 120 already present.\n" });
    expect(await listAll(alice())).toHaveLength(TASK_COUNT);
  });

  it("a hand-written CSV imports once; rows the server refuses are reported by line (exit 1)", async () => {
    const file = join(h.home, "hand.csv");
    await writeFile(
      file,
      "title,priority,completed,tags\nBuy milk,high,,shop\nCall mom,,yes,\n,low,,\nFine,urgent,,\n",
    );
    const first = await h.doable(["import", file], { configHome: bob() });
    expect(first.code).toBe(1);
    expect(first.stdout).toBe("Imported 2 new tasks; 0 already present.\n");
    expect(first.stderr).toMatch(
      /^doable: 2 tasks could not be imported:\n {2}line 4: title: Title is required\n {2}line 5: priority: /,
    );
    const second = await h.doable(["import", file], { configHome: bob() });
    expect(second.stdout).toBe("Imported 0 new tasks; 2 already present.\n");
    const tasks = await listAll(bob());
    expect(tasks.map((task) => [task.title, task.priority, task.completed, task.tags]).sort()).toEqual([
      ["Buy milk", "high", false, ["shop"]],
      ["Call mom", "medium", true, []],
    ]);
  });

  it("an older export's dueAt instants land on the days they fall on in the account's zone", async () => {
    const configHome = join(h.home, "old-format");
    await h.login(await h.signUp("old-format"), { configHome });
    expect((await h.doable(["account", "--time-zone", "America/Los_Angeles"], { configHome })).code).toBe(0);
    const file = join(h.home, "version-1.json");
    const tasks: Array<[string, string | null]> = [
      // The last millisecond of 2030-01-31 in Los Angeles (what earlier clients stored there).
      ["End of day", "2030-02-01T07:59:59.999Z"],
      // Midnight in Los Angeles (summer time): that day, no time either.
      ["Midnight", "2030-05-01T07:00:00.000Z"],
      // Any other moment: the day and the time it falls on there.
      ["Evening", "2030-03-01T01:00:00.000Z"],
      ["Plain day", "2030-04-01"],
      ["No date", null],
      // 1970-01-01 in UTC, but still 1969 in Los Angeles: before the first day a task may be due.
      ["Too early", "1970-01-01T03:00:00.000Z"],
    ];
    await writeFile(
      file,
      JSON.stringify({
        format: "doable-tasks",
        version: 1,
        tasks: tasks.map(([title, dueAt]) => ({ title, dueAt })),
      }),
    );
    // This computer's zone plays no part: the account's does.
    const result = await h.doable(["import", file], { configHome, env: { TZ: "Pacific/Auckland" } });
    expect(result).toMatchObject({
      code: 1,
      stdout: "Imported 5 new tasks; 0 already present.\n",
      stderr:
        "doable: 1 task could not be imported:\n" +
        "  task 6: due date: falls outside 1970-01-01 to 9999-12-31 on your clock\n",
    });
    const imported = await listAll(configHome);
    expect(imported.map((task) => [task.title, task.dueDate, task.dueTime]).sort()).toEqual([
      ["End of day", "2030-01-31", null],
      ["Evening", "2030-02-28", "17:00"],
      ["Midnight", "2030-05-01", null],
      ["No date", null, null],
      ["Plain day", "2030-04-01", null],
    ]);
    const again = await h.doable(["import", file], { configHome, env: { TZ: "America/Los_Angeles" } });
    expect(again).toMatchObject({ code: 1, stdout: "Imported 0 new tasks; 5 already present.\n" });
  });

  it("a hand-written CSV with due and time columns imports the days and times as written", async () => {
    const configHome = join(h.home, "due-columns");
    await h.login(await h.signUp("due-columns"), { configHome });
    const file = join(h.home, "due-columns.csv");
    await writeFile(
      file,
      "Title,Deadline,Time\nPay rent,2030-07-01,\nStand-up,2030-07-02,09:15\nBad,2030-07-03,9h\n",
    );
    const result = await h.doable(["import", file], { configHome });
    expect(result).toMatchObject({ code: 1, stdout: "Imported 2 new tasks; 0 already present.\n" });
    expect(result.stderr).toBe(
      "doable: 1 task could not be imported:\n  line 4: dueTime: '9h' is not a time as HH:MM, 00:00 to 23:59\n",
    );
    const imported = await listAll(configHome);
    expect(imported.map((task) => [task.title, task.dueDate, task.dueTime]).sort()).toEqual([
      ["Pay rent", "2030-07-01", null],
      ["Stand-up", "2030-07-02", "09:15"],
    ]);
  });

  it("a Todoist CSV export imports its tasks once: labels and sections as tags, comments in the description", async () => {
    const file = join(h.home, "Groceries.csv");
    await writeFile(
      file,
      [
        "TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE,DURATION,DURATION_UNIT,DEADLINE,DEADLINE_LANG",
        "meta,view_style=list,,,,,,,,,,,,",
        "section,Market,,,,,,,,,,,,",
        "task,Buy basil @garden,From the stall,1,1,Kai (4815),,2030-03-05,en,Europe/Berlin,,,,",
        "note,The Genovese kind,,,,Kai (4815),,,,,,,,",
        "task,Water plants,,4,2,Kai (4815),,every day,en,Europe/Berlin,,,,",
        "",
      ].join("\r\n"),
    );
    const carol = join(h.home, "carol");
    await h.login(await h.signUp("carol"), { configHome: carol });
    const first = await h.doable(["import", file], { configHome: carol });
    expect(first).toMatchObject({ code: 0, stdout: "Imported 2 new tasks; 0 already present.\n" });
    const second = await h.doable(["import", file], { configHome: carol });
    expect(second).toMatchObject({ code: 0, stdout: "Imported 0 new tasks; 2 already present.\n" });
    const tasks = (await listAll(carol)) as Array<TaskJson & { subtasks: TaskJson[] }>;
    const fields = ({ title, description, priority, dueDate, tags }: TaskJson) => ({
      title,
      description,
      priority,
      dueDate,
      tags,
    });
    expect(tasks.map((task) => ({ ...fields(task), subtasks: task.subtasks.map(fields) }))).toEqual([
      {
        title: "Buy basil",
        description: "From the stall\n\nComment: The Genovese kind",
        priority: "high",
        dueDate: "2030-03-05",
        tags: ["garden", "Market"],
        // A Todoist sub-task: a subtask of the task above it.
        subtasks: [
          {
            title: "Water plants",
            description: "Todoist date: every day",
            priority: "low",
            dueDate: null,
            tags: ["Market"],
          },
        ],
      },
    ]);
  });

  it("a file that is not an export is refused before anything is sent (exit 1)", async () => {
    const file = join(h.home, "broken.json");
    await writeFile(file, "{ nope");
    const result = await h.doable(["import", file], { configHome: bob() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^doable: .*broken\.json: not valid JSON/);
    const missing = await h.doable(["import", join(h.home, "missing.csv")], { configHome: bob() });
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toContain("ENOENT");
  });
});
