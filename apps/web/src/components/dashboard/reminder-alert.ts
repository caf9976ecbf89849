import { describeDue, formatDateTime } from "~/lib/dates";
import { NEW_TASK_FIELD_SELECTOR } from "./new-task-fields";
import type { Subtask } from "./types";

/**
 * A reminder that fired (ADR 0049), shown by every open dashboard of its owner: on the page, as an
 * alert that stays until dismissed, and as a system notification when this browser allows them.
 * Loaded with the first reminder, so the dashboard's first load carries none of it.
 */

const REGION_CLASS = "reminder-region";
/** One notification per reminder however many tabs show it: a second with the same tag replaces the first. */
const NOTIFICATION_TAG_PREFIX = "doable-reminder-";

function region(): HTMLElement {
  const existing = document.querySelector<HTMLElement>(`.${REGION_CLASS}`);
  if (existing) return existing;
  const created = document.createElement("section");
  created.className = REGION_CLASS;
  created.setAttribute("aria-label", "Reminders");
  document.body.append(created);
  return created;
}

/** "Due Tomorrow 5:00 PM", as the task's row says it. */
function dueText(task: Subtask, timeZone: string): string | null {
  if (task.dueDate === null) return null;
  return `Due ${describeDue({ ...task, dueDate: task.dueDate }, new Date(), timeZone).text}`;
}

function showOnPage(task: Subtask, timeZone: string): void {
  const alert = document.createElement("div");
  alert.className = "reminder-alert";
  alert.setAttribute("role", "alert");
  alert.dataset.taskId = task.id;
  const text = document.createElement("p");
  const title = document.createElement("strong");
  title.textContent = task.title;
  text.append("Reminder: ", title);
  const when = document.createElement("span");
  when.className = "field-hint";
  when.textContent = [
    dueText(task, timeZone),
    task.remindAt ? `set for ${formatDateTime(task.remindAt, timeZone)}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
  const dismiss = document.createElement("button");
  dismiss.type = "button";
  dismiss.className = "secondary";
  dismiss.textContent = "Dismiss";
  dismiss.setAttribute("aria-label", `Dismiss reminder: ${task.title}`);
  dismiss.addEventListener("click", () => {
    const container = alert.parentElement;
    // Focus goes to the next reminder's Dismiss, or back to the New task box, never to nowhere.
    const next = (alert.nextElementSibling ?? alert.previousElementSibling)?.querySelector("button");
    alert.remove();
    if (container && container.childElementCount === 0) container.remove();
    (next ?? document.querySelector<HTMLElement>(NEW_TASK_FIELD_SELECTOR))?.focus();
  });
  alert.append(text, when, dismiss);
  // The same reminder again (a stream resumed over it) replaces the one shown.
  region()
    .querySelector(`[data-task-id="${CSS.escape(task.id)}"]`)
    ?.remove();
  region().append(alert);
}

function notify(task: Subtask, timeZone: string): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  const body = dueText(task, timeZone) ?? undefined;
  let notification: Notification;
  try {
    notification = new Notification(`Reminder: ${task.title}`, {
      body,
      tag: `${NOTIFICATION_TAG_PREFIX}${task.id}`,
    });
  } catch {
    // Chrome on Android shows notifications only from a service worker ("Illegal constructor"):
    // the alert on the page is the reminder there.
    return;
  }
  notification.addEventListener("click", () => {
    window.focus();
    notification.close();
  });
}

export function showReminder(task: Subtask, timeZone: string): void {
  showOnPage(task, timeZone);
  notify(task, timeZone);
}
