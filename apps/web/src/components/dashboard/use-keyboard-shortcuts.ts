"use client";

import { useEffect } from "react";
import { shortcutFor } from "./keyboard-shortcuts";

type KeyboardActions = typeof import("./keyboard-actions");

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
      const action = shortcutFor(event);
      if (!action) return;
      // Known to be a shortcut now, while the event can still be claimed; done once loaded.
      event.preventDefault();
      actions ??= import("./keyboard-actions");
      void actions.then((module) => module.performShortcut(action, showHelp));
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [showHelp]);
}
