import type { Metadata } from "next";
import { ExportTasks } from "~/components/transfer/export-tasks";
import { ImportTasks } from "~/components/transfer/import-tasks";
import { requireSession } from "~/server/session";

export const metadata: Metadata = { title: "Import and export" };

/** The CLI's export and import (same files, same rules: @doable/transfer), in the browser. */
export default async function ImportExportPage() {
  const { user } = await requireSession();
  return (
    <div className="stack">
      <h1>Import and export</h1>
      <ExportTasks />
      <ImportTasks userId={user.id} timeZone={user.timeZone} />
    </div>
  );
}
