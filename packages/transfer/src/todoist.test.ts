import { describe, expect, it } from "vitest";
import { looksLikeTodoistCsv } from "./todoist";
import { parseImportFile } from "./transfer";

const HEADER =
  "TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE,DURATION,DURATION_UNIT,DEADLINE,DEADLINE_LANG";

function todoist(...rows: string[]): string {
  return [HEADER, ...rows, ""].join("\r\n");
}

describe("a Todoist CSV export", () => {
  it("is recognised by its header and read as tasks, skipping meta rows and blank lines", () => {
    const rows = parseImportFile(
      todoist(
        "meta,view_style=list,,,,,,,,,,,,",
        "task,Repot the basil,,4,1,Kai (1),,,en,UTC,,,,",
        ",,,,,,,,,,,,,",
      ),
      "csv",
    );
    expect(rows).toEqual([
      {
        label: "line 3",
        sourceId: null,
        title: "Repot the basil",
        description: null,
        priority: "low",
        completed: false,
        due: null,
        remindAt: null,
        tags: [],
        project: null,
        recurrence: null,
        parent: null,
        problem: null,
      },
    ]);
  });

  it("maps p1 to p4 onto high, medium, low, low, and an empty priority to the default", () => {
    const rows = parseImportFile(
      todoist(...["1", "2", "3", "4", ""].map((level) => `task,Level ${level},,${level},1,,,,,,,,,`)),
      "csv",
    );
    expect(rows.map((row) => row.priority)).toEqual(["high", "medium", "low", "low", null]);
  });

  it("takes @labels out of the title as tags, and names each task's section as a tag", () => {
    const rows = parseImportFile(
      todoist(
        "task,Before any section @home,,4,1,,,,,,,,,",
        "section,Kitchen,,,,,,,,,,,,",
        "task,Fix the tap @house @urgent @house,,1,1,,,,,,,,,",
        "section,,,,,,,,,,,,,",
        "task,email@example.com stays,,4,1,,,,,,,,,",
      ),
      "csv",
    );
    expect(rows.map(({ title, tags }) => ({ title, tags }))).toEqual([
      { title: "Before any section", tags: ["home"] },
      { title: "Fix the tap", tags: ["house", "urgent", "Kitchen"] },
      { title: "email@example.com stays", tags: [] },
    ]);
  });

  it("appends the comments below a task to its description, and keeps what has no field here", () => {
    const [row] = parseImportFile(
      todoist(
        'task,Call the plumber,"Washer is worn, see photo",2,1,,,every monday,en,Europe/London,30,minute,2030-10-20,en',
        "note,Hardware shop on Main St,,,,,,,,,,,,",
        "note,Ask about the boiler,,,,,,,,,,,,",
      ),
      "csv",
    );
    expect(row?.due).toBeNull();
    expect(row?.description).toBe(
      [
        "Washer is worn, see photo",
        "Comment: Hardware shop on Main St",
        "Comment: Ask about the boiler",
        "Todoist date: every monday",
        "Todoist deadline: 2030-10-20",
      ].join("\n\n"),
    );
  });

  it("reads a calendar day or an ISO date-time as the due date, and a deadline when there is no date", () => {
    const rows = parseImportFile(
      todoist(
        "task,Day,,4,1,,,2030-10-05,en,UTC,,,,",
        "task,Instant,,4,1,,,2030-10-05T17:00:00Z,en,UTC,,,,",
        "task,Deadline only,,4,1,,,,en,UTC,,,2030-10-20,en",
      ),
      "csv",
    );
    expect(rows.map((row) => row.due)).toEqual([
      { kind: "day", dueDate: "2030-10-05", dueTime: null },
      { kind: "instant", at: new Date("2030-10-05T17:00:00Z") },
      { kind: "day", dueDate: "2030-10-20", dueTime: null },
    ]);
    expect(rows.map((row) => row.description)).toEqual([null, null, null]);
  });

  it("makes sub-tasks subtasks of the task above them, one level deep, and marks a task without a name as a problem", () => {
    const rows = parseImportFile(
      todoist(
        "task,Child before any parent,,4,2,,,,,,,,,",
        "task,Its sibling,,4,2,,,,,,,,,",
        "task,Parent,,4,1,,,,,,,,,",
        "task,Child,,4,2,,,,,,,,,",
        "note,A comment on the child,,,,,,,,,,,,",
        "task,Grandchild,,4,3,,,,,,,,,",
        "section,Later,,,,,,,,,,,,",
        "task,Child after a section,,4,2,,,,,,,,,",
        "task,,,4,1,,,,,,,,,",
      ),
      "csv",
    );
    expect(rows.map(({ label, title, parent, problem }) => ({ label, title, parent, problem }))).toEqual([
      // A sub-task with no task above it stays on its own, and takes no sub-tasks itself.
      { label: "line 2", title: "Child before any parent", parent: null, problem: null },
      { label: "line 3", title: "Its sibling", parent: null, problem: null },
      { label: "line 4", title: "Parent", parent: null, problem: null },
      { label: "line 5", title: "Child", parent: "line 4", problem: null },
      { label: "line 7", title: "Grandchild", parent: "line 4", problem: null },
      { label: "line 9", title: "Child after a section", parent: null, problem: null },
      { label: "line 10", title: "", parent: null, problem: "CONTENT: a task needs a name" },
    ]);
    expect(rows[3]?.description).toBe("Comment: A comment on the child");
  });

  it("keeps a section too long for a tag in the description instead", () => {
    const long = "A section name far longer than any tag may be";
    const [row] = parseImportFile(todoist(`section,${long},,,,,,,,,,,,`, "task,Inside,,4,1,,,,,,,,,"), "csv");
    expect(row?.tags).toEqual([]);
    expect(row?.description).toBe(`Todoist section: ${long}`);
  });

  it("is told apart from Doable's own CSV by its first line", () => {
    expect(looksLikeTodoistCsv(`\uFEFF${todoist("task,A,,4,1,,,,,,,,,")}`)).toBe(true);
    expect(looksLikeTodoistCsv("type,content\ntask,A\n")).toBe(true);
    expect(looksLikeTodoistCsv("title,type\nA,task\n")).toBe(false);
    expect(looksLikeTodoistCsv('{"tasks": []}')).toBe(false);
  });
});
