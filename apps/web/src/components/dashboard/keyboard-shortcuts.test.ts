import { describe, expect, it } from "vitest";
import { isTypingTarget, KEYBOARD_SHORTCUTS, type KeyPress, shortcutFor } from "./keyboard-shortcuts";

function press(key: string, overrides: Partial<KeyPress> = {}): KeyPress {
  return {
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    // As a browser reports it: an upper-case letter comes with Shift.
    shiftKey: /^[A-Z]$/.test(key),
    isComposing: false,
    defaultPrevented: false,
    target: body,
    ...overrides,
  };
}

/** Stand-ins for DOM elements, with the fields a browser's have (the tests run in Node). */
function element(tagName: string, type?: string): EventTarget {
  return { tagName: tagName.toUpperCase(), type, isContentEditable: false } as unknown as EventTarget;
}
const body = element("body");

describe("shortcutFor", () => {
  it("maps every listed key to its action", () => {
    for (const shortcut of KEYBOARD_SHORTCUTS) expect(shortcutFor(press(shortcut.key))).toBe(shortcut.action);
  });

  it("reads a letter by Shift, not Caps Lock: Shift+K moves up, k with Caps Lock on is still k", () => {
    expect(shortcutFor(press("K"))).toBe("moveUp");
    expect(shortcutFor(press("K", { shiftKey: false }))).toBe("previous");
    expect(shortcutFor(press("j", { shiftKey: true }))).toBe("moveDown");
    expect(shortcutFor(press("Q", { shiftKey: false }))).toBe("quickAdd");
  });

  it("lists each key once", () => {
    const keys = KEYBOARD_SHORTCUTS.map((shortcut) => shortcut.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("ignores unlisted keys, modifiers, composition and handled events", () => {
    expect(shortcutFor(press("z"))).toBeNull();
    expect(shortcutFor(press("Q"))).toBeNull();
    expect(shortcutFor(press("k", { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press("k", { metaKey: true }))).toBeNull();
    expect(shortcutFor(press("x", { altKey: true }))).toBeNull();
    expect(shortcutFor(press("j", { isComposing: true }))).toBeNull();
    expect(shortcutFor(press("j", { defaultPrevented: true }))).toBeNull();
  });

  it("never fires while typing, but does on a checkbox or a button", () => {
    for (const target of [
      element("input", "text"),
      element("input", "search"),
      element("input", "date"),
      element("textarea"),
      element("select"),
      { tagName: "DIV", isContentEditable: true } as unknown as EventTarget,
    ]) {
      expect(isTypingTarget(target)).toBe(true);
      expect(shortcutFor(press("x", { target }))).toBeNull();
    }
    for (const target of [element("input", "checkbox"), element("button"), body]) {
      expect(isTypingTarget(target)).toBe(false);
      expect(shortcutFor(press("x", { target }))).toBe("complete");
    }
  });
});
