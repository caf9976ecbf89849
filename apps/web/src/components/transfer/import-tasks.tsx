"use client";

import {
  detectFormat,
  type ImportResult,
  type ImportRow,
  ImportStoppedError,
  type ImportTarget,
  importTasks,
  looksLikeTodoistCsv,
  parseImportFile,
  projectsByName,
  TransferFileError,
  withSubtasks,
} from "@doable/transfer";
import { type ChangeEvent, useId, useState } from "react";
import { humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { Field } from "../field";
import { everyTask } from "./every-task";

/** Far above any real export (100,000 tasks as JSON are about 40 MB): past it, the file is refused before it is read. */
export const IMPORT_FILE_MAX_BYTES = 64 * 1024 * 1024;
/** Problems listed before the import; the rest are counted. */
const PROBLEMS_SHOWN = 10;

type TaskPriority = Parameters<
  ReturnType<typeof api.useUtils>["client"]["task"]["create"]["mutate"]
>[0]["priority"];

interface ChosenFile {
  name: string;
  kind: string;
  rows: ImportRow[];
}

type Stage =
  | { name: "choosing"; error: string | null }
  | { name: "chosen"; file: ChosenFile }
  | { name: "importing"; file: ChosenFile; done: number }
  | { name: "finished"; file: ChosenFile; result: ImportResult; stopped: string | null };

function tasksText(count: number, adjective = ""): string {
  const noun = count === 1 ? "task" : "tasks";
  return adjective ? `${count} ${adjective} ${noun}` : `${count} ${noun}`;
}

async function readChosen(file: File): Promise<ChosenFile> {
  if (file.size > IMPORT_FILE_MAX_BYTES) {
    throw new TransferFileError(`${file.name} is larger than ${IMPORT_FILE_MAX_BYTES / 1024 / 1024} MB`);
  }
  const text = await file.text();
  const format = detectFormat(file.name, text);
  const kind = format === "json" ? "JSON" : looksLikeTodoistCsv(text) ? "Todoist CSV" : "CSV";
  return { name: file.name, kind, rows: parseImportFile(text, format) };
}

/**
 * "Import": a file from Export (or `doable export`), a hand-written CSV with a title column, or a
 * Todoist CSV export. What the file holds is shown before anything is sent; importing the same
 * file again adds nothing (ids are derived from the file, ADR 0015).
 */
export function ImportTasks({ userId, timeZone }: { userId: string; timeZone: string }) {
  const id = useId();
  const utils = api.useUtils();
  const [stage, setStage] = useState<Stage>({ name: "choosing", error: null });

  async function choose(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    if (!file) return;
    try {
      setStage({ name: "chosen", file: await readChosen(file) });
    } catch (error) {
      if (!(error instanceof TransferFileError)) throw error;
      setStage({ name: "choosing", error: `${file.name}: ${error.message}` });
    }
  }

  async function start(file: ChosenFile): Promise<void> {
    setStage({ name: "importing", file, done: 0 });
    try {
      const target: ImportTarget = {
        create: (input) =>
          utils.client.task.create.mutate({ ...input, priority: input.priority as TaskPriority }),
        complete: (taskId) => utils.client.task.setCompleted.mutate({ id: taskId, completed: true }),
        projectIdFor: projectsByName(await utils.client.project.list.query(), (name) =>
          utils.client.project.create.mutate({ name }),
        ),
      };
      const present = new Set(withSubtasks(await everyTask(utils.client)).map((task) => task.id));
      const result = await importTasks(target, file.rows, {
        userId,
        timeZone,
        present,
        onProgress: (done) => setStage({ name: "importing", file, done }),
      });
      setStage({ name: "finished", file, result, stopped: null });
    } catch (error) {
      const added = error instanceof ImportStoppedError ? error.added : 0;
      const cause = error instanceof ImportStoppedError ? error.cause : error;
      setStage({
        name: "finished",
        file,
        result: { added, alreadyThere: 0, failures: [] },
        stopped: `${humanMessage(cause)} Stopped after adding ${tasksText(added)}. Importing the file again is safe: tasks already added are skipped.`,
      });
    } finally {
      await utils.task.invalidate();
    }
  }

  const importing = stage.name === "importing";
  const problems = stage.name === "chosen" ? stage.file.rows.filter((row) => row.problem !== null) : [];
  const importable = stage.name === "chosen" ? stage.file.rows.length - problems.length : 0;

  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Import</h2>
      <Field
        id={`${id}-file`}
        label="File to import"
        hint={
          <>
            A file from Export, a CSV with a <code>title</code> column (and any of description, priority,
            completed, dueDate, dueTime, tags), or a Todoist project exported as CSV. Importing the same file
            again adds nothing.
          </>
        }
        error={stage.name === "choosing" ? stage.error : null}
        alertOnError
      >
        {(control) => (
          <input
            {...control}
            type="file"
            accept=".json,.csv,application/json,text/csv"
            disabled={importing}
            onChange={(event) => void choose(event)}
          />
        )}
      </Field>
      {stage.name === "chosen" && (
        <div className="stack">
          <p role="status">
            {stage.file.name} ({stage.file.kind}): {tasksText(importable)} to import
            {problems.length > 0 ? `; ${problems.length} with a problem, left out` : ""}.
          </p>
          {problems.length > 0 && (
            <ul aria-label="Rows left out" className="import-problems">
              {problems.slice(0, PROBLEMS_SHOWN).map((row) => (
                <li key={row.label}>
                  {row.label}: {row.problem}
                </li>
              ))}
              {problems.length > PROBLEMS_SHOWN && <li>and {problems.length - PROBLEMS_SHOWN} more</li>}
            </ul>
          )}
          <div className="row">
            <button type="button" onClick={() => void start(stage.file)} disabled={importable === 0}>
              Import {tasksText(importable)}
            </button>
          </div>
        </div>
      )}
      {importing && (
        <div className="stack">
          <label htmlFor={`${id}-progress`}>Import progress</label>
          <progress id={`${id}-progress`} value={stage.done} max={stage.file.rows.length} />
          <p role="status">
            Importing {stage.done} of {tasksText(stage.file.rows.length)}…
          </p>
        </div>
      )}
      {stage.name === "finished" && (
        <div className="stack">
          <p role="status">
            Imported {tasksText(stage.result.added, "new")}; {stage.result.alreadyThere} already present.{" "}
            <a href="/dashboard">Go to your tasks</a>
          </p>
          {stage.stopped && (
            <p role="alert" className="field-error">
              {stage.stopped}
            </p>
          )}
          {stage.result.failures.length > 0 && (
            <div role="alert" className="stack">
              <p className="field-error">{tasksText(stage.result.failures.length)} could not be imported:</p>
              <ul aria-label="Tasks not imported" className="import-problems">
                {stage.result.failures.map((failure) => (
                  <li key={failure}>{failure}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
