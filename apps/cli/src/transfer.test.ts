import { describe, expect, it } from "vitest";
import type { Task } from "./client";
import { CliError } from "./exit-codes";
import {
  CSV_COLUMNS,
  decodeTags,
  detectFormat,
  encodeTags,
  exportCsv,
  exportJson,
  type ImportRow,
  importTaskIds,
  parseImportFile,
} from "./transfer";

const task: Task = {
  id: "0b0e5a8e-7c1d-4c5e-9f00-6c1f2a3b4c5d",
  title: 'Plan "Q3", then relax',
  description: "Line one\nline two",
  completed: true,
  completedAt: new Date("2030-01-02T10:00:00.000Z"),
  priority: "high",
  dueAt: new Date("2030-01-31T22:59:59.999Z"),
  tags: ["work", "a;b", "back\\slash"],
  version: 2,
  createdAt: new Date("2030-01-01T09:00:00.000Z"),
  updatedAt: new Date("2030-01-02T10:00:00.000Z"),
};
const plain: Task = {
  ...task,
  id: "1c1e5a8e-7c1d-4c5e-9f00-6c1f2a3b4c5d",
  title: "Plain",
  description: null,
  completed: false,
  completedAt: null,
  priority: "medium",
  dueAt: null,
  tags: [],
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
    dueAt: task.dueAt,
    tags: task.tags,
    problem: null,
  },
  {
    sourceId: plain.id,
    title: "Plain",
    description: null,
    priority: "medium",
    completed: false,
    dueAt: null,
    tags: [],
    problem: null,
  },
];

describe("export and import formats", () => {
  it("JSON: a versioned document that reads back to the same tasks", () => {
    const text = exportJson([task, plain], new Date("2030-02-01T00:00:00.000Z"));
    const document = JSON.parse(text);
    expect(document).toMatchObject({
      format: "doable-tasks",
      version: 1,
      exportedAt: "2030-02-01T00:00:00.000Z",
    });
    expect(document.tasks[0]).toEqual({
      id: task.id,
      title: task.title,
      description: task.description,
      priority: "high",
      completed: true,
      dueAt: "2030-01-31T22:59:59.999Z",
      tags: task.tags,
      createdAt: "2030-01-01T09:00:00.000Z",
      completedAt: "2030-01-02T10:00:00.000Z",
      updatedAt: "2030-01-02T10:00:00.000Z",
    });
    expect(parseImportFile(text, "json").map(withoutLabel)).toEqual(expectedRows);
  });

  it("CSV: a header of every field, and rows that read back to the same tasks", () => {
    const text = exportCsv([task, plain]);
    expect(text.split("\n")[0]).toBe(CSV_COLUMNS.join(","));
    const rows = parseImportFile(text, "csv");
    expect(rows.map(withoutLabel)).toEqual(expectedRows);
    expect(rows.map((row) => row.label)).toEqual(["line 2", "line 4"]);
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
    expect(rows[0]?.dueAt).toEqual(new Date(2030, 0, 31, 23, 59, 59, 999));
    expect(parseImportFile("title,due\nRenew passport,2030-02-01\n", "csv")[0]?.dueAt).toEqual(
      new Date(2030, 1, 1, 23, 59, 59, 999),
    );
  });

  it("two columns meaning the same field are an error naming both", () => {
    expect(() => parseImportFile("title,due,dueAt\nx,2030-01-01,2030-02-01\n", "csv")).toThrow(
      "the CSV header names dueAt more than once ('due', 'dueAt')",
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
      ["task 2", "completed: must be true or false; dueAt: 'someday' is not a date (YYYY-MM-DD or ISO 8601)"],
      ["task 3", "not a JSON object"],
    ]);
  });

  it("whole-file problems are errors", () => {
    expect(() => parseImportFile("{", "json")).toThrow(CliError);
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

  it("an id that is not a UUID (a hand-numbered file) is only hashed", () => {
    const ids = importTaskIds("user-1", { ...row, sourceId: "17" });
    expect(ids).toHaveLength(1);
  });
});
