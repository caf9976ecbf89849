import { describe, expect, it } from "vitest";
import { plannedMove } from "./manual-order";
import { taskWith } from "./task-factory";
import { rowPlace } from "./task-item";
import type { Task } from "./types";

function task(id: string, position: string): Task {
  return taskWith({ id, title: id, position });
}

const LIST = [task("a", "V1"), task("b", "V3"), task("c", "V5"), task("d", "V7")];

describe("plannedMove", () => {
  it("moves up and down one place between the new neighbours", () => {
    expect(plannedMove(LIST, "c", "up")).toEqual({
      input: { id: "c", afterId: "a", beforeId: "b" },
      position: "V2",
    });
    expect(plannedMove(LIST, "b", "down")).toEqual({
      input: { id: "b", afterId: "c", beforeId: "d" },
      position: "V6",
    });
  });

  it("moves where a drag let it go: to the top, and past the last loaded row", () => {
    const top = plannedMove(LIST, "c", { after: null, before: "a" });
    expect(top?.input).toEqual({ id: "c", beforeId: "a" });
    expect((top?.position ?? "") < "V1").toBe(true);
    const bottom = plannedMove(LIST, "a", { after: "d", before: null });
    expect(bottom?.input).toEqual({ id: "a", afterId: "d" });
    expect((bottom?.position ?? "") > "V7").toBe(true);
  });

  it("does nothing where the task would stay, past either end, or between no tasks", () => {
    expect(plannedMove(LIST, "a", "up")).toBeNull();
    expect(plannedMove(LIST, "d", "down")).toBeNull();
    expect(plannedMove(LIST, "missing", "up")).toBeNull();
    expect(plannedMove([task("alone", "V1")], "alone", { after: null, before: null })).toBeNull();
  });

  it("shows a move up past tied neighbours before both, as the server places it", () => {
    const tied = [task("a", "V1"), task("b", "V3"), task("c", "V3"), task("d", "V5")];
    const move = plannedMove(tied, "d", "up");
    expect(move?.input).toEqual({ id: "d", afterId: "b", beforeId: "c" });
    expect((move?.position ?? "") > "V1" && (move?.position ?? "") < "V3").toBe(true);
  });

  it("never anchors on a task the server does not have yet", () => {
    const withDraft = [task("new", ""), ...LIST];
    const saved = (id: string) => id !== "new";
    // Up from the top saved row: the only neighbour is the draft, so nothing to send.
    expect(plannedMove(withDraft, "a", "up", saved)).toBeNull();
    const toTop = plannedMove(withDraft, "b", { after: "new", before: "a" }, saved);
    expect(toTop?.input).toEqual({ id: "b", beforeId: "a" });
    expect((toTop?.position ?? "") < "V1").toBe(true);
  });
});

describe("rowPlace", () => {
  it("says which way each row can move", () => {
    expect([0, 1, 2].map((index) => rowPlace(index, 3))).toEqual(["first", "middle", "last"]);
    expect(rowPlace(0, 1)).toBe("only");
  });
});
