import { describe, expect, it } from "vitest";
import {
  DEFAULT_PRIORITY,
  isPriority,
  PRIORITIES,
  PRIORITIES_HIGHEST_FIRST,
  PRIORITY_LABELS,
} from "./priority";

describe("priority", () => {
  it("is declared lowest first: the database enum sorts in this order", () => {
    expect(PRIORITIES).toEqual(["low", "medium", "high"]);
  });

  it("lists the same values highest first for pickers, without changing PRIORITIES", () => {
    expect(PRIORITIES_HIGHEST_FIRST).toEqual(["high", "medium", "low"]);
    expect(PRIORITIES[0]).toBe("low");
  });

  it("has a label for every value and none for anything else", () => {
    expect(Object.keys(PRIORITY_LABELS).sort()).toEqual([...PRIORITIES].sort());
    for (const priority of PRIORITIES) expect(PRIORITY_LABELS[priority]).toMatch(/^[A-Z]/);
  });

  it("defaults to medium", () => {
    expect(DEFAULT_PRIORITY).toBe("medium");
    expect(isPriority(DEFAULT_PRIORITY)).toBe(true);
  });

  it("recognises only its own values", () => {
    for (const priority of PRIORITIES) expect(isPriority(priority)).toBe(true);
    for (const other of ["", "High", "urgent", null, undefined, 1]) expect(isPriority(other)).toBe(false);
  });
});
