import { describe, expect, it } from "vitest";
import { reachesOverlap, SendOrder } from "./send-order";

/** A send whose answer the test gives (or refuses) when it chooses; records when it started. */
function heldSend(name: string, started: string[]) {
  let answer: (value: string) => void = () => undefined;
  let refuse: (reason: Error) => void = () => undefined;
  const answered = new Promise<string>((resolve, reject) => {
    answer = resolve;
    refuse = reject;
  });
  const send = (): Promise<string> => {
    started.push(name);
    return answered;
  };
  return { send, answer: () => answer(name), refuse: () => refuse(new Error(name)) };
}

/** Lets every promise already settled run its reactions. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe("the order writes are sent in", () => {
  it("sends a task's next write after its earlier one has ended, answered or refused", async () => {
    const order = new SendOrder();
    const started: string[] = [];
    const first = heldSend("first", started);
    const second = heldSend("second", started);
    const third = heldSend("third", started);
    const firstSent = order.after(1, { taskIds: ["a"] }, first.send);
    const secondSent = order.after(2, { taskIds: ["a"] }, second.send);
    const thirdSent = order.after(3, { taskIds: ["a"] }, third.send);
    await settle();
    expect(started).toEqual(["first"]);

    first.refuse();
    await expect(firstSent).rejects.toThrow("first");
    await settle();
    expect(started).toEqual(["first", "second"]);
    second.answer();
    await expect(secondSent).resolves.toBe("second");
    await settle();
    expect(started).toEqual(["first", "second", "third"]);
    third.answer();
    await expect(thirdSent).resolves.toBe("third");
  });

  it("sends writes to different tasks at once", async () => {
    const order = new SendOrder();
    const started: string[] = [];
    const one = heldSend("one", started);
    const two = heldSend("two", started);
    void order.after(1, { taskIds: ["a"] }, one.send);
    void order.after(2, { taskIds: ["b"] }, two.send);
    await settle();
    expect(started).toEqual(["one", "two"]);
  });

  it("sends a write to every task after every earlier write, and every later write after it", async () => {
    const order = new SendOrder();
    const started: string[] = [];
    const tickA = heldSend("tick a", started);
    const tickB = heldSend("tick b", started);
    const untickAll = heldSend("untick all", started);
    const tickC = heldSend("tick c", started);
    void order.after(1, { taskIds: ["a"] }, tickA.send);
    void order.after(2, { taskIds: ["b"] }, tickB.send);
    const untickAllSent = order.after(3, "every task", untickAll.send);
    // A task no write named before: it could be among the ones "Mark all" reaches.
    void order.after(4, { taskIds: ["c"] }, tickC.send);
    await settle();
    expect(started).toEqual(["tick a", "tick b"]);

    tickA.answer();
    await settle();
    expect(started).toEqual(["tick a", "tick b"]);
    tickB.answer();
    await settle();
    expect(started).toEqual(["tick a", "tick b", "untick all"]);

    untickAll.answer();
    await expect(untickAllSent).resolves.toBe("untick all");
    await settle();
    expect(started).toEqual(["tick a", "tick b", "untick all", "tick c"]);
  });

  it("holds nothing back once the writes before have ended", async () => {
    const order = new SendOrder();
    const started: string[] = [];
    const all = heldSend("all", started);
    all.answer();
    await order.after(1, "every task", all.send);
    const later = heldSend("later", started);
    void order.after(2, { taskIds: ["a"] }, later.send);
    await settle();
    expect(started).toEqual(["all", "later"]);
  });

  it("sends a write again at its own early place: it waits for no later write, to every task or not", async () => {
    const order = new SendOrder();
    const started: string[] = [];
    // "tick a" (place 1) met a lost connection; "untick all" (place 2) is held until it has gone.
    const untickAll = heldSend("untick all", started);
    const laterEdit = heldSend("later edit of a", started);
    void order.after(2, "every task", untickAll.send);
    void order.after(3, { taskIds: ["a"] }, laterEdit.send);
    const tickAgain = heldSend("tick a again", started);
    void order.after(1, { taskIds: ["a"] }, tickAgain.send);
    await settle();
    expect(started).toEqual(["untick all", "tick a again"]);
    untickAll.answer();
    await settle();
    expect(started).toEqual(["untick all", "tick a again"]);
    tickAgain.answer();
    await settle();
    expect(started).toEqual(["untick all", "tick a again", "later edit of a"]);
  });

  it("says which writes could change the same task", () => {
    expect(reachesOverlap({ taskIds: ["a", "b"] }, { taskIds: ["b"] })).toBe(true);
    expect(reachesOverlap({ taskIds: ["a"] }, { taskIds: ["b"] })).toBe(false);
    expect(reachesOverlap({ taskIds: [] }, "every task")).toBe(true);
    expect(reachesOverlap("every task", { taskIds: ["c"] })).toBe(true);
  });
});
