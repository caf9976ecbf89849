/**
 * Runs Lighthouse on /signin and /dashboard (signed in, with tasks) against the production build
 * and writes the scores to docs/quality.md. Not part of CI: it is slow and its performance score
 * moves with the machine's load. Run after `next build`: `pnpm --filter @doable/web lighthouse`.
 *
 * Each page is measured LIGHTHOUSE_RUNS times (default 3) per form factor and the run with the
 * median performance score is reported, as Lighthouse's own guidance on variability suggests.
 * Every score is written beside the benchmark index Lighthouse measured for that run: scores from
 * machines of different speed are not comparable (issue 13). `/`, a page with no client code of
 * ours, is measured on mobile as the framework's floor.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { addCalendarDays, calendarDateInZone, SECOND_MS } from "@doable/domain";
import { cookiePair, rawClient } from "@doable/test-support/http-client";
import { startProductionServer } from "@doable/test-support/production-server";
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../e2e/browser";

const run = promisify(execFile);

const WEB_APP_DIR = fileURLToPath(new URL("..", import.meta.url));
const LIGHTHOUSE_BIN = join(WEB_APP_DIR, "node_modules", ".bin", "lighthouse");
const OUTPUT_FILE = fileURLToPath(new URL("../../../docs/quality.md", import.meta.url));
// Lighthouse finds Chrome through CHROME_PATH; the browser tests' Chromium and flags are the defaults.
const CHROME_PATH = process.env.CHROME_PATH ?? CHROMIUM_PATH;
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3));
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const GOALS: Record<Category, number> = { performance: 90, accessibility: 100, "best-practices": 95, seo: 0 };
const CATEGORY_TITLES: Record<Category, string> = {
  performance: "Performance",
  accessibility: "Accessibility",
  "best-practices": "Best practices",
  seo: "SEO",
};
const METRICS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
] as const;
/** Hand-written notes below this heading survive a re-run. */
const NOTES_HEADING = "## Notes";

type Category = (typeof CATEGORIES)[number];
type FormFactor = "mobile" | "desktop";

interface Audit {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  displayValue?: string;
  details?: { type?: string; overallSavingsMs?: number };
}

interface LighthouseResult {
  lighthouseVersion: string;
  finalDisplayedUrl: string;
  environment: { hostUserAgent: string; benchmarkIndex: number };
  runWarnings: string[];
  categories: Record<Category, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>;
  audits: Record<string, Audit>;
}

interface Measurement {
  page: string;
  formFactor: FormFactor;
  result: LighthouseResult;
  performanceRuns: number[];
  benchmarkIndexes: number[];
}

/** The first task of the list as createUserWithTasks makes it: the newest, shown first. */
const FIRST_ROW_TITLE = "Errand number 15";

function score(result: LighthouseResult, category: Category): number {
  return Math.round((result.categories[category].score ?? 0) * 100);
}

const PROFILE_COOKIE_LIFETIME_SECONDS = 60 * 60;

/**
 * Signs a Chromium profile in, as a person's browser is: the session cookie in its cookie jar.
 * An extra `Cookie` header (Lighthouse's --extra-headers) is not sent on the dashboard's live
 * stream, which then reports the session ended and the page leaves for /signin.
 */
async function storeCookie(profile: string, url: string, cookie: string): Promise<void> {
  const [name = "", value = ""] = cookie.split("=", 2);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROME_PATH,
    args: CHROMIUM_FLAGS,
  });
  // With an expiry, so the profile keeps it on disk (a session cookie ends with this browser).
  const expires = Math.floor(Date.now() / SECOND_MS) + PROFILE_COOKIE_LIFETIME_SECONDS;
  await context.addCookies([
    { name, value, url: new URL("/", url).toString(), httpOnly: true, sameSite: "Lax", expires },
  ]);
  await context.close();
}

/** Lighthouse's own advice for a trace it failed to record ("Please run Lighthouse again"). */
const TRANSIENT_FAILURE = /NO_NAVSTART|NO_FCP|Please run Lighthouse again/;
const ATTEMPTS = 3;

async function runLighthouse(args: string[], dir: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await run(LIGHTHOUSE_BIN, args, {
        env: { ...process.env, CHROME_PATH, TMPDIR: dir },
        maxBuffer: 64 * 1024 * 1024,
      });
      return;
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? "");
      if (attempt >= ATTEMPTS || !TRANSIENT_FAILURE.test(stderr)) throw error;
      console.warn(`Lighthouse failed to record the trace (attempt ${attempt}); running it again`);
    }
  }
}

async function lighthouse(
  url: string,
  formFactor: FormFactor,
  cookie: string | null,
): Promise<LighthouseResult> {
  const dir = await mkdtemp(join(tmpdir(), "doable-lighthouse-"));
  const output = join(dir, "report.json");
  const profile = join(dir, "profile");
  try {
    if (cookie) await storeCookie(profile, url, cookie);
    const args = [
      url,
      "--quiet",
      "--output=json",
      `--output-path=${output}`,
      `--only-categories=${CATEGORIES.join(",")}`,
      `--chrome-flags=${[...CHROMIUM_FLAGS, ...(cookie ? [`--user-data-dir=${profile}`] : [])].join(" ")}`,
      ...(formFactor === "desktop" ? ["--preset=desktop"] : []),
      // Keeps the profile's cookie: Lighthouse would otherwise clear the origin's storage first.
      ...(cookie ? ["--disable-storage-reset"] : []),
    ];
    await runLighthouse(args, dir);
    return JSON.parse(await readFile(output, "utf8")) as LighthouseResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function measure(
  baseUrl: string,
  page: string,
  formFactor: FormFactor,
  cookie: string | null,
): Promise<Measurement> {
  const results: LighthouseResult[] = [];
  for (let index = 0; index < RUNS; index++) {
    const result = await lighthouse(`${baseUrl}${page}`, formFactor, cookie);
    // A redirect to /signin would measure the wrong page: the cookie must have been honoured.
    if (new URL(result.finalDisplayedUrl).pathname !== page) {
      throw new Error(`${page} ended on ${result.finalDisplayedUrl}`);
    }
    console.log(
      `${page} ${formFactor} run ${index + 1}/${RUNS}: ${CATEGORIES.map((c) => `${c} ${score(result, c)}`).join(", ")}`,
    );
    results.push(result);
  }
  const sorted = [...results].sort((a, b) => score(a, "performance") - score(b, "performance"));
  const median = sorted[Math.floor(sorted.length / 2)] as LighthouseResult;
  return {
    page,
    formFactor,
    result: median,
    performanceRuns: results.map((r) => score(r, "performance")),
    benchmarkIndexes: results.map((r) => Math.round(r.environment.benchmarkIndex)),
  };
}

/** A user with a realistic list, so /dashboard is measured with tasks on its first paint. */
async function createUserWithTasks(baseUrl: string): Promise<string> {
  const client = rawClient(baseUrl);
  const signUp = await client.mutation("auth.signUp", {
    email: "lighthouse@example.com",
    password: "lighthouse-password",
    name: "Ada Lovelace",
  });
  if (signUp.status !== 200) throw new Error(`sign-up failed: ${signUp.status} ${signUp.text}`);
  const cookie = cookiePair(signUp.headers.get("set-cookie") ?? "");
  // Days on the account's calendar: it signed up without a zone, so UTC's.
  const today = calendarDateInZone(new Date(), "UTC");
  const tasks = [
    { title: "Renew passport", priority: "high", dueDate: addCalendarDays(today, -2), tags: ["admin"] },
    {
      title: "Book dentist appointment",
      dueDate: addCalendarDays(today, 1),
      dueTime: "10:30",
      tags: ["health"],
    },
    { title: "Plan the team offsite", priority: "high", dueDate: addCalendarDays(today, 9) },
    { title: "Buy birthday present for Sam", tags: ["home"] },
    { title: "Read chapter 4 of the analytical engine notes", priority: "low" },
    ...Array.from({ length: 15 }, (_, index) => ({ title: `Errand number ${index + 1}`, tags: ["errands"] })),
  ];
  for (const task of tasks) {
    const response = await client.mutation("task.create", task, { cookie, origin: baseUrl });
    if (response.status !== 200) throw new Error(`task.create failed: ${response.status} ${response.text}`);
  }
  return cookie;
}

/** The audits that cost a category points: scored below 1 with a weight in that category. */
function failingAudits(result: LighthouseResult, category: Category): Audit[] {
  return result.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => result.audits[ref.id])
    .filter((audit): audit is Audit => !!audit && audit.score !== null && audit.score < 1)
    .filter((audit) => audit.scoreDisplayMode === "binary" || audit.scoreDisplayMode === "numeric");
}

/** Performance opportunities and diagnostics Lighthouse flags (they carry no weight of their own). */
function performanceFindings(result: LighthouseResult): Audit[] {
  const metricIds = new Set<string>(METRICS);
  return Object.values(result.audits)
    .filter((audit) => !metricIds.has(audit.id))
    .filter((audit) => audit.score !== null && audit.score < 0.9)
    .filter((audit) => audit.scoreDisplayMode === "metricSavings" || audit.scoreDisplayMode === "numeric")
    .filter(
      (audit) =>
        audit.details?.type === "opportunity" || audit.details?.type === "table" || audit.displayValue,
    )
    .slice(0, 8);
}

function shortfalls(measurement: Measurement): string[] {
  const { result } = measurement;
  const lines: string[] = [];
  for (const category of CATEGORIES) {
    const value = score(result, category);
    if (value >= GOALS[category]) continue;
    lines.push(
      `- **${CATEGORY_TITLES[category]} ${value}** (goal ${GOALS[category] === 100 ? "100" : `>= ${GOALS[category]}`}):`,
    );
    if (category === "performance") {
      const metrics = METRICS.map((id) => result.audits[id])
        .filter((audit): audit is Audit => !!audit)
        .map(
          (audit) =>
            `${audit.title} ${audit.displayValue ?? "?"} (score ${Math.round((audit.score ?? 0) * 100)})`,
        );
      lines.push(`  - metrics: ${metrics.join("; ")}`);
      for (const audit of performanceFindings(result)) {
        lines.push(`  - ${audit.title}${audit.displayValue ? `: ${audit.displayValue}` : ""}`);
      }
    } else {
      for (const audit of failingAudits(result, category)) {
        lines.push(
          `  - \`${audit.id}\`: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ""}`,
        );
      }
    }
  }
  return lines;
}

async function chromiumVersion(): Promise<string> {
  try {
    const { stdout } = await run(CHROME_PATH, ["--version"]);
    return stdout.trim();
  } catch {
    return "Chromium (version unknown)";
  }
}

async function existingNotes(): Promise<string | null> {
  try {
    const text = await readFile(OUTPUT_FILE, "utf8");
    const start = text.indexOf(`\n${NOTES_HEADING}\n`);
    return start === -1 ? null : text.slice(start + 1).trimEnd();
  } catch {
    return null;
  }
}

/** A Markdown table with padded columns (the layout Biome's formatter gives it). */
function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [line(head), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)];
}

async function report(measurements: Measurement[], firstRowInHtml: boolean): Promise<string> {
  const first = measurements[0]?.result;
  const cpu = cpus();
  const machine = [
    `${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores`,
    `${Math.round(totalmem() / 2 ** 30)} GiB RAM`,
    `Node ${process.version}`,
    await chromiumVersion(),
    `Lighthouse ${first?.lighthouseVersion ?? "?"}`,
  ].join(", ");
  const scores = table(
    ["page", "form factor", "performance", "benchmark index", "accessibility", "best practices", "SEO"],
    measurements.map((m) => [
      `\`${m.page}\``,
      m.formFactor,
      `${score(m.result, "performance")} (runs: ${m.performanceRuns.join(", ")})`,
      `${Math.round(m.result.environment.benchmarkIndex)} (runs: ${m.benchmarkIndexes.join(", ")})`,
      String(score(m.result, "accessibility")),
      String(score(m.result, "best-practices")),
      String(score(m.result, "seo")),
    ]),
  );
  const metrics = table(
    ["page", "form factor", "FCP", "LCP", "TBT", "CLS", "Speed Index"],
    measurements.map((m) => [
      `\`${m.page}\``,
      m.formFactor,
      ...METRICS.map((id) => m.result.audits[id]?.displayValue ?? "?"),
    ]),
  );
  const gaps = measurements.flatMap((m) => {
    const lines = shortfalls(m);
    return lines.length > 0 ? [`### \`${m.page}\`, ${m.formFactor}`, "", ...lines, ""] : [];
  });
  const warnings = [...new Set(measurements.flatMap((m) => m.result.runWarnings))];
  const notes = (await existingNotes()) ?? `${NOTES_HEADING}\n\n(none yet)`;
  return [
    "# Quality: Lighthouse",
    "",
    "Written by `pnpm --filter @doable/web lighthouse` (apps/web/scripts/lighthouse.ts) against the",
    "production build (`next build`, then the production server `server.ts` on 127.0.0.1 with a fresh embedded database).",
    "`/dashboard` is measured signed in (the session cookie stored in the browser profile) for a user with",
    "20 tasks, one of them overdue. Mobile is Lighthouse's default (simulated slow 4G and a 4x slower",
    `CPU); desktop is its \`desktop\` preset. Each row is the median of ${RUNS} runs by performance score.`,
    "Not part of CI: the performance score moves with the machine's load.",
    "",
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${machine} (a shared build machine: expect a few points of noise in performance)`,
    "- Benchmark index: Lighthouse's measure of this machine's speed, taken in each run and written",
    "  beside each score (the reported run's, then every run's). Scores are comparable only between",
    "  runs of a similar index; a lower index means a slower machine and lower mobile scores.",
    `- \`/dashboard\`'s first task row is in the server-rendered HTML: ${firstRowInHtml ? "yes" : "**no**"} (checked by this script)`,
    "- `/` is measured on mobile as the framework's floor: a page with no client code of ours.",
    "- Goals: accessibility 100, best practices >= 95, performance >= 90 (on `/signin` and `/dashboard`)",
    "",
    ...scores,
    "",
    "Performance metrics of the reported runs (simulated for mobile):",
    "",
    ...metrics,
    "",
    "## What stands in the way",
    "",
    ...(gaps.length > 0 ? gaps : ["Every goal is met.", ""]),
    ...(warnings.length > 0 ? ["Lighthouse run warnings:", "", ...warnings.map((w) => `- ${w}`), ""] : []),
    notes,
    "",
  ].join("\n");
}

/** Whether the first task row is painted from the server's HTML, before any script runs. */
async function firstRowInServerHtml(baseUrl: string, cookie: string): Promise<boolean> {
  const response = await rawClient(baseUrl).fetch("/dashboard", { headers: { cookie } });
  if (response.status !== 200) throw new Error(`/dashboard answered ${response.status}`);
  // As an element's text, not only in the data for hydration (which holds it as JSON).
  return response.text.includes(`>${FIRST_ROW_TITLE}<`);
}

async function main(): Promise<void> {
  const server = await startProductionServer();
  try {
    const cookie = await createUserWithTasks(server.baseUrl);
    const firstRowInHtml = await firstRowInServerHtml(server.baseUrl, cookie);
    const measurements: Measurement[] = [];
    for (const formFactor of ["mobile", "desktop"] as const) {
      measurements.push(await measure(server.baseUrl, "/signin", formFactor, null));
      measurements.push(await measure(server.baseUrl, "/dashboard", formFactor, cookie));
    }
    measurements.push(await measure(server.baseUrl, "/", "mobile", null));
    await writeFile(OUTPUT_FILE, await report(measurements, firstRowInHtml));
    console.log(`Scores written to ${OUTPUT_FILE}`);
  } finally {
    await server.stop();
  }
}

await main();
