"use client";

import {
  DEFAULT_SORT_ORDER,
  DUE_FILTER_LABELS,
  DUE_FILTERS,
  SEARCH_MAX_LENGTH,
  type SortOrder,
  TAG_MAX_LENGTH,
  TASK_STATUS_LABELS,
  TASK_STATUSES,
  type TaskSort,
} from "@doable/domain";
import { useEffect, useId, useState } from "react";
import { type DueFilter, filtersToParams, type Priority, type TaskFilters } from "~/lib/task-filters";
import { Field } from "../field";
import { PrioritySelect } from "../priority-select";

const SEARCH_DEBOUNCE_MS = 300;

/** Sort choices as people say them; each is a sort and an order. */
const SORTS: ReadonlyArray<{ value: `${TaskSort}:${SortOrder}`; label: string }> = [
  { value: "created:desc", label: "Newest first" },
  { value: "created:asc", label: "Oldest first" },
  { value: "due:asc", label: "Due soonest" },
  { value: "due:desc", label: "Due latest" },
  { value: "priority:desc", label: "Highest priority" },
  { value: "priority:asc", label: "Lowest priority" },
  { value: "title:asc", label: "Title A–Z" },
  { value: "title:desc", label: "Title Z–A" },
  { value: "manual:asc", label: "Manual order" },
];

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

  const sortValue = `${filters.sort}:${filters.order ?? DEFAULT_SORT_ORDER[filters.sort]}`;

  return (
    <div className="filter-bar">
      <nav aria-label="Filter by status" className="segmented">
        {TASK_STATUSES.map((status) => (
          <a
            key={status}
            href={`?${filtersToParams({ ...filters, status }).toString()}`}
            aria-current={filters.status === status ? "page" : undefined}
            onClick={(event) => {
              event.preventDefault();
              onChange({ ...filters, status });
            }}
          >
            {TASK_STATUS_LABELS[status]}
          </a>
        ))}
      </nav>
      <div className="filter-fields">
        <Field id={`${id}-search`} label="Search" className="filter-search">
          {(control) => (
            <input
              {...control}
              type="search"
              value={search}
              maxLength={SEARCH_MAX_LENGTH}
              placeholder="Title or description"
              onChange={(event) => setSearch(event.target.value)}
            />
          )}
        </Field>
        <Field id={`${id}-priority`} label="Priority">
          {(control) => (
            <PrioritySelect
              {...control}
              anyLabel="Any"
              value={filters.priority ?? ""}
              onChange={(event) =>
                onChange({ ...filters, priority: (event.target.value || null) as Priority | null })
              }
            />
          )}
        </Field>
        <Field id={`${id}-due`} label="Due">
          {(control) => (
            <select
              {...control}
              value={filters.due ?? ""}
              onChange={(event) =>
                onChange({ ...filters, due: (event.target.value || null) as DueFilter | null })
              }
            >
              <option value="">Any time</option>
              {DUE_FILTERS.map((due) => (
                <option key={due} value={due}>
                  {DUE_FILTER_LABELS[due]}
                </option>
              ))}
            </select>
          )}
        </Field>
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
        <Field id={`${id}-sort`} label="Sort">
          {(control) => (
            <select
              {...control}
              value={sortValue}
              onChange={(event) => {
                const [sort, order] = event.target.value.split(":") as [TaskSort, SortOrder];
                onChange({ ...filters, sort, order: order === DEFAULT_SORT_ORDER[sort] ? null : order });
              }}
            >
              {SORTS.map((sort) => (
                <option key={sort.value} value={sort.value}>
                  {sort.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
    </div>
  );
}
