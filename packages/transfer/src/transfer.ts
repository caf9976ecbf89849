/**
 * The export file formats (JSON and CSV) and reading them back. Exports hold every field; imports
 * accept exports and hand-written files (only `title` is required).
 */
import { isClockTime } from "@doable/domain";
import { csvLine, parseCsv } from "./csv";
import {
  DUE_DATE_RULE,
  DUE_TIME_RULE,
  type FileDue,
  INSTANT_RULE,
  parseFileDue,
  parseInstant,
} from "./file-due";
import { isTodoistHeader, todoistRows } from "./todoist";
import { isUuid, uuidV5 } from "./uuid";

export const EXPORT_FORMAT = "doable-tasks";
/** 2: a calendar day `dueDate` and a clock time `dueTime` instead of the instant `dueAt` (read still). */
export const EXPORT_VERSION = 2;
/** Project ids to names, for the `project` field: a name means the same on another account. */
export type ProjectNames = ReadonlyMap<string, string>;
export type TransferFormat = "json" | "csv";

export interface ExportedTask {
  id: string;
  title: string;
  description: string | null;
  priority: string;
  completed: boolean;
  dueDate: string | null;
  dueTime: string | null;
  /**
   * When its owner is reminded of it (docs/decisions/0049): an ISO 8601 instant; null (or missing,
   * in older files): no reminder.
   */
  remindAt: string | null;
  tags: string[];
  /** The project's name (docs/decisions/0042); null (or missing, in older files): the Inbox. */
  project: string | null;
  /** How the task repeats, an RFC 5545 RRULE (docs/decisions/0043); null (or missing): it does not. */
  recurrence: string | null;
  /**
   * The `id` of the task this one is a subtask of (docs/decisions/0048), earlier in the same file;
   * null (or missing, in older files): a task of its own.
   */
  parent: string | null;
  createdAt: string;
  completedAt: string | null;
  updatedAt: string;
}

/** A task as the API answers it, in the fields an export holds. */
export interface TransferTask {
  id: string;
  title: string;
  description: string | null;
  priority: string;
  completed: boolean;
  dueDate: string | null;
  dueTime: string | null;
  remindAt: Date | null;
  tags: string[];
  createdAt: Date;
  completedAt: Date | null;
  updatedAt: Date;
  /** The task's project (docs/decisions/0042), named in the export. */
  projectId: string;
  recurrence: string | null;
  parentId: string | null;
  /** A listed task's subtasks (docs/decisions/0048): exported right after it. */
  subtasks?: readonly TransferTask[];
}

/**
 * Every task with its subtasks right after it, as a list answers them nested: what an export
 * holds, in that order, and what an import counts as already there.
 */
export function withSubtasks<T extends { subtasks?: readonly object[] }>(
  tasks: readonly T[],
): Array<T | NonNullable<T["subtasks"]>[number]> {
  return tasks.flatMap((task) => [task, ...(task.subtasks ?? [])]);
}

/** A file that cannot be read as an import at all (not JSON, not CSV, a header it does not know). */
export class TransferFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransferFileError";
  }
}

/**
 * A task's reminder as an ISO instant: a Date from the API, or text or nothing from a file or an
 * older server.
 */
function reminderText(remindAt: Date | string | null | undefined): string | null {
  if (remindAt === undefined || remindAt === null) return null;
  const at = remindAt instanceof Date ? remindAt : new Date(remindAt);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export function toExportedTask(task: TransferTask, projects: ProjectNames = new Map()): ExportedTask {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    priority: task.priority,
    completed: task.completed,
    dueDate: task.dueDate,
    dueTime: task.dueTime,
    remindAt: reminderText(task.remindAt),
    tags: task.tags,
    project: projects.get(task.projectId) ?? null,
    recurrence: task.recurrence,
    parent: task.parentId,
    createdAt: task.createdAt.toISOString(),
    completedAt: task.completedAt?.toISOString() ?? null,
    updatedAt: task.updatedAt.toISOString(),
  };
}

export function exportJson(
  tasks: readonly TransferTask[],
  exportedAt: Date,
  projects?: ProjectNames,
): string {
  const document = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    tasks: withSubtasks(tasks).map((task) => toExportedTask(task, projects)),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export const CSV_COLUMNS = [
  "id",
  "title",
  "description",
  "priority",
  "completed",
  "dueDate",
  "dueTime",
  "remindAt",
  "tags",
  "project",
  "recurrence",
  "parent",
  "createdAt",
  "completedAt",
  "updatedAt",
] as const satisfies ReadonlyArray<keyof ExportedTask>;

const TAG_SEPARATOR = ";";

/** Tags in one CSV cell: separated by ";", with "\" escaping a literal ";" or "\" inside a tag. */
export function encodeTags(tags: readonly string[]): string {
  return tags.map((tag) => tag.replace(/[\\;]/g, (character) => `\\${character}`)).join(TAG_SEPARATOR);
}

export function decodeTags(cell: string): string[] {
  const tags: string[] = [];
  let current = "";
  for (let index = 0; index < cell.length; index += 1) {
    const character = cell[index];
    if (character === "\\" && index + 1 < cell.length) {
      current += cell[index + 1];
      index += 1;
    } else if (character === TAG_SEPARATOR) {
      tags.push(current);
      current = "";
    } else {
      current += character;
    }
  }
  tags.push(current);
  return tags.map((tag) => tag.trim()).filter((tag) => tag !== "");
}

export function exportCsv(tasks: readonly TransferTask[], projects?: ProjectNames): string {
  const rows = withSubtasks(tasks).map((task) => {
    const exported = toExportedTask(task, projects);
    return CSV_COLUMNS.map((column) => {
      const value = exported[column];
      if (column === "tags") return encodeTags(exported.tags);
      if (value === null) return "";
      return String(value);
    });
  });
  return `${[csvLine([...CSV_COLUMNS]), ...rows.map(csvLine)].join("\n")}\n`;
}

/** One task read from an import file, as the API will be asked to create it. */
export interface ImportRow {
  /** "task 3" (JSON) or "line 4" (CSV), for messages. */
  label: string;
  /** The id in the file, if any: the exported task's id. */
  sourceId: string | null;
  title: string;
  description: string | null;
  priority: string | null;
  completed: boolean;
  /** As the file gives it: an instant (an older export's `dueAt`) is read on the account's clock. */
  due: FileDue | null;
  /** When to remind: an instant as the file gives it (with its offset); null: no reminder. */
  remindAt: Date | null;
  tags: string[];
  /** A project's name: found (ignoring case) or created on import; null: the Inbox. */
  project: string | null;
  /** An RRULE, checked by the server like any other field; null: a one-off task. */
  recurrence: string | null;
  /**
   * The row this one is a subtask of, by its `rowKey`: the file's id of that task, or for a file
   * without ids (Todoist's) its label. Null: a task of its own. A parent the import did not make
   * (not in the file, refused) leaves the row a task of its own.
   */
  parent: string | null;
  /** What is wrong with the row before the server is even asked; such rows are not imported. */
  problem: string | null;
}

/** The file name's extension, lower-cased, with its dot (".csv"); "" when it has none. */
function extensionOf(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}

export function detectFormat(fileName: string, text: string): TransferFormat {
  const extension = extensionOf(fileName);
  if (extension === ".json") return "json";
  if (extension === ".csv") return "csv";
  return /^\uFEFF?\s*[[{]/.test(text) ? "json" : "csv";
}

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "x", "done"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", ""]);

/** true or false; missing means false; null when it is neither. */
function parseCompleted(value: unknown): boolean | null {
  if (value === undefined || value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return null;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  return FALSE_WORDS.has(word) ? false : null;
}

interface RawRow {
  label: string;
  id: unknown;
  title: unknown;
  description: unknown;
  priority: unknown;
  completed: unknown;
  dueDate: unknown;
  dueTime: unknown;
  /** Exports before version 2, and other tools: an instant, or a calendar day. */
  dueAt: unknown;
  remindAt: unknown;
  tags: unknown;
  project: unknown;
  recurrence: unknown;
  parent: unknown;
}

type TextReader = (value: unknown, field: string) => string | null;

function nonBlank(value: string | null): string | null {
  return value === null || value.trim() === "" ? null : value.trim();
}

/**
 * The row's due date: `dueDate` (a day; a hand-written file may hold a date-time there too) with
 * `dueTime`, or an older export's `dueAt`. A problem found is added to `problems`.
 */
function readDue(raw: RawRow, text: TextReader, problems: string[]): FileDue | null {
  const dateText = nonBlank(text(raw.dueDate, "dueDate"));
  const legacyText = nonBlank(text(raw.dueAt, "dueAt"));
  const timeText = nonBlank(text(raw.dueTime, "dueTime"));
  if (dateText !== null && legacyText !== null) {
    problems.push("dueAt: give dueDate or dueAt, not both");
    return null;
  }
  const [field, value] = dateText !== null ? ["dueDate", dateText] : ["dueAt", legacyText];
  if (value === null) {
    if (timeText !== null) problems.push("dueTime: needs a due date (dueDate)");
    return null;
  }
  const due = parseFileDue(value);
  if (due === null) {
    problems.push(`${field}: '${value}' is not ${DUE_DATE_RULE} or an ISO 8601 date-time`);
    return null;
  }
  if (timeText === null) return due;
  if (!isClockTime(timeText)) {
    problems.push(`dueTime: '${timeText}' is not ${DUE_TIME_RULE}`);
    return null;
  }
  if (due.kind === "instant") {
    problems.push(`dueTime: goes with a day (YYYY-MM-DD), and ${field} '${value}' has a time already`);
    return null;
  }
  return { ...due, dueTime: timeText };
}

function toImportRow(raw: RawRow, fromCsv: boolean): ImportRow {
  const problems: string[] = [];
  const text: TextReader = (value, field) => {
    if (value === undefined || value === null || (fromCsv && value === "")) return null;
    if (typeof value === "string") return value;
    problems.push(`${field}: must be text`);
    return null;
  };

  const title = typeof raw.title === "string" ? raw.title : "";
  if (typeof raw.title !== "string") problems.push("title: missing");
  const completed = parseCompleted(raw.completed);
  if (completed === null) problems.push("completed: must be true or false");

  const due = readDue(raw, text, problems);
  const remindText = nonBlank(text(raw.remindAt, "remindAt"));
  const remindAt = remindText === null ? null : parseInstant(remindText);
  if (remindText !== null && remindAt === null)
    problems.push(`remindAt: '${remindText}' is not ${INSTANT_RULE}`);

  let tags: string[] = [];
  if (Array.isArray(raw.tags) && raw.tags.every((tag) => typeof tag === "string")) tags = raw.tags;
  else if (typeof raw.tags === "string") tags = decodeTags(raw.tags);
  else if (raw.tags !== undefined && raw.tags !== null) problems.push("tags: must be a list of text");

  const id = text(raw.id, "id");
  const project = nonBlank(text(raw.project, "project"));
  return {
    label: raw.label,
    sourceId: id === null || id.trim() === "" ? null : id.trim(),
    title,
    description: text(raw.description, "description"),
    priority: text(raw.priority, "priority"),
    completed: completed ?? false,
    due,
    remindAt,
    tags,
    project,
    recurrence: nonBlank(text(raw.recurrence, "recurrence")),
    parent: nonBlank(text(raw.parent, "parent")),
    problem: problems.length > 0 ? problems.join("; ") : null,
  };
}

function parseJsonRows(text: string): ImportRow[] {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new TransferFileError(`not valid JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(document) ? document : (document as { tasks?: unknown } | null)?.tasks;
  if (!Array.isArray(list)) {
    throw new TransferFileError('expected a doable export ({"tasks": [...]}) or a JSON array of tasks');
  }
  return list.map((item: unknown, index) => {
    const label = `task ${index + 1}`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      return { ...toImportRow({ label } as RawRow, false), problem: "not a JSON object" };
    }
    return toImportRow({ ...(item as Omit<RawRow, "label">), label }, false);
  });
}

/** Spellings people write for a column, beyond case, spaces, `_` and `-`, which never matter. */
/** An older export's column: read, never written. */
const LEGACY_DUE_COLUMN = "dueAt";

const CSV_COLUMN_ALIASES: Record<string, (typeof CSV_COLUMNS)[number] | typeof LEGACY_DUE_COLUMN> = {
  due: "dueDate",
  deadline: "dueDate",
  time: "dueTime",
  reminder: "remindAt",
  remind: "remindAt",
  dueat: LEGACY_DUE_COLUMN,
  tag: "tags",
  done: "completed",
  notes: "description",
  list: "project",
  note: "description",
};

function columnKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "");
}

const CSV_COLUMN_BY_KEY = new Map<string, string>([
  ...CSV_COLUMNS.map((column) => [columnKey(column), column] as const),
  ...Object.entries(CSV_COLUMN_ALIASES),
]);

/**
 * The export's column names for a CSV header. An unknown column is an error that names it: a
 * column silently dropped would lose what the person meant to import.
 */
function csvHeaderColumns(fields: string[]): string[] {
  const columns = fields.map((name) => CSV_COLUMN_BY_KEY.get(columnKey(name)) ?? null);
  const unknown = fields.filter((_, index) => columns[index] === null).map((name) => `'${name.trim()}'`);
  const expected = `expected: ${CSV_COLUMNS.join(",")}`;
  if (unknown.length > 0) {
    throw new TransferFileError(`the CSV header has unknown columns ${unknown.join(", ")} (${expected})`);
  }
  const repeated = columns.find((column, index) => columns.indexOf(column) !== index);
  if (repeated) {
    const spellings = fields
      .filter((_, index) => columns[index] === repeated)
      .map((name) => `'${name.trim()}'`);
    throw new TransferFileError(`the CSV header names ${repeated} more than once (${spellings.join(", ")})`);
  }
  if (!columns.includes("title"))
    throw new TransferFileError(`the CSV header has no 'title' column (${expected})`);
  return columns as string[];
}

function parseCsvRows(text: string): ImportRow[] {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    throw new TransferFileError(`not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) return [];
  if (isTodoistHeader(header.fields)) return todoistRows(header.fields, rows);
  const columns = csvHeaderColumns(header.fields);
  return rows.map((record) => {
    const cell = (name: string): string | undefined => {
      const index = columns.indexOf(name);
      return index === -1 ? undefined : (record.fields[index] ?? "");
    };
    return toImportRow(
      {
        label: `line ${record.line}`,
        id: cell("id"),
        title: cell("title"),
        description: cell("description"),
        priority: cell("priority"),
        completed: cell("completed"),
        dueDate: cell("dueDate"),
        dueTime: cell("dueTime"),
        dueAt: cell(LEGACY_DUE_COLUMN),
        remindAt: cell("remindAt"),
        tags: cell("tags"),
        project: cell("project"),
        recurrence: cell("recurrence"),
        parent: cell("parent"),
      },
      true,
    );
  });
}

export function parseImportFile(text: string, format: TransferFormat): ImportRow[] {
  return format === "json" ? parseJsonRows(text) : parseCsvRows(text);
}

/** Fixed forever: changing it would make every earlier import look new. */
export const IMPORT_NAMESPACE = "4330b56a-3c36-4cfa-a660-1b9b00ed7bd4";

/**
 * The due date's part of a row's key, as the file states it: no time zone (the account's or this
 * computer's) changes it. An instant keeps the form of earlier versions (its ISO string), so a file
 * imported before still finds its tasks; a row without a due date is null, as before.
 */
function dueKey(due: FileDue | null): string | null {
  if (due === null) return null;
  if (due.kind === "instant") return due.at.toISOString();
  return due.dueTime === null ? due.dueDate : `${due.dueDate}T${due.dueTime}`;
}

/** How other rows of the same file name this one as their `parent`: its id, else its label. */
export function rowKey(row: ImportRow): string {
  return row.sourceId ?? row.label;
}

/** What tells a row apart from the others of its file and of earlier imports: its id, else its fields. */
function rowIdentity(row: ImportRow): string {
  return row.sourceId !== null
    ? `id:${row.sourceId}`
    : `row:${JSON.stringify([row.title, row.description, row.priority, dueKey(row.due), row.tags, row.completed])}`;
}

/**
 * The ids an imported row may take, in order of preference. First the exported id itself, so a
 * restore keeps ids (the server refuses it with CONFLICT when another account holds it); then an
 * id derived from this user and the exported id, or for a row without one, from its contents and,
 * for a subtask, its task's (`parent`): "Passport" under two packing lists is two subtasks. Both
 * are deterministic: importing the same file again finds every task already there.
 */
export function importTaskIds(userId: string, row: ImportRow, parent: ImportRow | null = null): string[] {
  const key =
    row.sourceId === null && parent !== null
      ? `${rowIdentity(row)}\nunder:${rowIdentity(parent)}`
      : rowIdentity(row);
  const derived = uuidV5(`${userId}\n${key}`, IMPORT_NAMESPACE);
  const original = row.sourceId !== null && isUuid(row.sourceId) ? row.sourceId.toLowerCase() : null;
  return original ? [original, derived] : [derived];
}
