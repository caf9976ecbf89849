/** Lowest first: the database enum's declaration order, so `ORDER BY priority` ranks low < medium < high. */
export const PRIORITIES = ["low", "medium", "high"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const DEFAULT_PRIORITY: Priority = "medium";

/** Highest first: the order people pick from. */
export const PRIORITIES_HIGHEST_FIRST: readonly Priority[] = [...PRIORITIES].reverse();

export const PRIORITY_LABELS: Readonly<Record<Priority, string>> = {
  low: "Low",
  medium: "Medium",
  high: "High",
};

export function isPriority(value: unknown): value is Priority {
  return (PRIORITIES as readonly unknown[]).includes(value);
}
