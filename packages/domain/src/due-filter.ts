/** Narrowing a list by due date; "today" is the caller's day in their time zone. */
export const DUE_FILTERS = ["overdue", "today", "upcoming", "none"] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

export const DUE_FILTER_LABELS: Readonly<Record<DueFilter, string>> = {
  overdue: "Overdue",
  today: "Today",
  upcoming: "Upcoming",
  none: "No due date",
};
