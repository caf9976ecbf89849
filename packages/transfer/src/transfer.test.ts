import { describe, expect, it } from "vitest";
import {
  CSV_COLUMNS,
  decodeTags,
  detectFormat,
  encodeTags,
  exportCsv,
  exportJson,
  IMPORT_NAMESPACE,
  type ImportRow,
  importTaskIds,
  parseImportFile,
  TransferFileError,
  type TransferTask,
} from "./transfer";
import { uuidV5 } from "./uuid";

const task: TransferTask = {
  id: "0b0e5a8e-7c1d-4c5e-9f00-6c1f2a3b4c5d",
  title: 'Plan "Q3", then relax',
  description: "Line one\nline two",
  completed: true,
  completedAt: new Date("2030-01-02T10:00:00.000Z"),
  priority: "high",
  dueDate: "2030-01-31",
  dueTime: "17:30",
  remindAt: new Date("2030-01-31T16:15:00.000Z"),
  tags: ["work", "a;b", "back\\slash"],
  projectId: "00000000-0000-4000-8000-0000000000aa",
  recurrence: "FREQ=WEEKLY;BYDAY=FR",
  parentId: null,
  createdAt: new Date("2030-01-01T09:00:00.000Z"),
  updatedAt: new Date("2030-01-02T10:00:00.000Z"),
};
const plain: TransferTask = {
  ...task,
  id: "1c1e5a8e-7c1d-4c5e-9f00-6c1f2a3b4c5d",
  title: "Plain",
  description: null,
  completed: false,
  completedAt: null,
  priority: "medium",
  dueDate: "2030-02-01",
  dueTime: null,
  remindAt: null,
  tags: [],
  // A project whose name the export was not given: it leaves the field empty (the Inbox on import).
  projectId: "00000000-0000-4000-8000-0000000000ff",
  recurrence: null,
};
const undated: TransferTask = {
  ...plain,
  id: "2d1e5a8e-7c1d-4c5e-9f00-6c1f2a3b4c5d",
  title: "Undated",
  dueDate: null,
};

function withoutLabel(row: ImportRow) {
  const { label: _label, ...rest } = row;
  return rest;
}

const expectedRows = [
  {
    sourceId: task.id,
    title: task.title,
    description: task.description,
    priority: "high",
    completed: true,
    due: { kind: "day", dueDate: "2030-01-31", dueTime: "17:30" },
    remindAt: new Date("2030-01-31T16:15:00.000Z"),
    tags: task.tags,
    project: "Garden",
    recurrence: "FREQ=WEEKLY;BYDAY=FR",
    parent: null,
    problem: null,
  },
  {
    sourceId: plain.id,
    title: "Plain",
    description: null,
    priority: "medium",
    completed: false,
    due: { kind: "day", dueDate: "2030-02-01", dueTime: null },
    remindAt: null,
    tags: [],
    project: null,
    recurrence: null,
    parent: null,
    problem: null,
  },
  {
    sourceId: undated.id,
    title: "Undated",
    description: null,
    priority: "medium",
    completed: false,
    due: null,
    remindAt: null,
    tags: [],
    project: null,
    recurrence: null,
    parent: null,
    problem: null,
  },
];

/** Project names by id, as `doable export` reads them: only the first task's project is known. */
const projectNames = new Map([[task.projectId, "Garden"]]);

describe("export and import formats", () => {
  it("JSON: a versioned document that reads back to the same tasks", () => {
    const text = exportJson([task, plain, undated], new Date("2030-02-01T00:00:00.000Z"), projectNames);
    const document = JSON.parse(text);
    expect(document).toMatchObject({
      format: "doable-tasks",
      version: 2,
      exportedAt: "2030-02-01T00:00:00.000Z",
    });
    expect(document.tasks[0]).toEqual({
      id: task.id,
      title: task.title,
      description: task.description,
      priority: "high",
      completed: true,
      dueDate: "2030-01-31",
      dueTime: "17:30",
      remindAt: "2030-01-31T16:15:00.000Z",
      tags: task.tags,
      project: "Garden",
      recurrence: "FREQ=WEEKLY;BYDAY=FR",
      parent: null,
      createdAt: "2030-01-01T09:00:00.000Z",
      completedAt: "2030-01-02T10:00:00.000Z",
      updatedAt: "2030-01-02T10:00:00.000Z",
    });
    expect(parseImportFile(text, "json").map(withoutLabel)).toEqual(expectedRows);
  });

  it("CSV: a header of every field, and rows that read back to the same tasks", () => {
    const text = exportCsv([task, plain, undated], projectNames);
    expect(text.split("\n")[0]).toBe(
      "id,title,description,priority,completed,dueDate,dueTime,remindAt,tags,project,recurrence,parent,createdAt,completedAt,updatedAt",
    );
    expect(text.split("\n")[0]).toBe(CSV_COLUMNS.join(","));
    expect(text).toContain(",high,true,2030-01-31,17:30,2030-01-31T16:15:00.000Z,");
    // No time and no reminder: both cells empty.
    expect(text).toContain(",medium,false,2030-02-01,,,");
    const rows = parseImportFile(text, "csv");
    expect(rows.map(withoutLabel)).toEqual(expectedRows);
    expect(rows.map((row) => row.label)).toEqual(["line 2", "line 4", "line 5"]);
  });

  it("exports each subtask right after its task, naming it, and reads the link back (JSON and CSV)", () => {
    const child: TransferTask = {
      ...plain,
      id: "3e1e5a8e-7c1d-4c5e-9f00-6c1f2a3b4c5d",
      title: "Child",
      parentId: undated.id,
    };
    const listed = [{ ...undated, subtasks: [child] }, plain];
    const json = JSON.parse(exportJson(listed, new Date("2030-02-01T00:00:00.000Z")));
    expect(
      json.tasks.map((one: { title: string; parent: string | null }) => [one.title, one.parent]),
    ).toEqual([
      ["Undated", null],
      ["Child", undated.id],
      ["Plain", null],
    ]);
    for (const format of ["json", "csv"] as const) {
      const text = format === "json" ? exportJson(listed, new Date()) : exportCsv(listed);
      expect(parseImportFile(text, format).map((row) => [row.title, row.parent])).toEqual([
        ["Undated", null],
        ["Child", undated.id],
        ["Plain", null],
      ]);
    }
  });

  it("tags in a CSV cell: ';' separates, '\\' escapes", () => {
    expect(encodeTags(["a;b", "c\\d", "e"])).toBe("a\\;b;c\\\\d;e");
    expect(decodeTags("a\\;b;c\\\\d;e")).toEqual(["a;b", "c\\d", "e"]);
    expect(decodeTags(" x ; ;y")).toEqual(["x", "y"]);
  });

  it("a hand-written CSV needs only a title column, and common spellings of the others are understood", () => {
    const rows = parseImportFile(
      "Title,Notes,Done,Due date\nBuy milk,semi-skimmed,yes,2030-01-31\nCall mom,,,\n",
      "csv",
    );
    expect(rows.map((row) => [row.title, row.description, row.completed, row.sourceId, row.problem])).toEqual(
      [
        ["Buy milk", "semi-skimmed", true, null, null],
        ["Call mom", null, false, null, null],
      ],
    );
    expect(rows[0]?.due).toEqual({ kind: "day", dueDate: "2030-01-31", dueTime: null });
    for (const header of ["due", "deadline", "Due_Date"]) {
      expect(parseImportFile(`title,${header}\nRenew passport,2030-02-01\n`, "csv")[0]?.due).toEqual({
        kind: "day",
        dueDate: "2030-02-01",
        dueTime: null,
      });
    }
    for (const header of ["time", "Due time", "dueTime"]) {
      expect(parseImportFile(`title,due,${header}\nCall,2030-02-01,09:15\n`, "csv")[0]?.due).toEqual({
        kind: "day",
        dueDate: "2030-02-01",
        dueTime: "09:15",
      });
    }
  });

  it("reads an older export's dueAt: instants to be read on the account's clock, days as they are", () => {
    const json = JSON.stringify({
      format: "doable-tasks",
      version: 1,
      tasks: [
        { title: "Instant", dueAt: "2030-01-31T22:59:59.999Z" },
        { title: "Day", dueAt: "2030-01-31" },
        { title: "None", dueAt: null },
      ],
    });
    expect(parseImportFile(json, "json").map((row) => [row.title, row.due, row.problem])).toEqual([
      ["Instant", { kind: "instant", at: new Date("2030-01-31T22:59:59.999Z") }, null],
      ["Day", { kind: "day", dueDate: "2030-01-31", dueTime: null }, null],
      ["None", null, null],
    ]);
    const [csvRow] = parseImportFile("title,dueAt\nOld,2030-01-31T22:59:59.999Z\n", "csv");
    expect(csvRow?.due).toEqual({ kind: "instant", at: new Date("2030-01-31T22:59:59.999Z") });
  });

  it("a due time needs its day; a bad time, or one with a date-time, is a problem of the row", () => {
    const rows = parseImportFile(
      JSON.stringify([
        { title: "a", dueTime: "09:00" },
        { title: "b", dueDate: "2030-01-31", dueTime: "9am" },
        { title: "c", dueAt: "2030-01-31T10:00:00Z", dueTime: "09:00" },
        { title: "d", dueDate: "2030-01-31", dueAt: "2030-01-31T10:00:00Z" },
      ]),
      "json",
    );
    expect(rows.map((row) => [row.title, row.problem])).toEqual([
      ["a", "dueTime: needs a due date (dueDate)"],
      ["b", "dueTime: '9am' is not a time as HH:MM, 00:00 to 23:59"],
      ["c", "dueTime: goes with a day (YYYY-MM-DD), and dueAt '2030-01-31T10:00:00Z' has a time already"],
      ["d", "dueAt: give dueDate or dueAt, not both"],
    ]);
  });

  it("remindAt: an instant with its offset; blank or missing is none; anything else is a problem of the row", () => {
    const rows = parseImportFile(
      JSON.stringify([
        { title: "utc", remindAt: "2030-01-31T08:00:00Z" },
        { title: "offset", remindAt: "2030-01-31T09:00+01:00" },
        { title: "none", remindAt: null },
        { title: "missing" },
        { title: "local", remindAt: "2030-01-31T09:00" },
        { title: "words", remindAt: "tomorrow" },
        { title: "number", remindAt: 1_900_000_000_000 },
      ]),
      "json",
    );
    expect(rows.map((row) => [row.title, row.remindAt, row.problem])).toEqual([
      ["utc", new Date("2030-01-31T08:00:00Z"), null],
      ["offset", new Date("2030-01-31T08:00:00Z"), null],
      ["none", null, null],
      ["missing", null, null],
      [
        "local",
        null,
        "remindAt: '2030-01-31T09:00' is not an ISO 8601 date-time with its offset, like 2030-01-31T08:00:00Z",
      ],
      [
        "words",
        null,
        "remindAt: 'tomorrow' is not an ISO 8601 date-time with its offset, like 2030-01-31T08:00:00Z",
      ],
      ["number", null, "remindAt: must be text"],
    ]);
    const csv = parseImportFile(
      "title,Reminder\nStretch,2030-01-31T08:00:00.000Z\nNothing,\nBad,2030-02-30T08:00:00Z\n",
      "csv",
    );
    expect(csv.map((row) => [row.label, row.remindAt, row.problem])).toEqual([
      ["line 2", new Date("2030-01-31T08:00:00Z"), null],
      ["line 3", null, null],
      [
        "line 4",
        null,
        "remindAt: '2030-02-30T08:00:00Z' is not an ISO 8601 date-time with its offset, like 2030-01-31T08:00:00Z",
      ],
    ]);
  });

  it("two columns meaning the same field are an error naming both", () => {
    expect(() => parseImportFile("title,due,dueDate\nx,2030-01-01,2030-02-01\n", "csv")).toThrow(
      "the CSV header names dueDate more than once ('due', 'dueDate')",
    );
  });

  it("an unknown CSV column is an error naming it and the expected ones, never silently dropped", () => {
    expect(() => parseImportFile("title,when,colour\nx,y,z\n", "csv")).toThrow(
      "the CSV header has unknown columns 'when', 'colour' (expected: id,title,description,",
    );
  });

  it("rows with problems are marked, not dropped", () => {
    const rows = parseImportFile(
      JSON.stringify([{ title: 5 }, { title: "ok", dueAt: "someday", completed: "maybe" }, "nope"]),
      "json",
    );
    expect(rows.map((row) => [row.label, row.problem])).toEqual([
      ["task 1", "title: missing"],
      [
        "task 2",
        "completed: must be true or false; dueAt: 'someday' is not a calendar day as YYYY-MM-DD, 1970-01-01 to 9999-12-31 or an ISO 8601 date-time",
      ],
      ["task 3", "not a JSON object"],
    ]);
  });

  it("whole-file problems are errors", () => {
    expect(() => parseImportFile("{", "json")).toThrow(TransferFileError);
    expect(() => parseImportFile('{"tasks": 3}', "json")).toThrow("expected a doable export");
    expect(() => parseImportFile("description,due\nx,2030-01-01\n", "csv")).toThrow("no 'title' column");
    expect(() => parseImportFile('title\n"open', "csv")).toThrow("not valid CSV");
    expect(parseImportFile("", "csv")).toEqual([]);
  });

  it("detects the format from the extension, else from the contents", () => {
    expect(detectFormat("tasks.JSON", "")).toBe("json");
    expect(detectFormat("tasks.csv", "[")).toBe("csv");
    expect(detectFormat("-", '  {"tasks": []}')).toBe("json");
    expect(detectFormat("backup", "title\nx")).toBe("csv");
  });
});

describe("importTaskIds", () => {
  const [row] = parseImportFile(exportJson([task], new Date()), "json") as [ImportRow];

  it("prefers the exported id, then one derived from the user and that id; both deterministic", () => {
    const ids = importTaskIds("user-1", row);
    expect(ids[0]).toBe(task.id);
    expect(ids).toEqual(importTaskIds("user-1", row));
    expect(importTaskIds("user-2", row)[1]).not.toBe(ids[1]);
  });

  it("a row without an id gets an id from its contents", () => {
    const anonymous = { ...row, sourceId: null };
    const [id] = importTaskIds("user-1", anonymous);
    expect(importTaskIds("user-1", anonymous)).toEqual([id]);
    expect(importTaskIds("user-1", { ...anonymous, title: "Other" })[0]).not.toBe(id);
  });

  it("a row's due date is part of its key as the file states it, never read in a zone", () => {
    const anonymous = { ...row, sourceId: null };
    const day = { kind: "day", dueDate: "2030-01-31", dueTime: null } as const;
    const [allDay] = importTaskIds("user-1", { ...anonymous, due: day });
    const [timed] = importTaskIds("user-1", { ...anonymous, due: { ...day, dueTime: "09:00" } });
    const [undated] = importTaskIds("user-1", { ...anonymous, due: null });
    expect(new Set([allDay, timed, undated]).size).toBe(3);
    // Derived before due dates were days: an instant, and a row without a due date, keep their ids.
    const instant = { kind: "instant", at: new Date("2030-01-31T23:59:59.999Z") } as const;
    const legacyKey = (due: string | null): string =>
      `row:${JSON.stringify([row.title, row.description, row.priority, due, row.tags, row.completed])}`;
    expect(importTaskIds("user-1", { ...anonymous, due: instant })).toEqual([
      uuidV5(`user-1\n${legacyKey("2030-01-31T23:59:59.999Z")}`, IMPORT_NAMESPACE),
    ]);
    expect(undated).toBe(uuidV5(`user-1\n${legacyKey(null)}`, IMPORT_NAMESPACE));
  });

  it("an id that is not a UUID (a hand-numbered file) is only hashed", () => {
    const ids = importTaskIds("user-1", { ...row, sourceId: "17" });
    expect(ids).toHaveLength(1);
  });
});
