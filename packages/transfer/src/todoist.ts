/**
 * Todoist's CSV export ("Export as a template" of a project): one row per task, section or note
 * (comment), in the project's order, with the columns TYPE, CONTENT, DESCRIPTION, PRIORITY,
 * INDENT, AUTHOR, RESPONSIBLE, DATE, DATE_LANG, TIMEZONE and, in newer files, DURATION,
 * DURATION_UNIT, DEADLINE, DEADLINE_LANG. Read into the same rows as Doable's own files, so the
 * import that follows is the same (and importing the file again adds nothing).
 */
import { isCalendarDate, type Priority, TAG_MAX_LENGTH, TAGS_MAX_COUNT } from "@doable/domain";
import type { CsvRecord } from "./csv";
import { parseFileDue } from "./file-due";
import type { ImportRow } from "./transfer";

const TYPE_COLUMN = "TYPE";
const CONTENT_COLUMN = "CONTENT";

/** Todoist's p1 (most urgent) to p4 (its default, "no priority"); three levels here, in order. */
const PRIORITY_BY_TODOIST_LEVEL: Readonly<Record<string, Priority>> = {
  "1": "high",
  "2": "medium",
  "3": "low",
  "4": "low",
};

/** `@label` in a task's content is a Todoist label: here, a tag. */
const LABEL_PATTERN = /(^|\s)@([^\s@]+)/g;

/** True for a CSV header Todoist writes (its first columns are TYPE and CONTENT). */
export function isTodoistHeader(fields: readonly string[]): boolean {
  const [first, second] = fields.map((field) => field.trim().toUpperCase());
  return first === TYPE_COLUMN && second === CONTENT_COLUMN;
}

/** True for a file whose first line is a Todoist CSV header (for saying what a file is before reading it all). */
export function looksLikeTodoistCsv(text: string): boolean {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return isTodoistHeader(firstLine.split(","));
}

interface TodoistTask {
  row: ImportRow;
  /** Comments that follow the task, appended to its description. */
  notes: string[];
  /** What the description keeps that has no field here (a date in words, the section). */
  kept: string[];
}

function labelsOf(content: string): { title: string; labels: string[] } {
  const labels: string[] = [];
  const title = content.replace(LABEL_PATTERN, (_match, before: string, label: string) => {
    labels.push(label);
    return before;
  });
  return { title: title.replace(/\s+/g, " ").trim(), labels };
}

/** A Todoist due date this import can read as it is: a calendar day or an ISO date-time. */
function readableDue(text: string) {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  return isCalendarDate(trimmed) || /^\d{4}-\d{2}-\d{2}T/.test(trimmed) ? parseFileDue(trimmed) : null;
}

/** `parent`: the label of the task this one is a sub-task of (see `todoistRows`), or null. */
function toTask(
  cell: (column: string) => string,
  line: number,
  section: string | null,
  parent: string | null,
): TodoistTask {
  const { title, labels } = labelsOf(cell(CONTENT_COLUMN));
  const kept: string[] = [];
  const tags = [...new Set(labels)];
  if (section !== null) {
    if (section.length <= TAG_MAX_LENGTH && tags.length < TAGS_MAX_COUNT) tags.push(section);
    else kept.push(`Todoist section: ${section}`);
  }
  const dateText = cell("DATE").trim();
  const deadlineText = cell("DEADLINE").trim();
  let due = readableDue(dateText);
  if (dateText !== "" && due === null) kept.push(`Todoist date: ${dateText}`);
  if (deadlineText !== "") {
    const deadline = readableDue(deadlineText);
    if (due === null && dateText === "" && deadline !== null) due = deadline;
    else kept.push(`Todoist deadline: ${deadlineText}`);
  }
  const description = cell("DESCRIPTION").trim();
  return {
    row: {
      label: `line ${line}`,
      sourceId: null,
      title,
      description: description === "" ? null : description,
      priority: PRIORITY_BY_TODOIST_LEVEL[cell("PRIORITY").trim()] ?? null,
      completed: false,
      due,
      tags,
      // One file is one Todoist project, but the file's name is not part of it: the Inbox.
      project: null,
      recurrence: null,
      remindAt: null,
      parent,
      problem: title === "" ? "CONTENT: a task needs a name" : null,
    },
    notes: [],
    kept,
  };
}

function finish({ row, notes, kept }: TodoistTask): ImportRow {
  const parts = [row.description, ...notes.map((note) => `Comment: ${note}`), ...kept].filter(
    (part): part is string => part !== null && part !== "",
  );
  return { ...row, description: parts.length > 0 ? parts.join("\n\n") : null };
}

/** Todoist's INDENT of a task: 1 for a task of its own, 2 to 4 for sub-tasks under it. */
function indentOf(text: string): number {
  const indent = Number.parseInt(text.trim(), 10);
  return Number.isInteger(indent) && indent > 1 ? indent : 1;
}

/**
 * The tasks of a Todoist CSV (header first). A section names the tasks under it (as a tag); a note
 * is a comment on the task above it; a sub-task (INDENT 2 and deeper) becomes a subtask of the
 * nearest task above it with INDENT 1, since subtasks here are one level deep (ADR 0048); what has
 * no field here stays in the description.
 */
export function todoistRows(header: readonly string[], records: readonly CsvRecord[]): ImportRow[] {
  const columns = header.map((field) => field.trim().toUpperCase());
  const tasks: TodoistTask[] = [];
  let section: string | null = null;
  /** The label of the last task of its own: the parent of the sub-tasks that follow it. */
  let topLevel: string | null = null;
  for (const record of records) {
    const cell = (column: string): string => {
      const index = columns.indexOf(column);
      return index === -1 ? "" : (record.fields[index] ?? "");
    };
    const type = cell(TYPE_COLUMN).trim().toLowerCase();
    const content = cell(CONTENT_COLUMN).trim();
    if (type === "section") {
      section = content === "" ? null : content;
      topLevel = null;
    } else if (type === "task") {
      const indent = indentOf(cell("INDENT"));
      const task = toTask(cell, record.line, section, indent > 1 ? topLevel : null);
      // Only a task of its own takes sub-tasks; one with no task above it stays on its own.
      if (indent === 1) topLevel = task.row.label;
      tasks.push(task);
    } else if (type === "note" && content !== "") tasks.at(-1)?.notes.push(content);
  }
  return tasks.map(finish);
}
