import { describe, expect, it } from "vitest";
import { type CommandSpec, commandHelp, listValue, parseCommandArgs, stringValue } from "./args";
import { UsageError } from "./exit-codes";

const spec: CommandSpec = {
  name: "add",
  summary: "Add a task.",
  usage: ['add "title"'],
  options: {
    priority: { type: "string", value: "low|medium|high", description: "Priority" },
    tag: { type: "string", short: "t", multiple: true, value: "tag", description: "A tag" },
    json: { type: "boolean", description: "JSON" },
  },
  positionals: { min: 1, max: 2, name: "title" },
};

describe("parseCommandArgs", () => {
  it("reads options anywhere, repeated options as lists, and positionals", () => {
    const parsed = parseCommandArgs(spec, ["Buy", "--tag", "a", "-t", "b", "milk", "--priority=high"]);
    expect(parsed.help).toBe(false);
    expect(parsed.positionals).toEqual(["Buy", "milk"]);
    expect(listValue(parsed.values, "tag")).toEqual(["a", "b"]);
    expect(stringValue(parsed.values, "priority")).toBe("high");
  });

  it("treats everything after -- as positionals", () => {
    expect(parseCommandArgs(spec, ["--", "--not-an-option"]).positionals).toEqual(["--not-an-option"]);
  });

  it("answers --help and -h before checking positionals", () => {
    expect(parseCommandArgs(spec, ["--help"]).help).toBe(true);
    expect(parseCommandArgs(spec, ["-h"]).help).toBe(true);
  });

  it.each([
    [["x", "--nope"], "unknown option --nope"],
    [["x", "--priority"], "--priority needs a value"],
    [["x", "--json=yes"], "--json does not take a value"],
    [[], "missing title"],
    [["a", "b", "c"], "unexpected argument 'c'"],
  ])("refuses %j with a short usage error", (argv, message) => {
    const attempt = () => parseCommandArgs(spec, argv);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });
});

describe("commandHelp", () => {
  it("lists usage, every option with its placeholder, repeatable ones marked, and --help", () => {
    const help = commandHelp(spec);
    expect(help).toMatch(/^Usage: doable add "title"\n/);
    expect(help).toContain("--priority <low|medium|high>  Priority");
    expect(help).toContain("-t, --tag <tag>");
    expect(help).toContain("A tag (repeatable)");
    expect(help).toContain("-h, --help");
  });
});
