/**
 * The dashboard's keyboard shortcuts: one list that both the key handler and the "Keyboard
 * shortcuts" dialog read, so what the dialog promises is what the keys do.
 */
export type ShortcutAction =
  | "quickAdd"
  | "search"
  | "next"
  | "previous"
  | "complete"
  | "edit"
  | "tags"
  | "trash"
  | "moveUp"
  | "moveDown"
  | "help";

export interface Shortcut {
  /** `KeyboardEvent.key`, as the keyboard layout produces it ("?" is Shift and / on many). */
  key: string;
  action: ShortcutAction;
}

export const KEYBOARD_SHORTCUTS: readonly Shortcut[] = [
  { key: "q", action: "quickAdd" },
  { key: "/", action: "search" },
  { key: "j", action: "next" },
  { key: "k", action: "previous" },
  { key: "x", action: "complete" },
  { key: "e", action: "edit" },
  { key: "#", action: "tags" },
  { key: "Delete", action: "trash" },
  { key: "K", action: "moveUp" },
  { key: "J", action: "moveDown" },
  { key: "?", action: "help" },
];

const ACTION_BY_KEY: ReadonlyMap<string, ShortcutAction> = new Map(
  KEYBOARD_SHORTCUTS.map((shortcut) => [shortcut.key, shortcut.action]),
);

/** Inputs that take no typing: a shortcut pressed on them is meant as one. */
const NON_TEXT_INPUT_TYPES = new Set([
  "checkbox",
  "radio",
  "button",
  "submit",
  "reset",
  "range",
  "color",
  "file",
]);

/** What the decision reads of an event's target; every DOM element has these (or lacks them). */
interface TargetFields {
  tagName?: unknown;
  type?: unknown;
  isContentEditable?: unknown;
}

/** Whether keys pressed on `target` are typing: text fields, selects, editable content. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (target === null || typeof target !== "object") return false;
  const fields = target as TargetFields;
  if (fields.isContentEditable === true) return true;
  const tag = typeof fields.tagName === "string" ? fields.tagName.toUpperCase() : "";
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  return tag === "INPUT" && !NON_TEXT_INPUT_TYPES.has(String(fields.type ?? "text"));
}

/** The shape of a key press the decision needs; a DOM KeyboardEvent has it. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing: boolean;
  defaultPrevented: boolean;
  target: EventTarget | null;
}

/**
 * A letter as Shift makes it, whatever Caps Lock says: "K" (move up) is Shift and K, and plain k
 * with Caps Lock on is still k (previous task).
 */
function letterByShift(press: KeyPress): string {
  if (!/^[a-z]$/i.test(press.key)) return press.key;
  return press.shiftKey ? press.key.toUpperCase() : press.key.toLowerCase();
}

/**
 * The action a key press asks for, or null: never while typing in a field, composing text
 * (an input method), or with Ctrl, Cmd or Alt held (those belong to the browser and the system).
 */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.defaultPrevented || press.isComposing) return null;
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (isTypingTarget(press.target)) return null;
  return ACTION_BY_KEY.get(letterByShift(press)) ?? null;
}
