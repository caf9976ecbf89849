import { describeRecurrence } from "@doable/domain/recurrence-rule";
import type { Session, Task, TrashedTask } from "./client";
import { formatDue } from "./dates";
import { uniquePrefixLength } from "./id-prefix";
import { formatReminder, reminderAhead, reminderOf } from "./reminder";

const PRIORITY_WIDTH = 6;
/** Before a subtask's title, under its task's. */
const SUBTASK_MARK = "└";
/** Before a reminder still to come, after the title: "⏰ Thu 3 Dec 16:45". */
export const REMINDER_MARK = "⏰";
/** The account's clock, to show reminders on: without one, reminders are not shown. */
export interface ReminderClock {
  timeZone: string;
  now: Date;
}

/** `YYYY-MM-DD`: the due column is at least this wide, wider when a task has a time. */
const DUE_MIN_WIDTH = 10;

function checkbox(completed: boolean): string {
  return completed ? "[x]" : "[ ]";
}

/**
 * One line per task: id prefix (long enough to be unique), done or not, priority, due day (and
 * time, as stored: the same whatever the process's time zone), title, tags, and how a recurring
 * task repeats ("↻ every Friday"), and, given the account's clock, when an open task's reminder still
 * to come is ("⏰ Thu 3 Dec 16:45").
 */
export function formatTaskTable(tasks: readonly Task[], clock?: ReminderClock): string[] {
  // Subtasks (docs/decisions/0048) follow their task, indented, with their own ids to act on.
  const rows: Task[] = tasks.flatMap((task) => [task, ...(task.subtasks ?? [])]);
  const idLength = uniquePrefixLength(rows.map((task) => task.id));
  const dues = rows.map(formatDue);
  const dueWidth = Math.max(DUE_MIN_WIDTH, ...dues.map((due) => due.length));
  return rows.map((task, index) => {
    const tags = task.tags.map((tag) => `#${tag}`).join(" ");
    const repeat = task.recurrence ? `↻ ${describeRecurrence(task.recurrence)}` : "";
    const subtasks = task.subtasks ?? [];
    const progress =
      subtasks.length > 0 ? `(${subtasks.filter((one) => one.completed).length}/${subtasks.length})` : "";
    const title = task.parentId ? `  ${SUBTASK_MARK} ${task.title}` : task.title;
    const remindAt = reminderOf(task);
    const reminder =
      clock && remindAt && reminderAhead(task, clock.now)
        ? `${REMINDER_MARK} ${formatReminder(remindAt, clock.timeZone, clock.now)}`
        : "";
    return [
      task.id.slice(0, idLength),
      checkbox(task.completed),
      task.priority.padEnd(PRIORITY_WIDTH),
      (dues[index] ?? "-").padEnd(dueWidth),
      [title, progress, tags, repeat, reminder].filter(Boolean).join("  "),
    ].join("  ");
  });
}

/** Whether any of `tasks` (or their subtasks) has a reminder still to come: then ls needs the account's clock. */
export function anyReminderAhead(tasks: readonly Task[], now: Date): boolean {
  return tasks.some((task) => [task, ...(task.subtasks ?? [])].some((one) => reminderAhead(one, now)));
}

/** `YYYY-MM-DD HH:MM` of an instant on this machine's clock (when a session or deletion happened). */
function dateTime(date: Date): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, "0");
  const day = `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day} ${date.toTimeString().slice(0, 5)}`;
}

/** One line per trashed task: id prefix (unique), when it was deleted (local time), title. */
export function formatTrashTable(tasks: readonly TrashedTask[]): string[] {
  const idLength = uniquePrefixLength(tasks.map((task) => task.id));
  return tasks.map((task) =>
    [
      task.id.slice(0, idLength),
      dateTime(task.deletedAt),
      // `== null`: a server older than this CLI sends no parentTitle at all.
      task.parentTitle == null ? task.title : `${task.title}  (subtask of ${task.parentTitle})`,
    ].join("  "),
  );
}

const SESSION_ID_SHOWN = 10;

export function formatSessionTable(sessions: readonly Session[]): string[] {
  const idLength = uniquePrefixLength(
    sessions.map((session) => session.id),
    SESSION_ID_SHOWN,
  );
  const rows = sessions.map((session) => [
    session.id.slice(0, idLength),
    session.kind === "cli" ? "script" : "browser",
    dateTime(session.createdAt),
    dateTime(session.lastVerifiedAt),
    `${session.userAgent ?? "unknown client"}${session.current ? "  (this session)" : ""}`,
  ]);
  const header = ["ID", "KIND", "SIGNED IN", "LAST ACTIVE", "CLIENT"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ");
  return [line(header), ...rows.map(line)];
}
