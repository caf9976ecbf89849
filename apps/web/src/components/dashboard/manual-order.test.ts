import { describe, expect, it } from "vitest";
import { plannedMove, rowPlace } from "./manual-order";
import { taskWith } from "./task-factory";
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

  it("moves to the top and past the last loaded row with one neighbour", () => {
    const top = plannedMove(LIST, "c", 0);
    expect(top?.input).toEqual({ id: "c", beforeId: "a" });
    expect((top?.position ?? "") < "V1").toBe(true);
    const bottom = plannedMove(LIST, "a", 3);
    expect(bottom?.input).toEqual({ id: "a", afterId: "d" });
    expect((bottom?.position ?? "") > "V7").toBe(true);
  });

  it("does nothing where the task would stay, or past either end", () => {
    expect(plannedMove(LIST, "a", "up")).toBeNull();
    expect(plannedMove(LIST, "d", "down")).toBeNull();
    expect(plannedMove(LIST, "b", 1)).toBeNull();
    expect(plannedMove(LIST, "missing", 0)).toBeNull();
    expect(plannedMove([task("alone", "V1")], "alone", 0)).toBeNull();
  });

  it("shows a move between tied neighbours at their key, for the server to place", () => {
    const tied = [task("a", "V3"), task("b", "V3"), task("c", "V5")];
    expect(plannedMove(tied, "c", 1)).toEqual({
      input: { id: "c", afterId: "a", beforeId: "b" },
      position: "V3",
    });
  });
});

describe("rowPlace", () => {
  it("says which way each row can move", () => {
    expect([0, 1, 2].map((index) => rowPlace(index, 3))).toEqual(["first", "middle", "last"]);
    expect(rowPlace(0, 1)).toBe("only");
  });
});
