import { describe, expect, it } from "vitest";
import { formatDue } from "./dates";

describe("formatDue", () => {
  it("shows the day and time exactly as stored", () => {
    expect(formatDue({ dueDate: "2026-12-01", dueTime: null })).toBe("2026-12-01");
    expect(formatDue({ dueDate: "2026-12-01", dueTime: "17:00" })).toBe("2026-12-01 17:00");
    expect(formatDue({ dueDate: null, dueTime: null })).toBe("-");
  });
});
