import { describe, expect, it } from "vitest";
import { isInsecureRemote, normalizeServerUrl, serverOrigin } from "./server-url";

describe("server URL", () => {
  it("keeps scheme, host, port and a path prefix, without trailing slashes", () => {
    expect(normalizeServerUrl("http://localhost:3000/")).toBe("http://localhost:3000");
    expect(normalizeServerUrl(" https://example.com/doable// ")).toBe("https://example.com/doable");
    expect(serverOrigin("https://example.com/doable")).toBe("https://example.com");
  });

  it.each([
    "localhost:3000",
    "ftp://example.com",
    "http://user:pw@example.com",
    "http://x.com/?a=1",
    "nonsense",
  ])("refuses %j", (input) => {
    expect(() => normalizeServerUrl(input)).toThrow(/server/);
  });

  it("warns only for plain http to another machine", () => {
    expect(isInsecureRemote("http://localhost:3000")).toBe(false);
    expect(isInsecureRemote("http://127.0.0.1:3000")).toBe(false);
    expect(isInsecureRemote("https://example.com")).toBe(false);
    expect(isInsecureRemote("http://example.com")).toBe(true);
  });
});
