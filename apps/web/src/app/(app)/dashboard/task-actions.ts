"use server";

import { RedirectType, redirect } from "next/navigation";
import {
  EMPTY_TITLE_MESSAGE,
  type NewTaskFormState,
  newTaskFields,
  typedNewTask,
  VIEW_FIELD,
} from "~/components/dashboard/new-task-fields";
import { filtersFromParams, filtersToParams, type TaskFilters } from "~/lib/task-filters";
import { type CallFailure, callFromForm } from "~/server/credential-call";

/**
 * The New task form posts here when Enter is pressed before the dashboard is hydrated (a slow
 * phone, scripts off): without it the browser sent the form as a GET, the title went to the
 * address bar and nothing was saved. Once hydrated, the form saves through its own optimistic
 * path and never calls this (docs/decisions/0038).
 */

const DASHBOARD_PATH = "/dashboard";
/** A refusal that names no field the form has and gives no words of its own (never expected). */
const INVALID_INPUT_MESSAGE = "Invalid input";

/** Rebuilt from the filters, not taken as sent: the answer can only ever lead to the dashboard. */
function dashboardPath(filters: TaskFilters): string {
  const query = filtersToParams(filters).toString();
  return query ? `${DASHBOARD_PATH}?${query}` : DASHBOARD_PATH;
}

/** One line for the whole form: before hydration only the title can have been typed. */
function failureMessage(failure: CallFailure): string {
  return failure.message ?? Object.values(failure.fieldErrors)[0] ?? INVALID_INPUT_MESSAGE;
}

/**
 * Saves the task as typed (quick add's reading of the words needs the page's script; the client
 * path also saves them as typed when its parser could not load), in the project the dashboard
 * shows, then goes back to that same view: a fresh page that lists the new task, which a reload
 * does not post again. A refusal is answered as form state, with everything typed kept.
 */
export async function addTaskFromForm(
  _previous: NewTaskFormState,
  data: FormData,
): Promise<NewTaskFormState> {
  const typed = typedNewTask(data);
  const fields = newTaskFields(data);
  if (fields.title === "") return { typed, error: EMPTY_TITLE_MESSAGE };
  const view = data.get(VIEW_FIELD);
  const filters = filtersFromParams(new URLSearchParams(typeof view === "string" ? view : ""));
  // No id: the server makes one. A fixed id rendered into the page would make a second post from
  // the same page (Back, then a new title) a "retry" of the first, and the new words would be lost.
  const result = await callFromForm("task.create", (api) =>
    api.task.create(filters.project ? { ...fields, projectId: filters.project } : fields),
  );
  if (!result.ok) return { typed, error: failureMessage(result.failure) };
  redirect(dashboardPath(filters), RedirectType.replace);
}
