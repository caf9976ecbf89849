/**
 * Importing rows read from a file, the same way from every client (the CLI, the web app): each
 * row becomes one `task.create` with an id derived from the file, so importing a file again adds
 * nothing, and a row the server refuses is reported without stopping the rest.
 */
import { EARLIEST_DUE_DATE, LATEST_DUE_DATE } from "@doable/domain";
import { TRPCClientError } from "@trpc/client";
import { type DueFields, fileDueFields } from "./file-due";
import { retryWhenThrottled, type Sleep } from "./throttle-retry";
import { type ImportRow, importTaskIds, rowKey } from "./transfer";

/** What `task.create` is sent for a row (the server checks every field against its one schema). */
export interface ImportedTaskInput extends DueFields {
  id: string;
  /** Absent: the Inbox. */
  projectId?: string;
  /** Makes it a subtask of this task, already made (docs/decisions/0048); then `projectId` is absent. */
  parentId?: string;
  recurrence?: string;
  /** Absent: no reminder. */
  remindAt?: Date;
  title: string;
  description: string | null;
  priority?: string;
  tags: string[];
}

/** The calls an import makes, as each client's API client spells them. */
export interface ImportTarget {
  create(input: ImportedTaskInput): Promise<{ id: string; completed: boolean }>;
  complete(id: string): Promise<unknown>;
  /** The id of the account's project of this name, created when there is none (`projectsByName`). */
  projectIdFor(name: string): Promise<string>;
}

export interface ImportOptions {
  /** The signed-in user's id: derived ids are this user's alone. */
  userId: string;
  /** The account's time zone, for instants in older files. */
  timeZone: string;
  /** Ids of the tasks the account holds (open and done): rows already there are skipped. */
  present: ReadonlySet<string>;
  /** Called before each row, with how many are done. */
  onProgress?: (done: number, total: number) => void;
  /** Waits out a 429 (tests pass a fake clock). */
  sleep?: Sleep;
}

export interface ImportResult {
  added: number;
  alreadyThere: number;
  /** "line 4: title: Title cannot be empty", one per row not imported. */
  failures: string[];
}

/** The import stopped at an error that is not about one row (signed out, server down). */
export class ImportStoppedError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly added: number,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "ImportStoppedError";
  }
}

/** A problem with this one row (the server refused its contents): the import goes on without it. */
export function rowRefusal(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { code?: string; fieldErrors?: Record<string, string[]> | null } | undefined;
  if (data?.code !== "BAD_REQUEST" && data?.code !== "CONFLICT") return null;
  if (!data.fieldErrors) return error.message;
  return Object.entries(data.fieldErrors)
    .flatMap(([field, messages]) => messages.map((message) => (field ? `${field}: ${message}` : message)))
    .join("; ");
}

function isConflict(error: unknown): boolean {
  return (
    error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === "CONFLICT"
  );
}

async function createImported(
  target: ImportTarget,
  row: ImportRow,
  due: DueFields,
  ids: string[],
  parentId: string | null,
  sleep: Sleep | undefined,
): Promise<string> {
  // A subtask is in its parent's project: its own project name is not looked up (or created).
  const projectName = parentId === null ? row.project : null;
  const projectId =
    projectName === null ? null : await retryWhenThrottled(() => target.projectIdFor(projectName), sleep);
  const input = {
    ...(projectId === null ? {} : { projectId }),
    ...(parentId === null ? {} : { parentId }),
    // A completed occurrence comes without its rule: completing it here would make a second next
    // occurrence beside the one the file already holds (docs/decisions/0045).
    ...(row.recurrence !== null && !row.completed ? { recurrence: row.recurrence } : {}),
    title: row.title,
    description: row.description,
    ...(row.priority !== null ? { priority: row.priority } : {}),
    ...due,
    ...(row.remindAt === null ? {} : { remindAt: row.remindAt }),
    tags: row.tags,
  };
  let task: { id: string; completed: boolean } | null = null;
  for (const [index, id] of ids.entries()) {
    try {
      // Safe to send again: the id makes a repeated create return the first one.
      task = await retryWhenThrottled(() => target.create({ ...input, id }), sleep);
      break;
    } catch (error) {
      // The exported id belongs to another account: fall back to this user's derived id.
      if (!isConflict(error) || index === ids.length - 1) throw error;
    }
  }
  if (task === null) throw new Error("no id to create the task with");
  const { id } = task;
  if (row.completed && !task.completed) await retryWhenThrottled(() => target.complete(id), sleep);
  return id;
}

/** Tasks of their own first, then subtasks (file order otherwise), so every parent is made first. */
function parentsFirst(rows: readonly ImportRow[]): ImportRow[] {
  return [...rows.filter((row) => row.parent === null), ...rows.filter((row) => row.parent !== null)];
}

/**
 * Creates the rows' tasks one by one, in file order, tasks of their own before subtasks. Rows
 * with a problem, and rows the server refuses, are listed in `failures`; any other error stops the
 * import with ImportStoppedError (what was added stays, and importing again is safe). A subtask
 * whose parent the import did not make or find becomes a task of its own: nothing is lost.
 */
export async function importTasks(
  target: ImportTarget,
  rows: readonly ImportRow[],
  options: ImportOptions,
): Promise<ImportResult> {
  const present = new Set(options.present);
  const result: ImportResult = { added: 0, alreadyThere: 0, failures: [] };
  /** The rows made or found, by `rowKey`, to the ids they have on this account. */
  const madeFrom = new Map<string, string>();
  /** Every row by `rowKey`: a subtask's task, which its derived id depends on. */
  const byKey = new Map(rows.map((row) => [rowKey(row), row]));
  for (const [index, row] of parentsFirst(rows).entries()) {
    options.onProgress?.(index, rows.length);
    if (row.problem !== null) {
      result.failures.push(`${row.label}: ${row.problem}`);
      continue;
    }
    const due = fileDueFields(row.due, options.timeZone);
    if (due === null) {
      result.failures.push(
        `${row.label}: due date: falls outside ${EARLIEST_DUE_DATE} to ${LATEST_DUE_DATE} on your clock`,
      );
      continue;
    }
    const parent = row.parent === null ? null : (byKey.get(row.parent) ?? null);
    const ids = importTaskIds(options.userId, row, parent);
    const found = ids.find((id) => present.has(id));
    if (found !== undefined) {
      madeFrom.set(rowKey(row), found);
      result.alreadyThere += 1;
      continue;
    }
    try {
      const parentId = (row.parent !== null && madeFrom.get(row.parent)) || null;
      const id = await createImported(target, row, due, ids, parentId, options.sleep);
      for (const known of [id, ...ids]) present.add(known);
      madeFrom.set(rowKey(row), id);
      result.added += 1;
    } catch (error) {
      const refusal = rowRefusal(error);
      if (refusal === null) throw new ImportStoppedError(error, result.added);
      result.failures.push(`${row.label}: ${refusal}`);
    }
  }
  options.onProgress?.(rows.length, rows.length);
  return result;
}
