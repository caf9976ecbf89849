import { describe, expect, it } from "vitest";
import { nodeHeaderReader } from "./node-headers";

describe("nodeHeaderReader", () => {
  it("reads a header by any case, joins repeated ones like fetch Headers, and answers null when absent", () => {
    const reader = nodeHeaderReader({
      origin: "https://a.example",
      "x-forwarded-for": ["1.1.1.1", "2.2.2.2"],
    });
    expect(reader.get("Origin")).toBe("https://a.example");
    expect(reader.get("x-forwarded-for")).toBe(
      new Headers([
        ["x-forwarded-for", "1.1.1.1"],
        ["x-forwarded-for", "2.2.2.2"],
      ]).get("x-forwarded-for"),
    );
    expect(reader.get("cookie")).toBeNull();
  });
});
