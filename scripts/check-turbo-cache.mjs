#!/usr/bin/env node
/**
 * Proves Turborepo's caching is configured right (run from CI after a build):
 *  1. a second `build` with no change is a full cache hit;
 *  2. a change in packages/api changes the web and cli builds' inputs;
 *  3. a change in apps/web changes only the web build.
 * Steps 2 and 3 compare task hashes from dry runs, so nothing is rebuilt; edited files are restored.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";

const BUILDS_THAT_USE_THE_API = ["@doable/web#build", "@doable/cli#build"];

function dryRun() {
  const output = execFileSync("pnpm", ["exec", "turbo", "run", "build", "--dry=json"], { encoding: "utf8" });
  const { tasks } = JSON.parse(output.slice(output.indexOf("{")));
  // Only tasks that run something matter; packages without a build script have no output to cache.
  return new Map(tasks.filter((task) => task.command !== "<NONEXISTENT>").map((task) => [task.taskId, task]));
}

function changedAfterEditing(file) {
  const before = dryRun();
  const original = readFileSync(file, "utf8");
  try {
    appendFileSync(file, `\n// cache check ${Date.now()}\n`);
    const after = dryRun();
    return [...after.keys()].filter((id) => after.get(id).hash !== before.get(id)?.hash).sort();
  } finally {
    writeFileSync(file, original);
  }
}

const failures = [];

execFileSync("pnpm", ["exec", "turbo", "run", "build", "--output-logs=none"], { stdio: "inherit" });
const misses = [...dryRun().values()]
  .filter((task) => task.cache.status !== "HIT")
  .map((task) => task.taskId);
if (misses.length > 0) failures.push(`second build is not a full cache hit: ${misses.join(", ")} would run`);
else console.log("ok: a second build with no change is a full cache hit");

const existing = [...dryRun().keys()];
const expectedFromApi = BUILDS_THAT_USE_THE_API.filter((id) => existing.includes(id));
const fromApi = changedAfterEditing("packages/api/src/index.ts");
if (expectedFromApi.some((id) => !fromApi.includes(id))) {
  failures.push(`a change in packages/api changed [${fromApi}], expected [${expectedFromApi}]`);
} else console.log(`ok: a change in packages/api rebuilds ${fromApi.join(", ")}`);

const fromWeb = changedAfterEditing("apps/web/src/app/page.tsx");
if (fromWeb.length !== 1 || fromWeb[0] !== "@doable/web#build") {
  failures.push(`a change in apps/web changed [${fromWeb}], expected only @doable/web#build`);
} else console.log("ok: a change in apps/web rebuilds nothing else");

if (failures.length > 0) {
  for (const failure of failures) console.error(`FAIL: ${failure}`);
  process.exit(1);
}
