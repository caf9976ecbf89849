import { readFile, writeFile } from "node:fs/promises";
import {
  CSV_COLUMNS,
  detectFormat,
  exportCsv,
  exportJson,
  type ImportResult,
  type ImportRow,
  ImportStoppedError,
  type ImportTarget,
  importTasks,
  type NamedProject,
  parseImportFile,
  projectsByName,
  TransferFileError,
  type TransferFormat,
  withSubtasks,
} from "@doable/transfer";
import { apiErrorToCliError } from "../api-errors";
import { stringValue } from "../args";
import type { Api, TaskPriority } from "../client";
import type { Command } from "../command";
import { requireSession } from "../context";
import { CliError, EXIT, NOT_SIGNED_IN_MESSAGE, UsageError } from "../exit-codes";
import { writeLine } from "../io";
import { createProgress } from "../progress";
import { listAllTasks } from "../tasks";

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
        "the day). remindAt is when the reminder is, an ISO 8601 instant (2030-01-31T08:00:00.000Z),\n" +
        "empty for none. CSV columns: " +
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
      progress.advance(withSubtasks(page).length),
    ).finally(() => progress.finish());
    const projects = new Map((await api.project.list.query()).map((project) => [project.id, project.name]));
    const text = format === "csv" ? exportCsv(tasks, projects) : exportJson(tasks, new Date(), projects);
    if (output === undefined) {
      io.stdout.write(text);
      writeLine(io.stderr, `Exported ${plural(withSubtasks(tasks).length, "task")}`);
    } else {
      await writeFile(output, text);
      writeLine(io.stderr, `Exported ${plural(withSubtasks(tasks).length, "task")} to ${output}`);
    }
  },
};

/** The API client's calls an import makes; the server checks the priority against its schema. */
function importTarget(api: Api, projects: NamedProject[]): ImportTarget {
  return {
    create: (input) =>
      api.task.create.mutate({ ...input, priority: input.priority as TaskPriority | undefined }),
    complete: (id: string) => api.task.setCompleted.mutate({ id, completed: true }),
    projectIdFor: projectsByName(projects, (name) => api.project.create.mutate({ name })),
  };
}

export const importCommand: Command = {
  spec: {
    name: "import",
    summary: "Add the tasks in a file written by doable export (JSON or CSV), or a Todoist CSV export.",
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
        "time: dueTime; reminder, remind: remindAt; notes: description; done: completed; tag: tags).",
      "Reminders: remindAt is an ISO 8601 date-time with its offset (2030-01-31T08:00:00Z or\n" +
        "2030-01-31T09:00+01:00); a row with anything else there is reported and not imported. A\n" +
        "reminder already past is kept but never fires.",
      "Due dates: dueDate is a calendar day, YYYY-MM-DD, imported as that day; dueTime, HH:MM, a time\n" +
        "on it on your account's clock. Files from earlier versions have dueAt, an instant, instead\n" +
        "(and a dueDate may hold one too): it is read on your account's clock (doable account shows\n" +
        "its time zone) as the day it falls on there and, unless it is that day's last millisecond or\n" +
        "its midnight (what earlier versions wrote for a day), that time, to the minute. A YYYY-MM-DD\n" +
        "in dueAt is that day.",
      "A Todoist CSV (a project exported as a template) is recognised by its TYPE and CONTENT\n" +
        "columns: @labels and the section become tags, p1/p2/p3/p4 high/medium/low/low, comments and\n" +
        'a date in words ("every day") are kept in the description, sub-tasks become tasks.',
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
      if (error instanceof TransferFileError) throw new CliError(`${path}: ${error.message}`);
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
    const present = new Set(withSubtasks(await listAllTasks(api, { status: "all" })).map((task) => task.id));

    const projects = await api.project.list.query();
    const progress = createProgress(io.stderr, "Importing", rows.length);
    let shown = 0;
    let result: ImportResult;
    try {
      result = await importTasks(importTarget(api, projects), rows, {
        userId: user.id,
        timeZone: user.timeZone,
        present,
        onProgress: (done) => {
          progress.advance(done - shown);
          shown = done;
        },
      });
    } catch (error) {
      if (!(error instanceof ImportStoppedError)) throw error;
      const cliError = apiErrorToCliError(error.cause, context.errors);
      if (cliError === null) throw error.cause;
      throw new CliError(
        `${cliError.message}\nStopped after adding ${plural(error.added, "task")}. Importing the file again is safe: tasks already added are skipped.`,
        cliError.exitCode,
      );
    } finally {
      progress.finish();
    }
    const { added, alreadyThere, failures } = result;

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
