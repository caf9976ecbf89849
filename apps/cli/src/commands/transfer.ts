import { readFile, writeFile } from "node:fs/promises";
import { EARLIEST_DUE_DATE, LATEST_DUE_DATE } from "@doable/domain";
import { TRPCClientError } from "@trpc/client";
import { apiErrorToCliError } from "../api-errors";
import { stringValue } from "../args";
import type { Api, Task, TaskPriority } from "../client";
import type { Command } from "../command";
import { requireSession } from "../context";
import { type DueFields, fileDueFields } from "../dates";
import { CliError, EXIT, NOT_SIGNED_IN_MESSAGE, UsageError } from "../exit-codes";
import { writeLine } from "../io";
import { createProgress } from "../progress";
import { listAllTasks } from "../tasks";
import { retryWhenThrottled } from "../throttle-retry";
import {
  CSV_COLUMNS,
  detectFormat,
  exportCsv,
  exportJson,
  type ImportRow,
  importTaskIds,
  parseImportFile,
  type TransferFormat,
} from "../transfer";

function formatOption(command: string, value: string | undefined): TransferFormat | undefined {
  if (value === undefined || value === "json" || value === "csv") return value;
  throw new UsageError(`--format must be json or csv (got '${value}')`, command);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export const exportCommand: Command = {
  spec: {
    name: "export",
    summary: "Write every task, open and done, oldest first, as JSON or CSV.",
    usage: ["export [--format json|csv] [--output file]"],
    options: {
      format: { type: "string", short: "f", value: "json|csv", description: "File format (default json)" },
      output: {
        type: "string",
        short: "o",
        value: "file",
        description: "Write to this file instead of standard output",
      },
    },
    positionals: { min: 0, max: 0, name: "" },
    details: [
      "Both formats can be read back by doable import. A due date is two fields: dueDate, a calendar\n" +
        "day (YYYY-MM-DD), and dueTime (HH:MM on the account's clock, empty when due by the end of\n" +
        "the day). CSV columns: " +
        CSV_COLUMNS.join(",") +
        ".",
    ],
  },
  async run(context, { values }) {
    const format = formatOption("export", stringValue(values, "format")) ?? "json";
    const output = stringValue(values, "output");
    const { io } = context;
    const { api } = await requireSession(context);
    const { total } = await api.task.stats.query();
    const progress = createProgress(io.stderr, "Exporting", total);
    const tasks = await listAllTasks(api, { status: "all", sort: "created", order: "asc" }, (page) =>
      progress.advance(page.length),
    ).finally(() => progress.finish());
    const text = format === "csv" ? exportCsv(tasks) : exportJson(tasks, new Date());
    if (output === undefined) {
      io.stdout.write(text);
      writeLine(io.stderr, `Exported ${plural(tasks.length, "task")}`);
    } else {
      await writeFile(output, text);
      writeLine(io.stderr, `Exported ${plural(tasks.length, "task")} to ${output}`);
    }
  },
};

/** A problem with this one row (the server refused its contents): the import goes on without it. */
function rowFailure(error: unknown): string | null {
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

async function createImported(api: Api, row: ImportRow, due: DueFields, ids: string[]): Promise<Task> {
  const input = {
    title: row.title,
    description: row.description,
    // Checked by the server against the one schema, like everything else in the row.
    ...(row.priority !== null ? { priority: row.priority as TaskPriority } : {}),
    ...due,
    tags: row.tags,
  };
  let task: Task | null = null;
  for (const [index, id] of ids.entries()) {
    try {
      // Safe to send again: the id makes a repeated create return the first one.
      task = await retryWhenThrottled(() => api.task.create.mutate({ ...input, id }));
      break;
    } catch (error) {
      // The exported id belongs to another account: fall back to this user's derived id.
      if (!isConflict(error) || index === ids.length - 1) throw error;
    }
  }
  if (task === null) throw new Error("no id to create the task with");
  if (row.completed && !task.completed) {
    const { id } = task;
    ({ task } = await retryWhenThrottled(() => api.task.setCompleted.mutate({ id, completed: true })));
  }
  return task;
}

export const importCommand: Command = {
  spec: {
    name: "import",
    summary: "Add the tasks in a file written by doable export (JSON or CSV).",
    usage: ["import <file> [--format json|csv]"],
    options: {
      format: {
        type: "string",
        short: "f",
        value: "json|csv",
        description: "File format (default: from the file name, else from its contents)",
      },
    },
    positionals: { min: 1, max: 1, name: "<file>" },
    details: [
      "Importing the same file again adds nothing: each task's id is derived from the file (the\n" +
        "exported id, or the row itself), and tasks already there are left as they are. Created and\n" +
        "completed times are set anew; a CSV needs only a 'title' column (due, deadline: dueDate;\n" +
        "time: dueTime; notes: description; done: completed; tag: tags).",
      "Due dates: dueDate is a calendar day, YYYY-MM-DD, imported as that day; dueTime, HH:MM, a time\n" +
        "on it on your account's clock. Files from earlier versions have dueAt, an instant, instead\n" +
        "(and a dueDate may hold one too): it is read on your account's clock (doable account shows\n" +
        "its time zone) as the day it falls on there and, unless it is that day's last millisecond or\n" +
        "its midnight (what earlier versions wrote for a day), that time, to the minute. A YYYY-MM-DD\n" +
        "in dueAt is that day.",
    ],
  },
  async run(context, { values, positionals }) {
    const { io } = context;
    const path = positionals[0] ?? "";
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      throw new CliError(
        `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    const format = formatOption("import", stringValue(values, "format")) ?? detectFormat(path, text);
    let rows: ImportRow[];
    try {
      rows = parseImportFile(text, format);
    } catch (error) {
      if (error instanceof CliError) throw new CliError(`${path}: ${error.message}`);
      throw error;
    }

    const { api } = await requireSession(context);
    const user = await api.auth.me.query();
    if (user === null) {
      throw new CliError(
        `Your session has ended (signed out, revoked or expired). ${NOT_SIGNED_IN_MESSAGE}`,
        EXIT.notSignedIn,
      );
    }
    const present = new Set((await listAllTasks(api, { status: "all" })).map((task) => task.id));

    let added = 0;
    let alreadyThere = 0;
    const failures: string[] = [];
    const progress = createProgress(io.stderr, "Importing", rows.length);
    try {
      for (const row of rows) {
        progress.advance();
        if (row.problem !== null) {
          failures.push(`${row.label}: ${row.problem}`);
          continue;
        }
        const due = fileDueFields(row.due, user.timeZone);
        if (due === null) {
          failures.push(
            `${row.label}: due date: falls outside ${EARLIEST_DUE_DATE} to ${LATEST_DUE_DATE} on your clock`,
          );
          continue;
        }
        const ids = importTaskIds(user.id, row);
        if (ids.some((id) => present.has(id))) {
          alreadyThere += 1;
          continue;
        }
        try {
          const task = await createImported(api, row, due, ids);
          present.add(task.id);
          for (const id of ids) present.add(id);
          added += 1;
        } catch (error) {
          const failure = rowFailure(error);
          if (failure === null) throw error;
          failures.push(`${row.label}: ${failure}`);
        }
      }
    } catch (error) {
      progress.finish();
      const cliError = apiErrorToCliError(error, context.errors);
      if (cliError === null) throw error;
      throw new CliError(
        `${cliError.message}\nStopped after adding ${plural(added, "task")}. Importing the file again is safe: tasks already added are skipped.`,
        cliError.exitCode,
      );
    }
    progress.finish();

    writeLine(io.stdout, `Imported ${plural(added, "new task")}; ${alreadyThere} already present.`);
    if (failures.length > 0) {
      throw new CliError(
        [
          `${plural(failures.length, "task")} could not be imported:`,
          ...failures.map((line) => `  ${line}`),
        ].join("\n"),
      );
    }
  },
};
