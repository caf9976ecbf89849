/**
 * `pnpm bench [--quick] [--output <file>] [--profile <dir>]`: how long and how often to measure,
 * where to write, and whether to profile the app.
 */
import { parseArgs } from "node:util";

export interface BenchOptions {
  quick: boolean;
  rounds: number;
  loadSeconds: number;
  warmupSeconds: number;
  badTokenSamples: number;
  signInSamples: number;
  argon2Samples: number;
  enumerationSamples: number;
  users: number;
  tasksPerUser: number;
  /** Where the report goes; null: printed only (a quick run does not replace the full one). */
  output: string | null;
  /** Where the app writes a V8 CPU profile (`--cpu-prof`) when it stops; null: not profiled. */
  profileDir: string | null;
}

/** Issue 8's data set: every run, quick or not, measures against the same one. */
const USERS = 1000;
const TASKS_PER_USER = 50;

/** A full run takes about 4 minutes on a 2-core machine, including start-up and seeding. */
const FULL = {
  rounds: 3,
  loadSeconds: 6,
  warmupSeconds: 2,
  badTokenSamples: 200,
  signInSamples: 30,
  argon2Samples: 10,
  enumerationSamples: 40,
};

/** A smoke run: every scenario once, briefly. */
const QUICK = {
  rounds: 1,
  loadSeconds: 2,
  warmupSeconds: 1,
  badTokenSamples: 50,
  signInSamples: 10,
  argon2Samples: 5,
  enumerationSamples: 10,
};

export function parseBenchOptions(argv: readonly string[], defaultOutput: string): BenchOptions {
  const { values } = parseArgs({
    // pnpm may pass a lone "--" through before the script's own arguments.
    args: argv.filter((argument) => argument !== "--"),
    options: {
      quick: { type: "boolean", default: false },
      output: { type: "string" },
      profile: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  const quick = values.quick ?? false;
  return {
    quick,
    ...(quick ? QUICK : FULL),
    users: USERS,
    tasksPerUser: TASKS_PER_USER,
    output: values.output ?? (quick ? null : defaultOutput),
    profileDir: values.profile ?? null,
  };
}
