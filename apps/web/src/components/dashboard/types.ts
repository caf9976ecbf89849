import type { RouterInputs, RouterOutputs } from "@doable/api";

type ListedTask = RouterOutputs["task"]["list"]["items"][number];
/** A subtask, or any task as a write's answer or a live event carries it: without subtasks. */
export type Subtask = Omit<ListedTask, "subtasks">;
/**
 * A task as the dashboard holds it. A listed top-level task carries its subtasks (ADR 0048); one
 * from an answer or a live event has none until the cache places it where its subtasks are.
 */
export type Task = Subtask & { subtasks?: Subtask[] };
export type TaskStats = RouterOutputs["task"]["stats"];
export type ListInput = Omit<NonNullable<RouterInputs["task"]["list"]>, "cursor">;
export type TaskChanges = Omit<RouterInputs["task"]["update"], "id">;
export type Project = RouterOutputs["project"]["list"][number];
