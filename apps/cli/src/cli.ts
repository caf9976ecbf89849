import { apiErrorToCliError } from "./api-errors";
import { commandHelp, parseCommandArgs } from "./args";
import { CLI_VERSION } from "./client";
import type { Command } from "./command";
import { account } from "./commands/account";
import { due } from "./commands/due";
import { login, logout, whoami } from "./commands/auth";
import { projects } from "./commands/projects";
import { sessions } from "./commands/sessions";
import { add, done, edit, ls, move, rm, undo } from "./commands/tasks";
import { exportCommand, importCommand } from "./commands/transfer";
import { purge, restore, trash } from "./commands/trash";
import { createContext } from "./context";
import { CliError, EXIT, type ExitCode, UsageError } from "./exit-codes";
import { type Io, writeLine } from "./io";

export const COMMANDS: readonly Command[] = [
  login,
  logout,
  whoami,
  account,
  add,
  ls,
  due,
  done,
  undo,
  edit,
  move,
  rm,
  projects,
  trash,
  restore,
  purge,
  sessions,
  exportCommand,
  importCommand,
];

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.spec.name === name);
}

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.spec.name.length));
  const lines = COMMANDS.map(
    (command) =>
      `  ${command.spec.name.padEnd(width)}  ${command.spec.summary.split(". ")[0]?.replace(/\.$/, "")}`,
  );
  return [
    "Usage: doable <command> [options]",
    "",
    "Doable from the command line: your tasks on a Doable server.",
    "",
    "Commands:",
    ...lines,
    "",
    "Run doable <command> --help for a command's options. Task ids may be shortened to any unique start.",
    "",
    "Options:",
    "  -h, --help     Show this help",
    "  -v, --version  Show the version",
    "",
    "Environment:",
    "  DOABLE_SERVER    server for doable login (default http://localhost:3000)",
    "  XDG_CONFIG_HOME  where credentials.json is kept (default ~/.config), in doable/",
    "",
    "Exit codes:",
    "  0  success",
    "  1  bad input or usage, not found, other errors",
    "  2  not signed in, or the session ended: run doable login",
    "  3  server unreachable or temporarily unavailable: try again",
    "  4  too many attempts: try again after the time given",
    "",
  ].join("\n");
}

/** Runs one command line (without "node doable.js") and returns the exit code; never throws. */
export async function run(argv: readonly string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(mainHelp());
    return EXIT.failure;
  }
  if (name === "--help" || name === "-h") {
    io.stdout.write(mainHelp());
    return EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    writeLine(io.stdout, CLI_VERSION);
    return EXIT.ok;
  }
  if (name === "help") {
    const topic = rest[0] === undefined ? undefined : findCommand(rest[0]);
    io.stdout.write(topic ? commandHelp(topic.spec) : mainHelp());
    return rest[0] === undefined || topic ? EXIT.ok : EXIT.failure;
  }

  const command = findCommand(name);
  if (!command) {
    writeLine(io.stderr, `doable: unknown command '${name}'. Run doable --help for the list.`);
    return EXIT.failure;
  }

  const context = createContext(io);
  try {
    const args = parseCommandArgs(command.spec, [...rest]);
    if (args.help) {
      io.stdout.write(commandHelp(command.spec));
      return EXIT.ok;
    }
    await command.run(context, args);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      writeLine(io.stderr, `doable ${command.spec.name}: ${error.message}`);
      writeLine(io.stderr, `Run doable ${command.spec.name} --help for usage.`);
      return error.exitCode;
    }
    const cliError = error instanceof CliError ? error : apiErrorToCliError(error, context.errors);
    if (cliError) {
      writeLine(io.stderr, `doable: ${cliError.message}`);
      return cliError.exitCode;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    writeLine(io.stderr, `doable: unexpected error: ${detail}`);
    return EXIT.failure;
  }
}
