import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS, run } from "./cli";
import { EXIT } from "./exit-codes";
import type { Io } from "./io";

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "doable-cli-run-"));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

async function doable(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const out = new PassThrough().on("data", (chunk) => {
    stdout += chunk;
  });
  const err = new PassThrough().on("data", (chunk) => {
    stderr += chunk;
  });
  const stdin = new PassThrough();
  stdin.end();
  const io: Io = { stdin, stdout: out, stderr: err, env: { HOME: home } };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

describe("doable (in process, no server)", () => {
  it("--help lists every command and the exit codes", async () => {
    const { code, stdout } = await doable("--help");
    expect(code).toBe(EXIT.ok);
    for (const command of COMMANDS) expect(stdout).toContain(`  ${command.spec.name} `);
    expect(stdout).toContain("2  not signed in");
  });

  it.each(COMMANDS.map((command) => command.spec.name))("%s --help prints its usage", async (name) => {
    const { code, stdout } = await doable(name, "--help");
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(new RegExp(`^Usage: doable ${name}\\b`));
    expect(stdout).toContain("-h, --help");
  });

  it("help <command> is the same as <command> --help", async () => {
    expect((await doable("help", "ls")).stdout).toBe((await doable("ls", "--help")).stdout);
  });

  it("an unknown command or option is a usage error (exit 1)", async () => {
    const unknown = await doable("frobnicate");
    expect(unknown.code).toBe(EXIT.failure);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const option = await doable("ls", "--colour");
    expect(option.code).toBe(EXIT.failure);
    expect(option.stderr).toBe("doable ls: unknown option --colour\nRun doable ls --help for usage.\n");
  });

  it("checks what it can before asking the server", async () => {
    const due = await doable("add", "x", "--due", "2030-02-30");
    expect(due.code).toBe(EXIT.failure);
    expect(due.stderr).toContain(
      "--due must be a calendar day as YYYY-MM-DD, 1970-01-01 to 9999-12-31 (got '2030-02-30')",
    );
    expect((await doable("ls", "--all", "--done")).stderr).toContain("--all and --done cannot be combined");
    expect((await doable("edit", "ab")).stderr).toContain("nothing to change");
    expect((await doable("export", "--format", "xml")).stderr).toContain("--format must be json or csv");
  });

  it("checks due dates and times before asking the server", async () => {
    const cases: Array<[string[], string]> = [
      [["add", "x", "--time", "09:00"], "doable add: --time needs a due date: give --due YYYY-MM-DD too\n"],
      [
        ["add", "x", "--due", "2030-01-31", "--time", "9:00"],
        "--time must be a time as HH:MM, 00:00 to 23:59 (got '9:00')",
      ],
      [["add", "x", "--due", "2030-01-31", "--time", "24:00"], "(got '24:00')"],
      [["edit", "ab", "--due", "2030-01-31", "--no-due"], "--due and --no-due cannot be combined"],
      [["edit", "ab", "--time", "09:00", "--no-due"], "--time and --no-due cannot be combined"],
      [["edit", "ab", "--time", "09:00", "--no-time"], "--time and --no-time cannot be combined"],
      [["edit", "ab", "--due", "31.01.2030"], "--due must be a calendar day as YYYY-MM-DD"],
    ];
    for (const [argv, message] of cases) {
      const result = await doable(...argv);
      expect(result.code, argv.join(" ")).toBe(EXIT.failure);
      expect(result.stderr, argv.join(" ")).toContain(message);
    }
  });

  it("checks --remind before asking the server: what it reads, and that an offset has a due date", async () => {
    const cases: Array<[string[], string]> = [
      [
        ["add", "x", "--remind", "15m"],
        "doable add: --remind 15m is a time before the due time, and the task has no due date: give --due YYYY-MM-DD, or a moment like '2026-12-03 09:00'\n",
      ],
      [["add", "--literal", "x tomorrow", "--remind", "at"], "--remind at is a time before the due time"],
      [
        ["add", "x", "--due", "2030-01-31", "--remind", "soon"],
        "--remind must be 'at' or '0' (at the due time)",
      ],
      [
        ["edit", "ab", "--no-due", "--remind", "1h"],
        "doable edit: --remind 1h is a time before the due time",
      ],
      [["edit", "ab", "--remind", "1h", "--no-remind"], "--remind and --no-remind cannot be combined"],
    ];
    for (const [argv, message] of cases) {
      const result = await doable(...argv);
      expect(result.code, argv.join(" ")).toBe(EXIT.failure);
      expect(result.stderr, argv.join(" ")).toContain(message);
      expect(result.stderr, argv.join(" ")).toContain("--help for usage");
    }
  });

  it("without stored credentials: not signed in (exit 2)", async () => {
    for (const argv of [
      ["whoami"],
      ["ls"],
      ["due"],
      ["add", "x"],
      ["add", "x tomorrow", "--remind", "1h"],
      ["sessions"],
      ["export"],
    ]) {
      const result = await doable(...argv);
      expect(result.code).toBe(EXIT.notSignedIn);
      expect(result.stderr).toBe("doable: Not signed in: run doable login\n");
    }
  });

  it("login without a terminal needs --email and --password-stdin", async () => {
    expect((await doable("login")).stderr).toContain("--email is required");
    expect((await doable("login", "--email", "a@example.com")).stderr).toContain("use --password-stdin");
  });

  it("logout when not signed in says so and succeeds", async () => {
    const result = await doable("logout");
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toBe("Not signed in.\n");
  });
});
