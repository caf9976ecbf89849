import { TASK_INPUT_MESSAGES } from "@doable/domain";
import { describe, expect, it } from "vitest";
import { REMINDER_MESSAGES, reminderFromForm } from "./reminder-field";

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const BERLIN = "Europe/Berlin";

describe("reminderFromForm", () => {
  it("is nothing while the field is not on the form", () => {
    expect(reminderFromForm(form({ dueDate: "2027-01-14" }), BERLIN)).toBeNull();
  });

  it("reads none, an offset before the due time, and a set moment on the account's clock", () => {
    expect(reminderFromForm(form({ reminder: "none" }), BERLIN)).toEqual({ remindAt: null });
    expect(
      reminderFromForm(
        form({ reminder: String(15 * 60_000), dueDate: "2027-01-14", dueTime: "17:00" }),
        BERLIN,
      ),
    ).toEqual({ remindAt: new Date("2027-01-14T15:45:00Z") });
    // A day without a time counts back from 09:00.
    expect(reminderFromForm(form({ reminder: "0", dueDate: "2027-07-14", dueTime: "" }), BERLIN)).toEqual({
      remindAt: new Date("2027-07-14T07:00:00Z"),
    });
    expect(reminderFromForm(form({ reminder: "at", remindAt: "2027-07-14T08:30" }), BERLIN)).toEqual({
      remindAt: new Date("2027-07-14T06:30:00Z"),
    });
  });

  it("asks for a due date before an offset, and for a moment when none is set", () => {
    expect(reminderFromForm(form({ reminder: "0", dueDate: "" }), BERLIN)).toEqual({
      error: REMINDER_MESSAGES.needsDueDate,
    });
    expect(reminderFromForm(form({ reminder: "at", remindAt: "" }), BERLIN)).toEqual({
      error: REMINDER_MESSAGES.needsMoment,
    });
  });

  it("keeps a year the server would refuse (a typo) in the editor, with the server's words", () => {
    for (const typo of ["0203-07-14T08:30", "1969-12-31T23:59"]) {
      expect(reminderFromForm(form({ reminder: "at", remindAt: typo }), BERLIN)).toEqual({
        error: TASK_INPUT_MESSAGES.remindAt,
      });
    }
  });
});
