import { describe, expect, it } from "vitest";
import { allChoosable, allChosen, CHOSEN_MAX, withChoice } from "./selection";

describe("choosing tasks for a bulk action", () => {
  it("adds and takes out, up to the most one action takes", () => {
    const one = withChoice(new Set(), "a", true, 2);
    const two = withChoice(one, "b", true, 2);
    expect([...two]).toEqual(["a", "b"]);
    // A third is refused: the choice stays as it was, the same object.
    expect(withChoice(two, "c", true, 2)).toBe(two);
    expect([...withChoice(two, "a", false, 2)]).toEqual(["b"]);
    expect(withChoice(two, "a", true, 2)).toBe(two);
  });

  it("selects all as the first that many shown, and calls that all", () => {
    const ids = ["a", "b", "c"];
    expect([...allChoosable(ids, 2)]).toEqual(["a", "b"]);
    expect(allChosen(2, 3, 2)).toBe(true);
    expect(allChosen(2, 3, 5)).toBe(false);
    expect(allChosen(0, 0, 5)).toBe(false);
  });

  it("is the server's limit for one call", () => {
    const many = Array.from({ length: CHOSEN_MAX + 5 }, (_, index) => `task-${index}`);
    expect(allChoosable(many).size).toBe(CHOSEN_MAX);
  });
});
