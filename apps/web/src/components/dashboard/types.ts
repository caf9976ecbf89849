import type { RouterInputs, RouterOutputs } from "@doable/api";

export type Task = RouterOutputs["task"]["list"]["items"][number];
export type TaskStats = RouterOutputs["task"]["stats"];
export type ListInput = Omit<NonNullable<RouterInputs["task"]["list"]>, "cursor">;
export type TaskChanges = Omit<RouterInputs["task"]["update"], "id">;
export type Project = RouterOutputs["project"]["list"][number];
