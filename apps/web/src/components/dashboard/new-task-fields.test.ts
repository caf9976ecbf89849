import { DEFAULT_PRIORITY } from "@doable/domain";
import { describe, expect, it } from "vitest";
import { hasTypedOptions, NOTHING_TYPED, newTaskFields, typedNewTask } from "./new-task-fields";

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

/** What the form sends when only the title was typed (the options are in the form, hidden). */
const TITLE_ONLY = {
  title: "  Buy oat milk ",
  description: "",
  priority: DEFAULT_PRIORITY,
  dueDate: "",
  dueTime: "",
  tags: "",
};

describe("newTaskFields", () => {
  it("reads a title-only form as the API takes it: blanks are none", () => {
    expect(newTaskFields(form(TITLE_ONLY))).toEqual({
      title: "Buy oat milk",
      description: null,
      priority: DEFAULT_PRIORITY,
      dueDate: null,
      dueTime: null,
      tags: [],
    });
  });

  it("reads every option that was filled in", () => {
    const fields = newTaskFields(
      form({
        ...TITLE_ONLY,
        description: " two litres ",
        priority: "high",
        dueDate: "2026-12-24",
        dueTime: "17:30",
        tags: "shop, home ,shop",
      }),
    );
    expect(fields).toMatchObject({
      description: "two litres",
      priority: "high",
      dueDate: "2026-12-24",
      dueTime: "17:30",
      tags: ["shop", "home"],
    });
  });

  it("takes a missing field as empty, and the default priority", () => {
    expect(newTaskFields(form({ title: "Call mom" }))).toMatchObject({
      title: "Call mom",
      priority: DEFAULT_PRIORITY,
    });
  });
});

describe("typedNewTask", () => {
  it("keeps every field exactly as typed, spaces and all", () => {
    expect(typedNewTask(form({ ...TITLE_ONLY, tags: "a, b" }))).toEqual({ ...TITLE_ONLY, tags: "a, b" });
  });

  it("says whether anything beyond the title was sent", () => {
    expect(hasTypedOptions(typedNewTask(form(TITLE_ONLY)))).toBe(false);
    expect(hasTypedOptions({ ...NOTHING_TYPED, title: "x" })).toBe(false);
    expect(hasTypedOptions({ ...NOTHING_TYPED, dueDate: "2026-12-24" })).toBe(true);
    expect(hasTypedOptions({ ...NOTHING_TYPED, priority: "high" })).toBe(true);
  });
});
