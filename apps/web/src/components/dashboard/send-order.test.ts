import { describe, expect, it } from "vitest";
import { SendOrder } from "./send-order";

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
    const firstSent = order.after({ taskIds: ["a"] }, first.send);
    const secondSent = order.after({ taskIds: ["a"] }, second.send);
    const thirdSent = order.after({ taskIds: ["a"] }, third.send);
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
    void order.after({ taskIds: ["a"] }, one.send);
    void order.after({ taskIds: ["b"] }, two.send);
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
    void order.after({ taskIds: ["a"] }, tickA.send);
    void order.after({ taskIds: ["b"] }, tickB.send);
    const untickAllSent = order.after("every task", untickAll.send);
    // A task no write named before: it could be among the ones "Mark all" reaches.
    void order.after({ taskIds: ["c"] }, tickC.send);
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
    await order.after("every task", all.send);
    const later = heldSend("later", started);
    void order.after({ taskIds: ["a"] }, later.send);
    await settle();
    expect(started).toEqual(["all", "later"]);
  });
});
