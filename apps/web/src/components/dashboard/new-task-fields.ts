import { DEFAULT_PRIORITY, type Priority } from "@doable/domain";
import { parseTags } from "./tags";

/**
 * What the New task form sends, read the same way by its hydrated submit handler and by the server
 * action it posts to before hydration (app/(app)/dashboard/task-actions.ts), so both save alike.
 */

/** The box's accessible name (a DESIGN contract) and how other parts of the page find it. */
export const NEW_TASK_LABEL = "New task";
export const NEW_TASK_FIELD_SELECTOR = `input[aria-label="${NEW_TASK_LABEL}"]`;

/** Said when Enter is pressed on an empty box, by the page and by the server action alike. */
export const EMPTY_TITLE_MESSAGE = "Type a title for the task first.";

/** The hidden field holding the dashboard's query string: the view to return to, and its project. */
export const VIEW_FIELD = "view";

/** The form's own fields, by name. */
export const NEW_TASK_FIELD_NAMES = [
  "title",
  "description",
  "priority",
  "dueDate",
  "dueTime",
  "tags",
] as const;

export type NewTaskFieldName = (typeof NEW_TASK_FIELD_NAMES)[number];

/** Every field exactly as typed: what a page rendered after a refused post puts back in the form. */
export type TypedNewTask = Record<NewTaskFieldName, string>;

export interface NewTaskFields {
  title: string;
  description: string | null;
  priority: Priority;
  dueDate: string | null;
  dueTime: string | null;
  tags: string[];
}

/** The server action's answer when it does not go back to the dashboard: what to show in the form. */
export interface NewTaskFormState {
  typed: TypedNewTask;
  error: string | null;
}

export const NOTHING_TYPED: TypedNewTask = {
  title: "",
  description: "",
  priority: DEFAULT_PRIORITY,
  dueDate: "",
  dueTime: "",
  tags: "",
};

export const EMPTY_NEW_TASK_STATE: NewTaskFormState = { typed: NOTHING_TYPED, error: null };

function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}

export function typedNewTask(data: FormData): TypedNewTask {
  const typed = { ...NOTHING_TYPED };
  for (const name of NEW_TASK_FIELD_NAMES) typed[name] = text(data, name);
  return typed;
}

/** True when something beyond the title was sent, so the options it was typed in are shown again. */
export function hasTypedOptions(typed: TypedNewTask): boolean {
  return NEW_TASK_FIELD_NAMES.some((name) => name !== "title" && typed[name] !== NOTHING_TYPED[name]);
}

/** The fields as the API takes them; the server still checks every rule (the priority's too). */
export function newTaskFields(data: FormData): NewTaskFields {
  return {
    title: text(data, "title").trim(),
    // Blank means none, as the server reads it.
    description: text(data, "description").trim() || null,
    priority: (text(data, "priority") || DEFAULT_PRIORITY) as Priority,
    // A date input's value is the calendar day itself (YYYY-MM-DD), a time input's HH:MM.
    dueDate: text(data, "dueDate") || null,
    dueTime: text(data, "dueTime") || null,
    tags: parseTags(text(data, "tags")),
  };
}
