import { describe, expect, it } from "vitest";
import { parseQuickAdd } from "./quick-add";

// Tuesday 1 December 2026, 10:00 in Berlin (09:00 UTC).
const now = new Date("2026-12-01T09:00:00Z");
const berlin = { now, timeZone: "Europe/Berlin" };

describe("parseQuickAdd", () => {
  it("reads the issue's example: date, time, tag, priority and recurrence", () => {
    expect(parseQuickAdd("Call mom tomorrow 5pm #family !high every friday", berlin)).toEqual({
      title: "Call mom",
      dueDate: "2026-12-02",
      dueTime: "17:00",
      tags: ["family"],
      priority: "high",
      recurrence: "FREQ=WEEKLY;BYDAY=FR",
    });
  });

  it("leaves plain text alone", () => {
    expect(parseQuickAdd("Buy milk", berlin)).toEqual({
      title: "Buy milk",
      dueDate: null,
      dueTime: null,
      tags: [],
      priority: null,
      recurrence: null,
    });
    // A month alone is not a due date.
    expect(parseQuickAdd("Read the March issue", berlin).dueDate).toBeNull();
  });

  it.each([
    ["Water plants every day", "FREQ=DAILY", "2026-12-01"],
    ["Standup every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2026-12-01"],
    ["Report every 2 weeks", "FREQ=WEEKLY;INTERVAL=2", "2026-12-01"],
    ["Rent every month on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15", "2026-12-15"],
    ["Invoices every month on the last day", "FREQ=MONTHLY;BYMONTHDAY=-1", "2026-12-31"],
    ["Gym every monday and thursday", "FREQ=WEEKLY;BYDAY=MO,TH", "2026-12-03"],
    ["Backup weekly", "FREQ=WEEKLY", "2026-12-01"],
    ["Pills every day 3 times", "FREQ=DAILY;COUNT=3", "2026-12-01"],
    ["Taxes every year", "FREQ=YEARLY", "2026-12-01"],
    ["Mow the lawn every other week", "FREQ=WEEKLY;INTERVAL=2", "2026-12-01"],
  ])("%j repeats %s from %s", (text, rule, first) => {
    const parsed = parseQuickAdd(text, berlin);
    expect(parsed.recurrence).toBe(rule);
    expect(parsed.dueDate).toBe(first);
    expect(parsed.title).not.toMatch(/every|weekly/);
  });

  it("reads times on the account's clock, not the machine's", () => {
    // 23:30 UTC on 1 December is already 2 December in Auckland.
    const late = new Date("2026-12-01T23:30:00Z");
    expect(parseQuickAdd("Pay today", { now: late, timeZone: "Pacific/Auckland" }).dueDate).toBe(
      "2026-12-02",
    );
    expect(parseQuickAdd("Pay today", { now: late, timeZone: "America/New_York" }).dueDate).toBe(
      "2026-12-01",
    );
    expect(parseQuickAdd("Pay tomorrow at 9:30", { now: late, timeZone: "UTC" })).toMatchObject({
      title: "Pay",
      dueDate: "2026-12-02",
      dueTime: "09:30",
    });
  });

  it("keeps the wall-clock time across a daylight-saving change", () => {
    // Saturday 28 March 2026 in Berlin; the clocks go forward on Sunday at 02:00.
    const saturday = { now: new Date("2026-03-28T12:00:00Z"), timeZone: "Europe/Berlin" };
    expect(parseQuickAdd("Run tomorrow 2:30am", saturday)).toMatchObject({
      dueDate: "2026-03-29",
      dueTime: "02:30",
    });
    expect(parseQuickAdd("Run tomorrow 6pm", saturday)).toMatchObject({
      dueDate: "2026-03-29",
      dueTime: "18:00",
    });
  });

  it("reads month ends and weekdays", () => {
    const jan = { now: new Date("2027-01-30T12:00:00Z"), timeZone: "UTC" };
    expect(parseQuickAdd("Close books on Feb 28", jan).dueDate).toBe("2027-02-28");
    expect(parseQuickAdd("Close books in 3 days", jan).dueDate).toBe("2027-02-02");
    expect(parseQuickAdd("Dentist friday", berlin)).toMatchObject({
      title: "Dentist",
      dueDate: "2026-12-04",
    });
  });

  it("a time alone that has passed today means tomorrow", () => {
    expect(parseQuickAdd("Call at 8am", berlin)).toMatchObject({ dueDate: "2026-12-02", dueTime: "08:00" });
    expect(parseQuickAdd("Call at 5pm", berlin)).toMatchObject({ dueDate: "2026-12-01", dueTime: "17:00" });
  });

  it("tags and priorities: several tags, the last priority, unknown ones left in the title", () => {
    expect(parseQuickAdd("Fix bug #work #urgent !low !urgent", berlin)).toMatchObject({
      title: "Fix bug !urgent",
      tags: ["work", "urgent"],
      priority: "low",
    });
    expect(parseQuickAdd("Issue#12 stays", berlin)).toMatchObject({ title: "Issue#12 stays", tags: [] });
  });

  it("a line that is all parts keeps itself as the title", () => {
    expect(parseQuickAdd("tomorrow", berlin)).toMatchObject({ title: "tomorrow", dueDate: "2026-12-02" });
  });
});
