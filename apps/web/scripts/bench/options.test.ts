import { describe, expect, it } from "vitest";
import { parseBenchOptions } from "./options";

const DOC = "/repo/docs/performance.md";

describe("parseBenchOptions", () => {
  it("runs in full and writes the doc by default", () => {
    const options = parseBenchOptions([], DOC);
    expect(options).toMatchObject({ quick: false, rounds: 3, users: 1000, tasksPerUser: 50, output: DOC });
  });

  it("--quick: one round, shorter, and the doc is left alone unless --output says where", () => {
    expect(parseBenchOptions(["--quick"], DOC)).toMatchObject({ quick: true, rounds: 1, output: null });
    expect(parseBenchOptions(["--", "--quick", "--output", "/tmp/p.md"], DOC)).toMatchObject({
      quick: true,
      output: "/tmp/p.md",
    });
  });

  it("--profile names the directory for the app's CPU profile", () => {
    expect(parseBenchOptions([], DOC).profileDir).toBeNull();
    expect(parseBenchOptions(["--profile", "/tmp/prof"], DOC).profileDir).toBe("/tmp/prof");
  });

  it("refuses an unknown option", () => {
    expect(() => parseBenchOptions(["--fast"], DOC)).toThrow();
  });
});
