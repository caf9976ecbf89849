/**
 * `pnpm bench` (issue 8, item 6): the production server on PostgreSQL against a bare `node:http` +
 * postgres.js baseline doing the same work (scripts/bench-baseline.ts), in one run, on 1,000 users
 * x 50 tasks. Interleaved rounds of autocannon and sequential requests, medians, server CPU per
 * request; then the sign-in and password-reset enumeration checks. Prints the report and writes docs/performance.md
 * (keeping its hand-written part). Numbers are reported, never asserted.
 *
 *   pnpm bench            full run (about 4 minutes); needs `pnpm --filter @doable/web build` first
 *   pnpm bench --quick    one short round, printed only (--output <file> to write it somewhere)
 *   pnpm bench --profile <dir>   also a V8 CPU profile of the app, written to <dir> when it stops
 *
 * PostgreSQL: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), a server where
 * the user may create databases; the run gets a fresh one and drops it afterwards.
 */
import { readFile, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { serverEnv } from "@doable/env";
import { startProductionServer } from "@doable/test-support/production-server";
import { timeArgon2Verify } from "./bench/argon2-timing";
import { startBaseline } from "./bench/baseline-process";
import { checkEnumeration, checkResetEnumeration } from "./bench/enumeration";
import { describeEnvironment } from "./bench/environment";
import { waitUntilIdle } from "./bench/idle";
import { type LoadTarget, runLoad } from "./bench/load";
import { combineRounds, type Measurement, measure, type RawRun } from "./bench/measurement";
import { type BenchOptions, parseBenchOptions } from "./bench/options";
import {
  type BenchReport,
  keepHandWritten,
  type RunSettings,
  renderPerformanceDoc,
} from "./bench/performance-doc";
import {
  BenchSetupError,
  DEFAULT_TEST_DATABASE_URL,
  requirePostgres,
  serverDatabaseUrl,
} from "./bench/postgres-server";
import { canReadProcessCpu } from "./bench/process-cpu";
import { type RequestSource, requestSources } from "./bench/requests";
import { requireSameAnswers } from "./bench/same-answers";
import { SCENARIO_IDS, SCENARIOS, type ScenarioId, SERVER_NAMES, type ServerName } from "./bench/scenario";
import { type Seed, seedBenchData } from "./bench/seed";
import { BENCH_MAIL_FROM, startSmtpServerProcess } from "./bench/smtp-process";
import { runSequential } from "./bench/sequential";
import { median } from "./bench/stats";
import { checkTargets, type Results, ratios } from "./bench/targets";

const DOC_PATH = fileURLToPath(new URL("../../../docs/performance.md", import.meta.url));
const INTERRUPTED_EXIT_CODE = 130;

type Servers = Record<ServerName, LoadTarget>;
type Sources = Record<ScenarioId, RequestSource>;

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

async function runScenario(
  id: ScenarioId,
  target: LoadTarget,
  source: RequestSource,
  options: BenchOptions,
): Promise<RawRun> {
  const scenario = SCENARIOS[id];
  if (scenario.kind === "load") {
    return runLoad(target, source, {
      connections: scenario.connections,
      seconds: options.loadSeconds,
      expectedStatus: scenario.expectedStatus,
    });
  }
  const samples = id === "badTokenSequential" ? options.badTokenSamples : options.signInSamples;
  return runSequential(target, source, { samples, expectedStatus: scenario.expectedStatus });
}

/** Every load scenario briefly on both servers: JIT, pools and caches warm before anything counts. */
async function warmUp(servers: Servers, sources: Sources, options: BenchOptions): Promise<void> {
  for (const id of SCENARIO_IDS.filter((scenario) => SCENARIOS[scenario].kind === "load")) {
    for (const server of SERVER_NAMES) {
      const { connections, expectedStatus } = SCENARIOS[id];
      await runLoad(servers[server], sources[id], {
        connections,
        seconds: options.warmupSeconds,
        expectedStatus,
      });
    }
  }
}

function describeRun(id: ScenarioId, server: ServerName, measurement: Measurement): string {
  const figures = [
    `${measurement.requestsPerSecond.toFixed(0)} req/s`,
    `p50 ${measurement.p50Ms.toFixed(1)} ms`,
    `p99 ${measurement.p99Ms.toFixed(1)} ms`,
    `CPU ${measurement.cpuMsPerRequest.toFixed(2)} ms/req`,
  ];
  const problem = measurement.unexpected > 0 ? `, ${measurement.unexpected} UNEXPECTED responses/errors` : "";
  return `  ${id} on ${server}: ${figures.join(", ")}${problem}`;
}

/**
 * The rounds: each scenario on both servers back to back, the order alternating between rounds so
 * neither always gets the warmer or the quieter slot. One argon2 verification is timed each round
 * just before the sequential sign-ins, under the same conditions.
 */
async function runRounds(
  servers: Servers,
  sources: Sources,
  seed: Seed,
  options: BenchOptions,
): Promise<{ results: Results; argon2VerifyMs: number }> {
  const measured = Object.fromEntries(
    SCENARIO_IDS.map((id) => [id, { app: [] as Measurement[], bare: [] as Measurement[] }]),
  ) as Record<ScenarioId, Record<ServerName, Measurement[]>>;
  const argon2Times: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    log(`round ${round + 1} of ${options.rounds}`);
    const order: ServerName[] = round % 2 === 0 ? ["app", "bare"] : ["bare", "app"];
    for (const id of SCENARIO_IDS) {
      if (id === "signInSequential") {
        argon2Times.push(
          ...(await timeArgon2Verify(seed.passwordHash, seed.password, options.argon2Samples)),
        );
      }
      for (const server of order) {
        // Both quiet first: the previous run's stragglers must not land in this one.
        await waitUntilIdle([servers.app.pid, servers.bare.pid]);
        const measurement = measure(await runScenario(id, servers[server], sources[id], options));
        measured[id][server].push(measurement);
        log(describeRun(id, server, measurement));
      }
    }
  }
  const results = Object.fromEntries(
    SCENARIO_IDS.map((id) => [
      id,
      { app: combineRounds(measured[id].app), bare: combineRounds(measured[id].bare) },
    ]),
  ) as Results;
  return { results, argon2VerifyMs: median(argon2Times) };
}

const CPU_PROFILE_PRELOAD = fileURLToPath(new URL("./bench/cpu-profile.mjs", import.meta.url));

/**
 * The app profiled by V8 (bench/cpu-profile.mjs, preloaded), written when the server exits: open
 * the .cpuprofile in Chrome DevTools (Performance) or VS Code. With a launcher such as tsx, each
 * Node process writes its own file; the largest is the server.
 */
function profileEnv(profileDir: string | null): Record<string, string> {
  if (profileDir === null) return {};
  const nodeOptions = [process.env.NODE_OPTIONS ?? "", `--import=${pathToFileURL(CPU_PROFILE_PRELOAD).href}`];
  return { NODE_OPTIONS: nodeOptions.join(" ").trim(), DOABLE_CPU_PROFILE_DIR: resolve(profileDir) };
}

function runSettings(options: BenchOptions, poolMax: number): RunSettings {
  const { quick, rounds, loadSeconds, warmupSeconds, badTokenSamples, signInSamples, users, tasksPerUser } =
    options;
  return {
    quick,
    rounds,
    loadSeconds,
    warmupSeconds,
    badTokenSamples,
    signInSamples,
    users,
    tasksPerUser,
    poolMax,
  };
}

async function writeReport(path: string, generated: string): Promise<void> {
  const existing = await readFile(path, "utf8").catch(() => null);
  await writeFile(path, keepHandWritten(generated, existing));
  log(`wrote ${path}`);
}

type Cleanup = () => Promise<void>;

/** The app on a fresh database, the seed, and the baseline on the same database. */
async function startServers(
  options: BenchOptions,
  poolMax: number,
  cleanups: Cleanup[],
): Promise<{ servers: Servers; seed: Seed }> {
  // Mail goes to an SMTP server: "forgot password" must really queue a message, and a sign-in
  // from a new device really sends its notice.
  const smtp = await startSmtpServerProcess();
  cleanups.push(async () => smtp.stop());
  log("starting the production server (PostgreSQL)...");
  const app = await startProductionServer({
    ...profileEnv(options.profileDir),
    SMTP_URL: smtp.url,
    MAIL_FROM: BENCH_MAIL_FROM,
  });
  cleanups.push(() => app.stop());
  const databaseUrl = serverDatabaseUrl(app.pid);
  log(`seeding ${options.users} users x ${options.tasksPerUser} tasks...`);
  const seed = await seedBenchData(databaseUrl, { users: options.users, tasksPerUser: options.tasksPerUser });
  log("starting the bare baseline...");
  const bare = await startBaseline({ databaseUrl, poolMax });
  cleanups.push(() => bare.stop());
  return { servers: { app: { baseUrl: app.baseUrl, pid: app.pid }, bare }, seed };
}

/** Everything measured, in order: same answers, warm-up, the rounds, the enumeration check. */
async function measureAll(
  servers: Servers,
  seed: Seed,
  options: BenchOptions,
): Promise<Pick<BenchReport, "results" | "argon2VerifyMs" | "enumeration" | "resetEnumeration">> {
  await requireSameAnswers(servers.app, servers.bare, seed);
  const sources = requestSources(seed);
  log(`warm-up, ${options.warmupSeconds} s per scenario and server...`);
  await warmUp(servers, sources, options);
  const { results, argon2VerifyMs } = await runRounds(servers, sources, seed, options);
  log("sign-in enumeration check...");
  const enumerationAccounts = seed.users.slice(-options.enumerationSamples).map((user) => user.email);
  const enumeration = await checkEnumeration(servers.app.baseUrl, enumerationAccounts);
  log("password-reset enumeration check...");
  const resetAccounts = seed.users.slice(0, options.enumerationSamples).map((user) => user.email);
  const resetEnumeration = await checkResetEnumeration(servers.app.baseUrl, resetAccounts);
  return { results, argon2VerifyMs, enumeration, resetEnumeration };
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), DOC_PATH);
  if (!canReadProcessCpu(process.pid)) {
    throw new BenchSetupError("pnpm bench reads server CPU time from /proc: run it on Linux");
  }
  // The production server helper makes its fresh database on the TEST_DATABASE_URL server.
  process.env.TEST_DATABASE_URL ||= DEFAULT_TEST_DATABASE_URL;
  const environment = describeEnvironment(await requirePostgres(process.env.TEST_DATABASE_URL), new Date());
  const poolMax = serverEnv().databasePoolMax;

  const cleanups: Cleanup[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse())
      await cleanup().catch((error) => console.error(error));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // The production server runs in its own process group: without this, Ctrl-C would leave it running.
    process.once(signal, () => void cleanUp().finally(() => process.exit(INTERRUPTED_EXIT_CODE)));
  }

  try {
    const { servers, seed } = await startServers(options, poolMax, cleanups);
    const measured = await measureAll(servers, seed, options);
    const report: BenchReport = {
      ...measured,
      environment,
      loadAverageAtEnd: loadavg()[0] ?? 0,
      settings: runSettings(options, poolMax),
      ratios: ratios(measured.results, measured.argon2VerifyMs),
      targets: checkTargets(measured.results, measured.argon2VerifyMs),
    };
    const generated = renderPerformanceDoc(report);
    console.log(`\n${generated}`);
    if (options.output !== null) await writeReport(options.output, generated);
    else log("quick run: docs/performance.md left as it is (--output <file> writes the report)");
  } finally {
    await cleanUp();
  }
  if (options.profileDir !== null) log(`the app's CPU profile is in ${resolve(options.profileDir)}`);
}

try {
  await main();
} catch (error) {
  // A setup problem is told in its own words; anything else keeps its stack for whoever debugs it.
  console.error(error instanceof BenchSetupError ? `[bench] ${error.message}` : error);
  process.exitCode = 1;
}
