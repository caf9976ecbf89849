"use client";

import { exportCsv, exportJson, type TransferFormat, withSubtasks } from "@doable/transfer";
import { useId, useState } from "react";
import { humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { downloadText } from "./download";
import { everyTask } from "./every-task";

const MEDIA_TYPES: Record<TransferFormat, string> = {
  json: "application/json",
  csv: "text/csv",
};

function tasksText(count: number): string {
  return count === 1 ? "1 task" : `${count} tasks`;
}

/** "Export JSON" and "Export CSV": every task as the CLI's `doable export` writes it. */
export function ExportTasks() {
  const id = useId();
  const utils = api.useUtils();
  const [busy, setBusy] = useState<TransferFormat | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function exportAs(format: TransferFormat): Promise<void> {
    setBusy(format);
    setMessage({ ok: true, text: "Exporting…" });
    try {
      const [tasks, projects] = await Promise.all([
        everyTask(utils.client),
        utils.client.project.list.query(),
      ]);
      const names = new Map(projects.map((project) => [project.id, project.name]));
      const now = new Date();
      const text = format === "csv" ? exportCsv(tasks, names) : exportJson(tasks, now, names);
      const fileName = `doable-tasks-${now.toISOString().slice(0, 10)}.${format}`;
      downloadText(text, fileName, MEDIA_TYPES[format]);
      setMessage({ ok: true, text: `Exported ${tasksText(withSubtasks(tasks).length)} to ${fileName}.` });
    } catch (error) {
      setMessage({ ok: false, text: humanMessage(error) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Export</h2>
      <p className="muted">
        Every task, open and done, with its description, priority, due date and tags, in the files the{" "}
        <code>doable</code> command reads and writes. The trash is not included.
      </p>
      <div className="row">
        <button type="button" onClick={() => void exportAs("json")} disabled={busy !== null}>
          Export JSON
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => void exportAs("csv")}
          disabled={busy !== null}
        >
          Export CSV
        </button>
      </div>
      <p role="status" className={message?.ok === false ? "field-error" : "muted"}>
        {message?.text}
      </p>
    </section>
  );
}
