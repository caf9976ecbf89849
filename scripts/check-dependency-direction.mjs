#!/usr/bin/env node
/**
 * Dependencies between workspace packages point one way (docs/architecture.md):
 * apps -> packages/api -> packages/auth -> packages/db -> packages/env; all but env may import
 * packages/domain (constants, imports nothing). This fails when a package.json adds an arrow the
 * architecture does not allow.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ALLOWED = {
  "@doable/domain": [],
  "@doable/env": [],
  "@doable/db": ["@doable/domain", "@doable/env"],
  "@doable/auth": ["@doable/db", "@doable/domain", "@doable/env"],
  "@doable/api": ["@doable/auth", "@doable/db", "@doable/domain", "@doable/env"],
  "@doable/web": ["@doable/api", "@doable/auth", "@doable/db", "@doable/domain", "@doable/env"],
  "@doable/scripts": ["@doable/api", "@doable/auth", "@doable/db", "@doable/domain", "@doable/env"],
  "@doable/cli": ["@doable/api", "@doable/domain"],
};
const TOOLING = new Set(["@doable/tsconfig", "@doable/vitest-config"]);

const problems = [];
for (const group of ["apps", "packages"]) {
  for (const name of readdirSync(group)) {
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(join(group, name, "package.json"), "utf8"));
    } catch {
      continue;
    }
    const allowed = ALLOWED[manifest.name];
    if (!allowed) {
      problems.push(
        `${manifest.name}: not in the architecture's list (add it to scripts/check-dependency-direction.mjs and docs/architecture.md)`,
      );
      continue;
    }
    const internal = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter(
      (dependency) => dependency.startsWith("@doable/") && !TOOLING.has(dependency),
    );
    for (const dependency of internal) {
      if (!allowed.includes(dependency)) problems.push(`${manifest.name} must not depend on ${dependency}`);
    }
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`FAIL: ${problem}`);
  process.exit(1);
}
console.log("ok: workspace dependencies point one way");
