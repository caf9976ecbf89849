import { describe, expect, it } from "vitest";
import { endOfLocalDay, localDay, parseDateValue } from "./dates";

describe("due dates", () => {
  it("a calendar day means the last millisecond of that day, local time", () => {
    const due = endOfLocalDay("2030-01-31");
    expect(due).toEqual(new Date(2030, 0, 31, 23, 59, 59, 999));
    expect(localDay(due as Date)).toBe("2030-01-31");
  });

  it.each(["2030-02-30", "2030-13-01", "2030-1-5", "tomorrow", "", "2030-01-31T10:00:00Z"])(
    "%j is not a calendar day",
    (value) => {
      expect(endOfLocalDay(value)).toBeNull();
    },
  );

  it("files may also hold ISO date-times, kept as the instant they name", () => {
    expect(parseDateValue("2030-01-31T10:00:00.000Z")).toEqual(new Date("2030-01-31T10:00:00.000Z"));
    expect(parseDateValue("2030-01-31")).toEqual(endOfLocalDay("2030-01-31"));
    expect(parseDateValue("31/01/2030")).toBeNull();
    expect(parseDateValue("2030-01-99T00:00:00Z")).toBeNull();
  });
});
