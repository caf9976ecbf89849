import { isOverloadedError, OverloadedError } from "@doable/auth";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { causeChain } from "./cause-chain";

describe("causeChain", () => {
  it("lists the error, then each cause in turn", () => {
    const socket = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const fetchFailed = new TypeError("fetch failed", { cause: socket });
    const outer = new Error("request failed", { cause: fetchFailed });
    expect(causeChain(outer)).toEqual([outer, fetchFailed, socket]);
    expect(causeChain(socket)).toEqual([socket]);
  });

  it("is empty for nothing and stops at a cause that is not an object", () => {
    expect(causeChain(undefined)).toEqual([]);
    expect(causeChain(null)).toEqual([]);
    expect(causeChain("a string")).toEqual([]);
    const error = new Error("outer", { cause: "text cause" });
    expect(causeChain(error)).toEqual([error]);
  });

  it("stops at a cycle and at its bound", () => {
    const first = new Error("first");
    const second = new Error("second", { cause: first });
    first.cause = second;
    expect(causeChain(first)).toEqual([first, second]);

    let deep: Error = new Error("0");
    for (let depth = 1; depth < 20; depth++) deep = new Error(String(depth), { cause: deep });
    expect(causeChain(deep)).toHaveLength(6);
    expect(causeChain(deep, 3)).toHaveLength(3);
  });

  it("finds an OverloadedError that tRPC wrapped (what the API's overload middleware does)", () => {
    const refused = new OverloadedError("queue full", 3);
    const wrapped = new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      cause: new Error("inner", { cause: refused }),
    });
    expect(causeChain(wrapped).find(isOverloadedError)).toBe(refused);
    const other = new Error("other", { cause: { code: "ECONNRESET" } });
    expect(causeChain(other).find(isOverloadedError)).toBeUndefined();
  });
});
