/**
 * `pnpm --filter @doable/web bench:ab [--rounds N] [--seconds S] [--only list,signInSequential] [--mail both] <bundle>...`:
 * side-by-side A/B of server builds (saved copies of dist/server.js, e.g. one per commit) and the
 * bare baseline, on one seeded database, interleaved and alternating, for the scenarios of
 * `pnpm bench`; prints each run and the medians. The servers have no mail configured, unlike
 * `pnpm bench`'s; `--mail both` starts each build twice, without and with an SMTP server (in a
 * process of its own, so its work does not slow the client), to see what sending mail costs. For working on performance, not for the report
 * (that is `pnpm bench`). Each bundle is copied to dist/server.js to start (it finds .next from
 * there); the original dist/server.js is put back at the end.
 */
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { serverEnv } from "@doable/env";
import { createTestServerDatabase } from "@doable/db/testing";
import { startProductionServer } from "@doable/test-support/production-server";
import { timeArgon2Verify } from "./bench/argon2-timing";
import { startBaseline } from "./bench/baseline-process";
import { waitUntilIdle } from "./bench/idle";
import { type LoadTarget, runLoad } from "./bench/load";
import { combineRounds, type Measurement, measure } from "./bench/measurement";
import { DEFAULT_TEST_DATABASE_URL, serverDatabaseUrl } from "./bench/postgres-server";
import { requestSources } from "./bench/requests";
import { SCENARIOS, type ScenarioId } from "./bench/scenario";
import { seedBenchData } from "./bench/seed";
import { BENCH_MAIL_FROM, type SmtpServerProcess, startSmtpServerProcess } from "./bench/smtp-process";
import { runSequential } from "./bench/sequential";
import { median } from "./bench/stats";

const BUNDLE = fileURLToPath(new URL("../dist/server.js", import.meta.url));
const { values, positionals } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "5" },
    only: { type: "string", default: "list,signInSequential" },
    mail: { type: "string", default: "none" },
  },
  allowPositionals: true,
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const ids = (values.only ?? "").split(",") as ScenarioId[];
process.env.TEST_DATABASE_URL ||= DEFAULT_TEST_DATABASE_URL;

if (values.mail !== "none" && values.mail !== "both") throw new Error("--mail is none or both");
const mailSettings = values.mail === "both" ? [false, true] : [false];

const originalBundle = await readFile(BUNDLE);
const database = await createTestServerDatabase();
const targets: { name: string; target: LoadTarget; stop: () => Promise<void> }[] = [];
let smtp: SmtpServerProcess | null = null;
try {
  if (values.mail === "both") smtp = await startSmtpServerProcess();
  for (const bundle of positionals) {
    await copyFile(bundle, BUNDLE);
    for (const withMail of mailSettings) {
      const env: Record<string, string> =
        withMail && smtp ? { SMTP_URL: smtp.url, MAIL_FROM: BENCH_MAIL_FROM } : {};
      const app = await startProductionServer(env, { database });
      const name = withMail ? `${bundle} with mail` : bundle;
      targets.push({ name, target: { baseUrl: app.baseUrl, pid: app.pid }, stop: app.stop });
    }
  }
  const first = targets[0];
  if (!first) throw new Error("no bundle given");
  const databaseUrl = serverDatabaseUrl(first.target.pid);
  const seed = await seedBenchData(databaseUrl, { users: 1000, tasksPerUser: 50 });
  const bare = await startBaseline({ databaseUrl, poolMax: serverEnv().databasePoolMax });
  targets.push({ name: "bare", target: bare, stop: bare.stop });
  const sources = requestSources(seed);
  const run = async (id: ScenarioId, target: LoadTarget, secs: number) => {
    const scenario = SCENARIOS[id];
    await waitUntilIdle(targets.map((t) => t.target.pid));
    if (scenario.kind === "load")
      return runLoad(target, sources[id], {
        connections: scenario.connections,
        seconds: secs,
        expectedStatus: scenario.expectedStatus,
      });
    return runSequential(target, sources[id], {
      samples: id === "badTokenSequential" ? 100 : 30,
      expectedStatus: scenario.expectedStatus,
    });
  };
  for (const id of ids) for (const t of targets) await run(id, t.target, 1);
  const results = new Map<string, Measurement[]>();
  const argon2: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const id of ids) {
      if (id.startsWith("signIn"))
        argon2.push(...(await timeArgon2Verify(seed.passwordHash, seed.password, 5)));
      for (const t of order) {
        const m = measure(await run(id, t.target, seconds));
        const key = `${id} ${t.name}`;
        results.set(key, [...(results.get(key) ?? []), m]);
        console.log(
          `r${round} ${key}: ${m.requestsPerSecond.toFixed(0)} req/s p50 ${m.p50Ms.toFixed(1)} p99 ${m.p99Ms.toFixed(1)} CPU ${m.cpuMsPerRequest.toFixed(2)} unexpected ${m.unexpected}`,
        );
      }
    }
  }
  console.log("\nmedians:");
  for (const [key, ms] of results) {
    const m = combineRounds(ms);
    console.log(
      `${key.padEnd(60)} ${m.requestsPerSecond.toFixed(0).padStart(6)} req/s p50 ${m.p50Ms.toFixed(1).padStart(6)} p99 ${m.p99Ms.toFixed(1).padStart(6)} CPU ${m.cpuMsPerRequest.toFixed(2)} ms/req`,
    );
  }
  if (argon2.length > 0) console.log(`argon2 verify median ${median(argon2).toFixed(1)} ms`);
} finally {
  for (const t of targets.reverse()) await t.stop().catch(() => {});
  smtp?.stop();
  await database.cleanup();
  await writeFile(BUNDLE, originalBundle);
}
