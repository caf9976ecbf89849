"use client";

import { useEffect } from "react";
import { shortcutFor } from "./keyboard-shortcuts";

type KeyboardActions = typeof import("./keyboard-actions");

/** Where keys belong to the controls themselves: a task's checklist, a question in a row. */
const NOT_A_ROW_SHORTCUT = ".subtasks, .confirm";

/**
 * The dashboard's shortcuts (keyboard-shortcuts.ts), on the whole document while the dashboard
 * is shown. None fires while typing in a field or while a dialog is open. What a shortcut does
 * (keyboard-actions.ts) loads with the first one pressed, so the page's first load carries only
 * the table of keys.
 */
export function useKeyboardShortcuts(showHelp: () => void): void {
  useEffect(() => {
    let actions: Promise<KeyboardActions> | null = null;
    function onKeyDown(event: KeyboardEvent): void {
      if (document.querySelector("dialog[open]")) return;
      // A row's shortcuts act on the row's task: not from inside its checklist or a question it
      // asks, where Delete or x would otherwise reach the task around them.
      if (event.target instanceof Element && event.target.closest(NOT_A_ROW_SHORTCUT)) return;
      const action = shortcutFor(event);
      if (!action) return;
      // Known to be a shortcut now, while the event can still be claimed; done once loaded.
      event.preventDefault();
      actions ??= import("./keyboard-actions").catch((error: unknown) => {
        // Not loaded (offline before it ever was): the next key tries again.
        actions = null;
        throw error;
      });
      actions.then((module) => module.performShortcut(action, showHelp)).catch(() => undefined);
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [showHelp]);
}
