import type { Task } from "./client";
import { localDay } from "./dates";
import { uniquePrefixLength } from "./id-prefix";

const PRIORITY_WIDTH = 6;
const DUE_WIDTH = 10;

function checkbox(completed: boolean): string {
  return completed ? "[x]" : "[ ]";
}

/** One line per task: id prefix (long enough to be unique), done or not, priority, due day, title, tags. */
export function formatTaskTable(tasks: readonly Task[]): string[] {
  const idLength = uniquePrefixLength(tasks.map((task) => task.id));
  return tasks.map((task) => {
    const due = task.dueAt ? localDay(task.dueAt) : "-";
    const tags = task.tags.map((tag) => `#${tag}`).join(" ");
    return [
      task.id.slice(0, idLength),
      checkbox(task.completed),
      task.priority.padEnd(PRIORITY_WIDTH),
      due.padEnd(DUE_WIDTH),
      tags ? `${task.title}  ${tags}` : task.title,
    ].join("  ");
  });
}

export function describeTask(task: Task): string {
  return `${task.id.slice(0, 8)}  ${task.title}`;
}
