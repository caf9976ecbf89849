/** Which tasks a list shows: every one, the open ones, or the done ones. */
export const TASK_STATUSES = ["all", "active", "completed"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const DEFAULT_TASK_STATUS: TaskStatus = "all";

export const TASK_STATUS_LABELS: Readonly<Record<TaskStatus, string>> = {
  all: "All",
  active: "Active",
  completed: "Completed",
};
