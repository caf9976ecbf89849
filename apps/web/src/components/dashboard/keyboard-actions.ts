/**
 * What each dashboard shortcut does to the page (keyboard-shortcuts.ts says which key is which).
 * Loaded on the first shortcut pressed (use-keyboard-shortcuts.ts): no part of the first load.
 */
import { requestEditorFocus } from "./editor-focus";
import type { ShortcutAction } from "./keyboard-shortcuts";
import { NEW_TASK_FIELD_SELECTOR } from "./new-task-fields";
import { TASK_ROW_SELECTOR } from "./task-item";

/** The row the keyboard is on: the one holding focus, if any. */
function currentRow(): HTMLElement | null {
  return document.activeElement?.closest<HTMLElement>(TASK_ROW_SELECTOR) ?? null;
}

/** Focuses a row's checkbox (its first control while it is being edited). */
function focusRow(row: HTMLElement): void {
  const control =
    row.querySelector<HTMLElement>('input[type="checkbox"]') ??
    row.querySelector<HTMLElement>("input, button");
  control?.focus();
}

/** Moves to the next (+1) or previous (-1) row; from outside the list, to the first or last one. */
function moveRow(step: 1 | -1): boolean {
  const rows = [...document.querySelectorAll<HTMLElement>(TASK_ROW_SELECTOR)];
  if (rows.length === 0) return false;
  const current = currentRow();
  const index = current ? rows.indexOf(current) : -1;
  const target =
    index === -1
      ? step === 1
        ? rows[0]
        : rows.at(-1)
      : rows[Math.min(Math.max(index + step, 0), rows.length - 1)];
  if (target) focusRow(target);
  return true;
}

/** Presses one of the current row's own controls, so a shortcut does exactly what a click does. */
function pressRowControl(selector: string): HTMLElement | null {
  const row = currentRow();
  const control = row?.querySelector<HTMLElement>(selector);
  if (!row || !control || (control as HTMLButtonElement).disabled) return null;
  control.click();
  return row;
}

function focusField(selector: string): boolean {
  const field = document.querySelector<HTMLElement>(selector);
  field?.focus();
  return field !== null;
}

/** Opens the current row's editor with its Tags field focused (the editor itself focuses the title). */
function editTags(): boolean {
  const taskId = currentRow()?.dataset.taskId;
  // Asked before the editor opens: it is loaded on first use, and focuses Tags once it is there.
  if (taskId) requestEditorFocus(taskId, "tags");
  return pressRowControl('[data-shortcut="edit"]') !== null;
}

/** Does what `action` asks on the page as it is now; false when there is nothing for it to act on. */
export function performShortcut(action: ShortcutAction, showHelp: () => void): boolean {
  switch (action) {
    case "quickAdd":
      return focusField(NEW_TASK_FIELD_SELECTOR);
    case "search":
      return focusField('input[type="search"]');
    case "next":
      return moveRow(1);
    case "previous":
      return moveRow(-1);
    case "complete":
      return pressRowControl('[data-shortcut="complete"]') !== null;
    case "edit":
      return pressRowControl('[data-shortcut="edit"]') !== null;
    case "tags":
      return editTags();
    case "trash":
      return pressRowControl('[data-shortcut="delete"]') !== null;
    case "moveUp":
      return pressRowControl('[data-shortcut="move-up"]') !== null;
    case "moveDown":
      return pressRowControl('[data-shortcut="move-down"]') !== null;
    case "help":
      showHelp();
      return true;
  }
}
