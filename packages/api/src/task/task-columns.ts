import { tasks } from "@doable/db";

/** Everything about a task except its owner, which the caller already is: what every procedure answers. */
export const taskColumns = {
  id: tasks.id,
  title: tasks.title,
  description: tasks.description,
  completed: tasks.completed,
  completedAt: tasks.completedAt,
  priority: tasks.priority,
  dueAt: tasks.dueAt,
  tags: tasks.tags,
  version: tasks.version,
  createdAt: tasks.createdAt,
  updatedAt: tasks.updatedAt,
};

/** A task in the trash: what every procedure answers, and when it was moved there. */
export const trashColumns = { ...taskColumns, deletedAt: tasks.deletedAt };
