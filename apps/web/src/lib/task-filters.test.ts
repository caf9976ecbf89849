import {
  DUE_FILTERS,
  PRIORITIES,
  SEARCH_MAX_LENGTH,
  SORT_ORDERS,
  TAG_MAX_LENGTH,
  TASK_SORTS,
  TASK_STATUSES,
} from "@doable/domain";
import { describe, expect, it } from "vitest";
import {
  filtersFromParams,
  filtersToParams,
  hasNarrowingFilters,
  listInput,
  PAGE_SIZE,
  type TaskFilters,
} from "./task-filters";

const DEFAULTS: TaskFilters = {
  status: "all",
  search: "",
  priority: null,
  tag: null,
  due: null,
  sort: "created",
  order: null,
  project: null,
};

const parse = (query: string) => filtersFromParams(new URLSearchParams(query));

describe("task filters in the URL", () => {
  it("reads an empty query as the defaults, and writes the defaults as an empty query", () => {
    expect(parse("")).toEqual(DEFAULTS);
    expect(filtersToParams(DEFAULTS).toString()).toBe("");
  });

  it("round-trips every status, priority, due filter, sort and order", () => {
    for (const status of TASK_STATUSES)
      for (const priority of [...PRIORITIES, null])
        for (const due of [...DUE_FILTERS, null])
          for (const sort of TASK_SORTS)
            for (const order of [...SORT_ORDERS, null]) {
              const filters: TaskFilters = {
                status,
                search: "milk & eggs",
                priority,
                tag: "home",
                due,
                sort,
                order,
                project: "0b0e5a8e-7c1d-4c5e-9f00-6c1f2a3b4c5d",
              };
              expect(parse(filtersToParams(filters).toString())).toEqual(filters);
            }
  });

  it("writes only what differs from the defaults, under short names", () => {
    const params = filtersToParams({
      ...DEFAULTS,
      status: "active",
      search: "milk",
      sort: "due",
      order: "desc",
    });
    expect(Object.fromEntries(params)).toEqual({ status: "active", q: "milk", sort: "due", order: "desc" });
  });

  it("falls back to the defaults for unknown values instead of failing the page", () => {
    expect(parse("status=archived&priority=urgent&due=yesterday&sort=random&order=sideways")).toEqual(
      DEFAULTS,
    );
    expect(parse("status=ACTIVE&priority=High")).toEqual(DEFAULTS);
    expect(parse("status=&priority=&sort=&order=")).toEqual(DEFAULTS);
  });

  it("keeps the valid values when others are unknown", () => {
    expect(parse("status=completed&priority=urgent&sort=title&order=up")).toEqual({
      ...DEFAULTS,
      status: "completed",
      sort: "title",
    });
  });

  it(`cuts a search longer than ${SEARCH_MAX_LENGTH} characters to the limit`, () => {
    const long = "a".repeat(SEARCH_MAX_LENGTH + 50);
    expect(parse(`q=${long}`).search).toBe("a".repeat(SEARCH_MAX_LENGTH));
    expect(parse(`q=${"b".repeat(SEARCH_MAX_LENGTH)}`).search).toHaveLength(SEARCH_MAX_LENGTH);
  });

  it(`trims the tag and drops one longer than ${TAG_MAX_LENGTH} characters`, () => {
    expect(parse("tag=%20work%20").tag).toBe("work");
    expect(parse("tag=%20%20").tag).toBeNull();
    expect(parse(`tag=${"t".repeat(TAG_MAX_LENGTH)}`).tag).toHaveLength(TAG_MAX_LENGTH);
    expect(parse(`tag=${"t".repeat(TAG_MAX_LENGTH + 1)}`).tag).toBeNull();
  });
});

describe("hasNarrowingFilters", () => {
  it("is false for the defaults and for a different sort alone", () => {
    expect(hasNarrowingFilters(DEFAULTS)).toBe(false);
    expect(hasNarrowingFilters({ ...DEFAULTS, sort: "title", order: "desc" })).toBe(false);
    expect(hasNarrowingFilters({ ...DEFAULTS, search: "   " })).toBe(false);
  });

  it("is true for any filter that hides tasks", () => {
    expect(hasNarrowingFilters({ ...DEFAULTS, status: "active" })).toBe(true);
    expect(hasNarrowingFilters({ ...DEFAULTS, search: "milk" })).toBe(true);
    expect(hasNarrowingFilters({ ...DEFAULTS, priority: "low" })).toBe(true);
    expect(hasNarrowingFilters({ ...DEFAULTS, tag: "home" })).toBe(true);
    expect(hasNarrowingFilters({ ...DEFAULTS, due: "none" })).toBe(true);
  });
});

describe("listInput", () => {
  it("sends the defaults with a page size, and nothing empty", () => {
    expect(listInput(DEFAULTS)).toEqual({
      status: "all",
      sort: "created",
      limit: PAGE_SIZE,
    });
    expect(listInput({ ...DEFAULTS, search: "   " })).not.toHaveProperty("search");
  });

  it("sends every filter that is set, with the search trimmed", () => {
    expect(
      listInput({
        project: null,
        status: "active",
        search: " milk ",
        priority: "high",
        tag: "home",
        due: "today",
        sort: "due",
        order: "desc",
      }),
    ).toEqual({
      status: "active",
      search: "milk",
      priority: "high",
      tag: "home",
      due: "today",
      sort: "due",
      order: "desc",
      limit: PAGE_SIZE,
    });
  });
});
