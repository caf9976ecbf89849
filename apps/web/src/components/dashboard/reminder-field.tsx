"use client";

import { TASK_INPUT_MESSAGES, wallClockInZone } from "@doable/domain";
import {
  instantInZone,
  REMINDER_OFFSETS,
  reminderAnchor,
  reminderBefore,
  reminderOffsetOf,
} from "@doable/domain/reminder";
import { useEffect, useState } from "react";
import { Field } from "../field";
import type { Task } from "./types";

/** The Reminder select's values besides the offsets (their milliseconds). */
const NO_REMINDER = "none";
const SET_TIME = "at";

/** `YYYY-MM-DDTHH:MM`, what a datetime-local field reads and writes. */
const LOCAL_MOMENT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
/** The years the server takes a reminder in (TASK_INPUT_MESSAGES.remindAt): checked here, so a typo keeps the edit. */
const EARLIEST_REMINDER_YEAR = 1970;
const LATEST_REMINDER_YEAR = 9999;

export const REMINDER_MESSAGES = {
  needsDueDate: "A reminder before the due time needs a due date: set one, or choose “At a set time”",
  needsMoment: "Choose when to be reminded",
} as const;

/** The reminder the editor's form asks for, an error to show, or null while the field is not there. */
export type ReminderChoice = { remindAt: Date | null } | { error: string } | null;

function localMoment(instant: Date, timeZone: string): string {
  return new Date(wallClockInZone(instant, timeZone)).toISOString().slice(0, 16);
}

/**
 * Reads the Reminder field of a form (`data`), on the account's clock (`timeZone`). An offset is
 * taken before the due day and time the task will have: `due` when given (the New task form's,
 * after quick add has read the words), else the form's own Due date and Due time.
 */
export function reminderFromForm(
  data: FormData,
  timeZone: string,
  due?: { dueDate: string | null; dueTime: string | null },
): ReminderChoice {
  if (!data.has("reminder")) return null;
  const choice = String(data.get("reminder"));
  if (choice === NO_REMINDER) return { remindAt: null };
  if (choice === SET_TIME) {
    const match = LOCAL_MOMENT.exec(String(data.get("remindAt") ?? ""));
    if (!match) return { error: REMINDER_MESSAGES.needsMoment };
    const [, year, month, day, hours, minutes] = match.map(Number) as number[];
    if ((year as number) < EARLIEST_REMINDER_YEAR || (year as number) > LATEST_REMINDER_YEAR) {
      return { error: TASK_INPUT_MESSAGES.remindAt };
    }
    const wall = Date.UTC(year as number, (month as number) - 1, day, hours, minutes);
    return { remindAt: instantInZone(wall, timeZone) };
  }
  const dueDate = due ? due.dueDate : String(data.get("dueDate") ?? "") || null;
  const dueTime = dueDate ? (due ? due.dueTime : String(data.get("dueTime") ?? "") || null) : null;
  const anchor = reminderAnchor(dueDate, dueTime, timeZone);
  if (anchor === null) return { error: REMINDER_MESSAGES.needsDueDate };
  return { remindAt: reminderBefore(anchor, Number(choice), timeZone) };
}

type Permission = NotificationPermission | "unsupported";

function notificationPermission(): Permission {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/**
 * Whether this browser will show reminders as notifications, and the button that asks it to: the
 * page itself shows every reminder while it is open either way.
 */
function NotificationNote() {
  // Read after hydration: the server has no Notification.
  const [permission, setPermission] = useState<Permission | null>(null);
  useEffect(() => setPermission(notificationPermission()), []);
  if (permission === null || permission === "granted") return null;
  if (permission === "default") {
    return (
      <button
        type="button"
        className="secondary"
        onClick={() => void Notification.requestPermission().then(setPermission)}
      >
        Allow notifications
      </button>
    );
  }
  return (
    <span className="field-hint">
      {permission === "denied"
        ? "Notifications are blocked for Doable in this browser: reminders show on this page while it is open."
        : "This browser cannot show notifications: reminders show on this page while it is open."}
    </span>
  );
}

/** What the field starts from: the task edited, or nothing yet for a new one. */
type ReminderSubject = Pick<Task, "remindAt" | "dueDate" | "dueTime">;

/**
 * The Reminder of the editor and of the New task form (ADR 0049): none, an offset before the due
 * time (09:00 on a day without one), or a moment of its own, all on the account's clock. `task`:
 * the task edited, or null for a new one (no reminder yet).
 */
export function ReminderField({
  id,
  task,
  timeZone,
}: {
  id: string;
  task: ReminderSubject | null;
  timeZone: string;
}) {
  const anchor = task ? reminderAnchor(task.dueDate, task.dueTime, timeZone) : null;
  const remindAt = task?.remindAt ?? null;
  const offset = remindAt ? reminderOffsetOf(remindAt, anchor, timeZone) : null;
  const [choice, setChoice] = useState(
    remindAt === null ? NO_REMINDER : offset === null ? SET_TIME : String(offset),
  );
  const suggested = remindAt ?? anchor;
  return (
    <div className="reminder-field">
      <Field id={`${id}-reminder`} label="Reminder">
        {(control) => (
          <select
            {...control}
            name="reminder"
            value={choice}
            onChange={(event) => setChoice(event.target.value)}
          >
            <option value={NO_REMINDER}>None</option>
            {REMINDER_OFFSETS.map((option) => (
              <option key={option.ms} value={String(option.ms)}>
                {option.label}
              </option>
            ))}
            <option value={SET_TIME}>At a set time</option>
          </select>
        )}
      </Field>
      {choice === SET_TIME && (
        <Field id={`${id}-remind-at`} label="Remind at">
          {(control) => (
            <input
              {...control}
              name="remindAt"
              type="datetime-local"
              min={`${EARLIEST_REMINDER_YEAR}-01-01T00:00`}
              max={`${LATEST_REMINDER_YEAR}-12-31T23:59`}
              defaultValue={suggested ? localMoment(suggested, timeZone) : ""}
            />
          )}
        </Field>
      )}
      {choice !== NO_REMINDER && <NotificationNote />}
    </div>
  );
}
