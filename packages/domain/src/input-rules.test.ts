import { describe, expect, it } from "vitest";
import { codePointLength, hasNoNul, oneOf } from "./input-rules";
import { PRIORITIES } from "./priority";

// The rules themselves are held against the server's zod schemas in
// packages/api/src/validators/input-rules.test.ts; these are the helpers around them.
describe("oneOf", () => {
  it("keeps a member of the list and drops anything else", () => {
    expect(oneOf(PRIORITIES, "high")).toBe("high");
    expect(oneOf(PRIORITIES, "HIGH")).toBeNull();
    expect(oneOf(PRIORITIES, "")).toBeNull();
    expect(oneOf(PRIORITIES, null)).toBeNull();
    expect(oneOf(PRIORITIES, "toString")).toBeNull();
  });
});

describe("codePointLength and hasNoNul", () => {
  it("count an emoji as one character and find a NUL anywhere", () => {
    expect(codePointLength("🔑ab")).toBe(3);
    expect(hasNoNul("plain")).toBe(true);
    expect(hasNoNul("a\u0000")).toBe(false);
  });
});
