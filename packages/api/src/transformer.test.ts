import fc from "fast-check";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { serializeLikeSuperjson } from "./transformer";

/** Values of every kind superjson handles, nested, including the ones the fast walker declines. */
const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.date({ noInvalidDate: false }),
    fc.bigInt(),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom("a.b", "c\\d", "__proto__", "constructor")),
      tie("value"),
      {
        maxKeys: 4,
      },
    ),
    tie("value").map((inner) => new Map([["k", inner]])),
    tie("value").map((inner) => new Set([inner])),
  ),
})).value;

function wire(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * What a serializer writes (parsed back from its JSON text, so key order does not count: superjson
 * lists nested annotations in an order of its own), or the error it throws.
 */
function outcome(serialize: (value: unknown) => unknown, value: unknown): unknown {
  try {
    return JSON.parse(wire(serialize(value)));
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

describe("serializeLikeSuperjson", () => {
  it("writes what superjson.serialize writes, for any value", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(outcome(serializeLikeSuperjson, value)).toEqual(outcome(superjson.serialize, value));
      }),
      { numRuns: 5000 },
    );
  });

  it("writes a page of tasks superjson reads back to the same Dates, nulls and undefineds", () => {
    const page = {
      items: Array.from({ length: 3 }, (_, index) => ({
        id: `id-${index}`,
        title: `Task ${index}`,
        description: null,
        completedAt: index === 1 ? new Date(Date.UTC(2026, 0, index + 1)) : null,
        dueDate: index === 2 ? "2026-12-01" : null,
        dueTime: index === 2 ? "09:30" : undefined,
        tags: ["home", "work"],
        createdAt: new Date(Date.UTC(2026, 10, 30, 12, 0, index)),
      })),
      nextCursor: null,
    };
    const written = serializeLikeSuperjson(page);
    expect(wire(written)).toBe(wire(superjson.serialize(page)));
    expect(superjson.deserialize(written as never)).toEqual(page);
  });

  it("gives a value reached twice, and one it does not know, to superjson itself", () => {
    const shared = { at: new Date(0) };
    for (const value of [
      { a: shared, b: shared },
      { n: Number.NaN },
      { m: new Map([[1, 2]]) },
      { "x.y": 1 },
    ]) {
      expect(outcome(serializeLikeSuperjson, value)).toEqual(outcome(superjson.serialize, value));
    }
  });

  it("gives a Date or Array that JSON.stringify would write otherwise to superjson itself", () => {
    class Moment extends Date {}
    class Items extends Array<number> {}
    const withToJSON = Object.assign(new Date(0), { toJSON: () => "not a date" });
    for (const value of [
      { at: new Moment(0) },
      { items: Items.from([1, 2]) },
      { at: withToJSON },
      { nested: { toJSON: "a plain key" } },
    ]) {
      expect(outcome(serializeLikeSuperjson, value)).toEqual(outcome(superjson.serialize, value));
    }
  });

  it("keeps an empty key apart from the root (found by the property above)", () => {
    for (const value of [
      { "": undefined },
      { "": [{ "": new Date(0) }, undefined] },
      [undefined],
      new Date(0),
    ]) {
      expect(outcome(serializeLikeSuperjson, value)).toEqual(outcome(superjson.serialize, value));
    }
  });
});
