"use client";

import { useEffect, useId, useRef } from "react";
import { KEYBOARD_SHORTCUTS, type ShortcutAction } from "./keyboard-shortcuts";

/** What each shortcut does, in words: only this dialog shows them, so they load with it. */
const SHORTCUT_DESCRIPTIONS: Readonly<Record<ShortcutAction, string>> = {
  quickAdd: "Add a task (go to the New task box)",
  search: "Search",
  next: "Next task",
  previous: "Previous task",
  complete: "Complete or reopen the task",
  edit: "Edit the task",
  tags: "Edit the task's tags",
  trash: "Move the task to the trash",
  moveUp: "Move the task up (Manual order)",
  moveDown: "Move the task down (Manual order)",
  help: "Show these shortcuts",
};

/** The keys as a person reads them on a keyboard. */
function keyLabel(key: string): string {
  if (key === "Delete") return "Del";
  return /^[A-Z]$/.test(key) ? `Shift+${key}` : key;
}

/**
 * "Keyboard shortcuts": a modal dialog (the browser keeps focus in it and closes it with Esc)
 * listing every shortcut from the one list the key handler reads.
 */
export function KeyboardShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className="card shortcuts-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>Keyboard shortcuts</h2>
      <dl className="shortcut-list">
        {KEYBOARD_SHORTCUTS.map((shortcut) => (
          <div key={shortcut.key}>
            <dt>
              <kbd>{keyLabel(shortcut.key)}</kbd>
            </dt>
            <dd className="shortcut-description">{SHORTCUT_DESCRIPTIONS[shortcut.action]}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">Shortcuts do nothing while you type in a field.</p>
      <form method="dialog" className="row">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
