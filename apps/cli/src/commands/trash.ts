import { TRASH_RETENTION_DAYS } from "@doable/domain";
import { booleanValue } from "../args";
import type { Command } from "../command";
import { requireSession } from "../context";
import { UsageError } from "../exit-codes";
import { formatTrashTable } from "../format";
import { writeLine } from "../io";
import { listAllTrash, resolveTrashed, shortId } from "../tasks";

const IDS = "<id...> (any unique start of the id of a task in the trash)";

function plural(count: number, one: string): string {
  return `${count} ${one}${count === 1 ? "" : "s"}`;
}

export const trash: Command = {
  spec: {
    name: "trash",
    summary: `List the tasks in the trash, most recently deleted first, or empty it. Tasks stay there ${TRASH_RETENTION_DAYS} days.`,
    usage: ["trash [--json]", "trash empty"],
    options: {
      json: { type: "boolean", description: "Print the trash as a JSON array (all fields, ISO dates)" },
    },
    positionals: { min: 0, max: 1, name: "" },
    details: [
      "doable restore <id...> takes tasks out of the trash; doable purge <id...> deletes them for good.",
      "doable trash empty deletes every task in the trash for good: there is no undo.",
    ],
  },
  async run(context, { values, positionals }) {
    const [action] = positionals;
    if (action !== undefined && action !== "empty") {
      throw new UsageError(`unknown action '${action}' (did you mean: trash empty?)`, "trash");
    }
    if (action === "empty" && booleanValue(values, "json")) {
      throw new UsageError("--json lists the trash; it cannot be combined with empty", "trash");
    }
    const { stdout, stderr } = context.io;
    const { api } = await requireSession(context);
    if (action === "empty") {
      const { deleted } = await api.task.emptyTrash.mutate();
      writeLine(stdout, `Emptied the trash: ${plural(deleted, "task")} deleted for good`);
      return;
    }
    const items = await listAllTrash(api);
    if (booleanValue(values, "json")) {
      writeLine(stdout, JSON.stringify(items, null, 2));
      return;
    }
    if (items.length === 0) {
      writeLine(stderr, "The trash is empty.");
      return;
    }
    for (const line of formatTrashTable(items)) writeLine(stdout, line);
  },
};

export const restore: Command = {
  spec: {
    name: "restore",
    summary: "Take tasks out of the trash.",
    usage: ["restore <id...>"],
    options: {},
    positionals: { min: 1, max: Number.POSITIVE_INFINITY, name: IDS },
  },
  async run(context, { positionals }) {
    const { api } = await requireSession(context);
    const found = await resolveTrashed(api, positionals);
    const restored = await api.task.restore.mutate({ ids: found.map((task) => task.id) });
    for (const task of restored) writeLine(context.io.stdout, `Restored ${shortId(task.id)}  ${task.title}`);
  },
};

export const purge: Command = {
  spec: {
    name: "purge",
    summary: "Delete tasks in the trash for good. There is no undo.",
    usage: ["purge <id...>"],
    options: {},
    positionals: { min: 1, max: Number.POSITIVE_INFINITY, name: IDS },
    details: ["Only tasks already in the trash (doable rm puts them there) can be deleted for good."],
  },
  async run(context, { positionals }) {
    const { api } = await requireSession(context);
    const found = await resolveTrashed(api, positionals);
    const { ids } = await api.task.deleteForever.mutate({ ids: found.map((task) => task.id) });
    const deleted = new Set(ids);
    for (const task of found) {
      if (deleted.has(task.id))
        writeLine(context.io.stdout, `Deleted forever: ${shortId(task.id)}  ${task.title}`);
    }
  },
};
