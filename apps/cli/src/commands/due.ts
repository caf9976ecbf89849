import { LIST_LIMIT_MAX } from "@doable/domain";
import { booleanValue } from "../args";
import type { Task } from "../client";
import type { Command } from "../command";
import { requireSession } from "../context";
import { formatDue } from "../dates";
import { uniquePrefixLength } from "../id-prefix";
import { writeLine } from "../io";
import { formatReminder, reminderOf } from "../reminder";
import { accountTimeZone } from "../tasks";

export const NO_REMINDERS_MESSAGE = "No reminders to come.";

/**
 * One line per reminder, soonest first: when it reminds (on the account's clock), the task's id
 * prefix (as `doable ls` shows ids: long enough to be unique), its title, and when it is due.
 */
export function formatReminderTable(tasks: readonly Task[], timeZone: string, now: Date): string[] {
  const idLength = uniquePrefixLength(tasks.map((task) => task.id));
  const whens = tasks.map((task) => {
    const at = reminderOf(task);
    return at === null ? "-" : formatReminder(at, timeZone, now);
  });
  const width = Math.max(...whens.map((when) => when.length));
  return tasks.map((task, index) =>
    [
      (whens[index] ?? "-").padEnd(width),
      task.id.slice(0, idLength),
      task.title,
      ...(task.dueDate === null ? [] : [`due ${formatDue(task)}`]),
    ].join("  "),
  );
}

export const due: Command = {
  spec: {
    name: "due",
    summary: "List your reminders still to come, soonest first.",
    usage: ["due [--json]"],
    options: {
      json: { type: "boolean", description: "Print the tasks as a JSON array (all fields, ISO dates)" },
    },
    positionals: { min: 0, max: 0, name: "" },
    details: [
      "Each line: when it reminds (on your account's clock, which doable account shows), the task's\n" +
        "id, its title and when it is due. doable add --remind and doable edit --remind set a\n" +
        `reminder; doable edit --no-remind removes it. At most the first ${LIST_LIMIT_MAX} are listed.`,
    ],
  },
  async run(context, { values }) {
    const { api } = await requireSession(context);
    const { stdout, stderr } = context.io;
    const { items } = await api.task.reminders.query({ limit: LIST_LIMIT_MAX });
    if (booleanValue(values, "json")) {
      writeLine(stdout, JSON.stringify(items, null, 2));
      return;
    }
    if (items.length === 0) {
      writeLine(stderr, NO_REMINDERS_MESSAGE);
      return;
    }
    const timeZone = await accountTimeZone(api);
    for (const line of formatReminderTable(items, timeZone, new Date())) writeLine(stdout, line);
    if (items.length === LIST_LIMIT_MAX)
      writeLine(stderr, `The first ${LIST_LIMIT_MAX} reminders; more may follow.`);
  },
};
