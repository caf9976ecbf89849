/**
 * docs/performance.md: everything above the marker line is the generated report of the last full
 * run; everything below it is written by hand (what the profile showed) and kept as it is.
 */
import type { Environment } from "./environment";
import type { Measurement } from "./measurement";
import type { BenchOptions } from "./options";
import { SCENARIO_IDS, SCENARIOS, SERVER_LABELS, SERVER_NAMES } from "./scenario";
import { type Column, formatNumber, markdownTable } from "./table";
import type { Ratio, Results, TargetCheck } from "./targets";

export const HAND_WRITTEN_MARKER =
  "<!-- hand-written below: `pnpm bench` rewrites everything above this line and keeps everything after it -->";
/** Found by its start, so rewording the rest of the marker does not lose the hand-written part. */
const MARKER_START = "<!-- hand-written below";

/** The options a report states, and the pool size both servers ran with. */
export type RunSettings = Pick<
  BenchOptions,
  | "quick"
  | "rounds"
  | "loadSeconds"
  | "warmupSeconds"
  | "badTokenSamples"
  | "signInSamples"
  | "users"
  | "tasksPerUser"
> & { poolMax: number };

export interface EnumerationCheck {
  samples: number;
  knownEmailMs: number;
  unknownEmailMs: number;
  /** |known - unknown| / max(known, unknown) */
  difference: number;
  pass: boolean;
}

export interface BenchReport {
  environment: Environment;
  /** 1-minute load average when the measuring was done: with the one at start, how busy the machine was. */
  loadAverageAtEnd: number;
  settings: RunSettings;
  results: Results;
  argon2VerifyMs: number;
  ratios: Ratio[];
  targets: TargetCheck[];
  enumeration: EnumerationCheck;
  /** "Forgot password", known vs. unknown email (absent in reports written before it existed). */
  resetEnumeration?: EnumerationCheck;
}

const MS_DIGITS = 1;
const CPU_DIGITS = 2;
const RATIO_DIGITS = 2;
const PERCENT = 100;
export const ENUMERATION_MAX_DIFFERENCE = 0.1;

const RESULT_COLUMNS: Column[] = [
  { title: "request", align: "left" },
  { title: "server", align: "left" },
  { title: "req/s", align: "right" },
  { title: "p50 ms", align: "right" },
  { title: "p95 ms", align: "right" },
  { title: "p99 ms", align: "right" },
  { title: "CPU ms/req", align: "right" },
  { title: "responses", align: "right" },
  { title: "unexpected", align: "right" },
];

function resultRow(label: string, server: string, measurement: Measurement): string[] {
  return [
    label,
    server,
    formatNumber(measurement.requestsPerSecond, 0),
    formatNumber(measurement.p50Ms, MS_DIGITS),
    formatNumber(measurement.p95Ms, MS_DIGITS),
    formatNumber(measurement.p99Ms, MS_DIGITS),
    formatNumber(measurement.cpuMsPerRequest, CPU_DIGITS),
    formatNumber(measurement.completed, 0),
    formatNumber(measurement.unexpected, 0),
  ];
}

export function resultsTable(results: Results): string {
  const rows = SCENARIO_IDS.flatMap((id) =>
    SERVER_NAMES.map((server) => resultRow(SCENARIOS[id].label, SERVER_LABELS[server], results[id][server])),
  );
  return markdownTable(RESULT_COLUMNS, rows);
}

export function ratiosTable(ratios: readonly Ratio[]): string {
  return markdownTable(
    [
      { title: "ratio", align: "left" },
      { title: "value", align: "right" },
    ],
    ratios.map((ratio) => [ratio.label, `${formatNumber(ratio.value, RATIO_DIGITS)}x`]),
  );
}

export function targetsTable(targets: readonly TargetCheck[]): string {
  return markdownTable(
    [
      { title: "target (issue 8)", align: "left" },
      { title: "measured", align: "right" },
      { title: "result", align: "left" },
    ],
    targets.map((target) => [target.target, target.measured, target.pass ? "pass" : "FAIL"]),
  );
}

export function enumerationText(check: EnumerationCheck): string {
  const within = ENUMERATION_MAX_DIFFERENCE * PERCENT;
  return [
    `Sign-in with a wrong password for a real account: median ${formatNumber(check.knownEmailMs, MS_DIGITS)} ms;`,
    `with an unknown email: median ${formatNumber(check.unknownEmailMs, MS_DIGITS)} ms (${check.samples} each, alternating).`,
    `Difference ${formatNumber(check.difference * PERCENT, 1)}% (goal: within ${within}%): ${check.pass ? "pass" : "FAIL"}.`,
  ].join(" ");
}

/** The reset check, reported as the ratio of the two medians (1.00: the same time). */
export function resetEnumerationText(check: EnumerationCheck): string {
  const within = ENUMERATION_MAX_DIFFERENCE * PERCENT;
  return [
    `"Forgot password" for a real account: median ${formatNumber(check.knownEmailMs, MS_DIGITS)} ms;`,
    `for an unknown email: median ${formatNumber(check.unknownEmailMs, MS_DIGITS)} ms (${check.samples} each, alternating).`,
    `Ratio known / unknown ${formatNumber(check.knownEmailMs / check.unknownEmailMs, RATIO_DIGITS)}`,
    `(goal: within ${within}%, difference ${formatNumber(check.difference * PERCENT, 1)}%): ${check.pass ? "pass" : "FAIL"}.`,
  ].join(" ");
}

function environmentTable(environment: Environment, loadAverageAtEnd: number): string {
  return markdownTable(
    [
      { title: "", align: "left" },
      { title: "", align: "left" },
    ],
    [
      ["CPU", `${environment.cpuModel}, ${environment.cores} cores`],
      ["Node.js", environment.node],
      ["PostgreSQL", environment.postgres],
      ["kernel", environment.kernel],
      [
        "load average (1 min), start / end",
        `${formatNumber(environment.loadAverage, 2)} / ${formatNumber(loadAverageAtEnd, 2)}`,
      ],
      ["date", environment.date],
    ],
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function methodText(settings: RunSettings): string {
  const users = formatNumber(settings.users, 0);
  return [
    `- ${users} users x ${settings.tasksPerUser} tasks, one bearer session each. The list rotates over every user's token, each user from its own client address (\`X-Forwarded-For\`; the server trusts one proxy hop). A bad token is well-formed but unknown. Each sign-in uses another account, with its right password.`,
    `- Load rows: autocannon for ${settings.loadSeconds} s per run, after a ${settings.warmupSeconds} s warm-up of every load scenario on both servers; ${plural(settings.rounds, "round")}, interleaved: each scenario runs on Doable and on the bare server back to back, the order alternating between rounds. Each figure is the median over the rounds.`,
    `- Sequential rows: ${settings.badTokenSamples} bad-token requests and ${settings.signInSamples} sign-ins per round, one at a time over one kept-alive connection, with no other request in flight. One argon2 verification is timed in the bench process each round, just before the sequential sign-ins.`,
    "- CPU ms/req: user + system time of the server's whole process tree (from `/proc`), from the start of a run until the server is idle again, divided by the requests it was sent (the responses, plus those cut off when a load run stops). PostgreSQL's own CPU is not in it. The load generator shares the machine's cores, and so does whatever else runs on the machine (see the load average): req/s and latencies move with that, CPU per request much less.",
    `- Both servers use a pool of ${settings.poolMax} PostgreSQL connections (\`DATABASE_POOL_MAX\`). The bare server checks the session and lists the tasks with the SQL Drizzle emits for the app, and answers with the same superjson body; the run checks that both answer alike before timing anything.`,
  ].join("\n");
}

export function renderPerformanceDoc(report: BenchReport): string {
  const kind = report.settings.quick
    ? "This was a quick smoke run (`--quick`): one short round, not for comparison."
    : "This was a full run.";
  return [
    "# Performance",
    "",
    "Written by `pnpm bench` (apps/web/scripts/bench.ts): the production server on PostgreSQL and, in the same run, a bare `node:http` + postgres.js server (apps/web/scripts/bench-baseline.ts) doing the same session check, query and response. Numbers are reported, never asserted.",
    kind,
    "",
    "## Environment",
    "",
    environmentTable(report.environment, report.loadAverageAtEnd),
    "",
    "## How it was measured",
    "",
    methodText(report.settings),
    "",
    "## Results",
    "",
    resultsTable(report.results),
    "",
    `One argon2 verification, in-process: ${formatNumber(report.argon2VerifyMs, MS_DIGITS)} ms (median).`,
    "",
    "## Ratios",
    "",
    ratiosTable(report.ratios),
    "",
    "## Targets",
    "",
    targetsTable(report.targets),
    "",
    "## Sign-in enumeration check",
    "",
    enumerationText(report.enumeration),
    "",
    ...(report.resetEnumeration
      ? ["## Password-reset enumeration check", "", resetEnumerationText(report.resetEnumeration), ""]
      : []),
  ].join("\n");
}

/** The generated report, the marker, and whatever followed the marker in `existing` (if anything). */
export function keepHandWritten(generated: string, existing: string | null): string {
  const markerAt = existing?.indexOf(MARKER_START) ?? -1;
  let handWritten = "";
  if (existing !== null && markerAt !== -1) {
    const lineEnd = existing.indexOf("\n", markerAt);
    handWritten = lineEnd === -1 ? "" : existing.slice(lineEnd + 1);
  }
  return `${generated.trimEnd()}\n\n${HAND_WRITTEN_MARKER}\n${handWritten}`;
}
