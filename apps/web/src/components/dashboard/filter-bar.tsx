"use client";

import { SEARCH_MAX_LENGTH, TAG_MAX_LENGTH } from "@doable/api/validators";
import { useEffect, useId, useState } from "react";
import {
  type DueFilter,
  filtersToParams,
  type Priority,
  type TaskFilters,
  type TaskStatus,
} from "~/lib/task-filters";

const SEARCH_DEBOUNCE_MS = 300;

const STATUSES: Array<{ value: TaskStatus; label: string }> = [
  { value: "all", label: "All" },
  { value: "active", label: "Active" },
  { value: "completed", label: "Completed" },
];

/** Sort choices as people say them; each is a sort and an order. */
const SORTS = [
  { value: "created:desc", label: "Newest first" },
  { value: "created:asc", label: "Oldest first" },
  { value: "due:asc", label: "Due soonest" },
  { value: "due:desc", label: "Due latest" },
  { value: "priority:desc", label: "Highest priority" },
  { value: "priority:asc", label: "Lowest priority" },
  { value: "title:asc", label: "Title A–Z" },
  { value: "title:desc", label: "Title Z–A" },
] as const;

const DEFAULT_ORDER = { created: "desc", due: "asc", priority: "desc", title: "asc" } as const;

interface FilterBarProps {
  filters: TaskFilters;
  onChange: (next: TaskFilters, options?: { replace?: boolean }) => void;
}

export function FilterBar({ filters, onChange }: FilterBarProps) {
  const id = useId();
  const [search, setSearch] = useState(filters.search);
  const [tag, setTag] = useState(filters.tag ?? "");

  // Follow the URL when it changes underneath (Back, a tag chip, "Show all tasks").
  useEffect(() => setSearch(filters.search), [filters.search]);
  useEffect(() => setTag(filters.tag ?? ""), [filters.tag]);

  useEffect(() => {
    if (search === filters.search) return;
    const timer = setTimeout(() => onChange({ ...filters, search }, { replace: true }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, filters, onChange]);

  const sortValue = `${filters.sort}:${filters.order ?? DEFAULT_ORDER[filters.sort]}`;

  return (
    <div className="filter-bar">
      <nav aria-label="Filter by status" className="segmented">
        {STATUSES.map((status) => (
          <a
            key={status.value}
            href={`?${filtersToParams({ ...filters, status: status.value }).toString()}`}
            aria-current={filters.status === status.value ? "page" : undefined}
            onClick={(event) => {
              event.preventDefault();
              onChange({ ...filters, status: status.value });
            }}
          >
            {status.label}
          </a>
        ))}
      </nav>
      <div className="filter-fields">
        <div className="field filter-search">
          <label htmlFor={`${id}-search`}>Search</label>
          <input
            id={`${id}-search`}
            type="search"
            value={search}
            maxLength={SEARCH_MAX_LENGTH}
            placeholder="Title or description"
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-priority`}>Priority</label>
          <select
            id={`${id}-priority`}
            value={filters.priority ?? ""}
            onChange={(event) =>
              onChange({ ...filters, priority: (event.target.value || null) as Priority | null })
            }
          >
            <option value="">Any</option>
            <option value="high">High</option>
            <option value="medium">Medium</option>
            <option value="low">Low</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-due`}>Due</label>
          <select
            id={`${id}-due`}
            value={filters.due ?? ""}
            onChange={(event) =>
              onChange({ ...filters, due: (event.target.value || null) as DueFilter | null })
            }
          >
            <option value="">Any time</option>
            <option value="overdue">Overdue</option>
            <option value="today">Today</option>
            <option value="upcoming">Upcoming</option>
            <option value="none">No due date</option>
          </select>
        </div>
        <form
          className="field"
          onSubmit={(event) => {
            event.preventDefault();
            onChange({ ...filters, tag: tag.trim() || null });
          }}
        >
          <label htmlFor={`${id}-tag`}>Tag</label>
          <input
            id={`${id}-tag`}
            type="text"
            value={tag}
            maxLength={TAG_MAX_LENGTH}
            placeholder="Press Enter"
            autoComplete="off"
            onChange={(event) => setTag(event.target.value)}
            onBlur={() =>
              (tag.trim() || null) !== filters.tag && onChange({ ...filters, tag: tag.trim() || null })
            }
          />
        </form>
        <div className="field">
          <label htmlFor={`${id}-sort`}>Sort</label>
          <select
            id={`${id}-sort`}
            value={sortValue}
            onChange={(event) => {
              const [sort, order] = event.target.value.split(":") as [TaskFilters["sort"], "asc" | "desc"];
              onChange({ ...filters, sort, order: order === DEFAULT_ORDER[sort] ? null : order });
            }}
          >
            {SORTS.map((sort) => (
              <option key={sort.value} value={sort.value}>
                {sort.label}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );
}
