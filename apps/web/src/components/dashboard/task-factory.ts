import type { Task } from "./types";

/** When every factory task was made, unless told otherwise. */
export const FACTORY_NOW = new Date("2026-12-01T12:00:00.000Z");

/**
 * A task as the server answers one, for the dashboard's tests: "Buy milk", open, in a project, at
 * a manual-order key, with `overrides` on top.
 */
export function taskWith(overrides: Partial<Task> = {}): Task {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    title: "Buy milk",
    description: null,
    completed: false,
    completedAt: null,
    priority: "medium",
    dueDate: null,
    dueTime: null,
    tags: [],
    projectId: "00000000-0000-4000-8000-0000000000aa",
    recurrence: null,
    remindAt: null,
    parentId: null,
    position: "VzUNNu4hXva",
    version: 1,
    createdAt: FACTORY_NOW,
    updatedAt: FACTORY_NOW,
    ...overrides,
  };
}
