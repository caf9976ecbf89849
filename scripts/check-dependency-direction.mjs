#!/usr/bin/env node
/**
 * Dependencies between workspace packages point one way (docs/architecture.md):
 * apps -> packages/api -> packages/auth -> packages/db -> packages/env, with packages/domain
 * (shared constants and types) importable by all, packages/terminal (the hidden password prompt)
 * by the CLI and the scripts, packages/transfer (the export and import files) by the CLI and the
 * web app, and packages/test-support only by tests.
 *
 * This fails when a package.json declares an arrow the architecture does not allow, and when a
 * source file (.ts, .tsx, .mjs, .js under apps/* and packages/*, outside node_modules, .next and
 * dist) imports one: a relative import that leaves its package, an `@doable/*` import that is
 * not allowed (or not declared in the package's manifest), a value import of a types-only
 * dependency, the test-support package outside tests, or the `sessions` table outside
 * packages/auth (which alone writes it) and packages/db.
 *
 * `findProblems` is a pure function over manifests and file contents
 * (check-dependency-direction.test.mjs feeds it cases that must fail); run as a script, it reads
 * the workspace.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { pathToFileURL } from "node:url";

/** Which workspace packages each package may import (in code or in its manifest). */
export const ALLOWED = {
  "@doable/domain": [],
  "@doable/env": ["@doable/domain"],
  "@doable/db": ["@doable/domain", "@doable/env"],
  "@doable/test-support": ["@doable/db", "@doable/domain"],
  "@doable/terminal": ["@doable/domain"],
  "@doable/transfer": ["@doable/domain"],
  "@doable/mail": ["@doable/domain", "@doable/test-support"],
  "@doable/auth": ["@doable/db", "@doable/domain", "@doable/env"],
  "@doable/api": [
    "@doable/auth",
    "@doable/db",
    "@doable/domain",
    "@doable/env",
    "@doable/mail",
    "@doable/test-support",
  ],
  "@doable/web": [
    "@doable/api",
    "@doable/auth",
    "@doable/db",
    "@doable/domain",
    "@doable/env",
    "@doable/mail",
    "@doable/test-support",
    "@doable/transfer",
  ],
  "@doable/scripts": [
    "@doable/api",
    "@doable/auth",
    "@doable/db",
    "@doable/domain",
    "@doable/env",
    "@doable/mail",
    "@doable/terminal",
    "@doable/test-support",
  ],
  "@doable/cli": [
    "@doable/api",
    "@doable/domain",
    "@doable/terminal",
    "@doable/test-support",
    "@doable/transfer",
  ],
};

/**
 * Dependencies a package may import for types only (`import type`, or every named specifier
 * marked `type`), with the subpaths it may still import values from: the CLI is bundled on its
 * own and talks to the API over HTTP, so no server code may reach it; `@doable/api/errors` (error
 * messages, causeChain) imports nothing and is checked again by apps/cli/scripts/build.mjs.
 */
export const TYPES_ONLY = {
  "@doable/cli": { "@doable/api": ["@doable/api/errors"] },
};

/** Packages only tests and dev tools use: devDependencies, never imported by non-test `src/` code. */
export const DEV_ONLY = new Set(["@doable/test-support"]);

/** Shared configuration, allowed everywhere. */
export const TOOLING = new Set(["@doable/tsconfig", "@doable/vitest-config"]);

/** Only these packages may import the sessions table; everyone else goes through @doable/auth. */
const SESSIONS_TABLE_OWNERS = ["packages/auth", "packages/db"];
const SCHEMA_MODULES = new Set(["@doable/db", "@doable/db/schema"]);

export const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".mjs", ".cjs", ".js", ".jsx"];
const SKIPPED_DIRECTORIES = new Set(["node_modules", ".next", "dist", ".turbo", "test-results"]);

/** The source with comments blanked out (strings kept), so commented-out imports do not count. */
export function stripComments(source) {
  let out = "";
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    const next = source[i + 1];
    if (char === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") i += 1;
    } else if (char === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else if (char === '"' || char === "'" || char === "`") {
      let j = i + 1;
      while (j < source.length && source[j] !== char) {
        if (source[j] === "\\") j += 1;
        else if (char !== "`" && source[j] === "\n") break;
        j += 1;
      }
      out += source.slice(i, j + 1);
      i = j + 1;
    } else {
      out += char;
      i += 1;
    }
  }
  return out;
}

/**
 * Every module a file imports: static `import`/`export ... from`, side-effect imports, dynamic
 * `import("...")` and `require("...")`, with whether it is for types only and its named specifiers.
 */
export function importsOf(source) {
  const code = stripComments(source);
  const found = [];
  const staticPattern =
    /(?:^|[\s;}])(import|export)(\s+type\b)?\s*(?:([\w$*{}\s,]*?)\s*from\s*)?(["'])([^"'\n]+)\4/g;
  for (const match of code.matchAll(staticPattern)) {
    const [, , typeKeyword, clause = "", , specifier] = match;
    const braces = /\{([^}]*)\}/.exec(clause);
    const named = braces
      ? braces[1]
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean)
      : [];
    const outsideBraces = clause.replace(/\{[^}]*\}/, "").replace(/[\s,]/g, "");
    const typeOnly =
      typeKeyword !== undefined ||
      (named.length > 0 && outsideBraces === "" && named.every((part) => /^type\s/.test(part)));
    const names = named.map((part) =>
      part
        .replace(/^type\s+/, "")
        .split(/\s+as\s+/)[0]
        .trim(),
    );
    found.push({ specifier, typeOnly, names });
  }
  for (const match of code.matchAll(/\b(?:import|require)\s*\(\s*(["'])([^"'\n]+)\1\s*\)/g)) {
    found.push({ specifier: match[2], typeOnly: false, names: [] });
  }
  return found;
}

/** `apps/cli` for `apps/cli/test/x.ts`. */
function packageDirOf(path) {
  return path.split("/").slice(0, 2).join("/");
}

/** Tests, and a package's test harness (`src/testing.ts`, imported only by tests: see packages/api). */
function isTestFile(path) {
  return /\.(test|spec|e2e\.test)\.[cm]?[jt]sx?$/.test(path) || /\/src\/testing\.ts$/.test(path);
}

/** `@doable/db` for `@doable/db/testing`, or null for a module that is not ours. */
function workspacePackageOf(specifier) {
  const match = /^(@doable\/[^/]+)(\/.*)?$/.exec(specifier);
  return match ? match[1] : null;
}

function manifestProblems(dir, manifest) {
  const problems = [];
  const allowed = ALLOWED[manifest.name];
  if (!allowed) {
    return [
      `${manifest.name} (${dir}): not in the architecture's list (add it to scripts/check-dependency-direction.mjs and docs/architecture.md)`,
    ];
  }
  const sections = [
    ["dependencies", manifest.dependencies ?? {}],
    ["devDependencies", manifest.devDependencies ?? {}],
    ["peerDependencies", manifest.peerDependencies ?? {}],
    ["optionalDependencies", manifest.optionalDependencies ?? {}],
  ];
  for (const [section, dependencies] of sections) {
    for (const dependency of Object.keys(dependencies)) {
      if (!dependency.startsWith("@doable/") || TOOLING.has(dependency)) continue;
      if (!allowed.includes(dependency)) problems.push(`${manifest.name} must not depend on ${dependency}`);
      else if (DEV_ONLY.has(dependency) && section !== "devDependencies") {
        problems.push(`${manifest.name}: ${dependency} is for tests only; list it in devDependencies`);
      }
    }
  }
  return problems;
}

function fileProblems(file, manifest) {
  const problems = [];
  const dir = packageDirOf(file.path);
  const name = manifest?.name;
  const allowed = ALLOWED[name] ?? [];
  const declared = new Set(
    Object.keys({ ...manifest?.dependencies, ...manifest?.devDependencies, ...manifest?.peerDependencies }),
  );
  for (const { specifier, typeOnly, names } of importsOf(file.source)) {
    const where = `${file.path} imports "${specifier}"`;
    if (specifier.startsWith(".")) {
      const target = posix.normalize(posix.join(posix.dirname(file.path), specifier));
      if (!target.startsWith(`${dir}/`)) {
        problems.push(`${where}: a relative import must stay inside ${dir} (import the package instead)`);
      }
      continue;
    }
    const target = workspacePackageOf(specifier);
    if (target === null || target === name || TOOLING.has(target)) continue;
    if (!allowed.includes(target)) {
      problems.push(`${where}: ${name} must not import ${target} (docs/architecture.md)`);
      continue;
    }
    if (!declared.has(target)) problems.push(`${where}: ${target} is not declared in ${dir}/package.json`);
    const valueSubpaths = TYPES_ONLY[name]?.[target];
    if (valueSubpaths && !typeOnly && !valueSubpaths.includes(specifier)) {
      problems.push(`${where}: ${name} may import ${target} for types only (use \`import type\`)`);
    }
    if (DEV_ONLY.has(target) && file.path.startsWith(`${dir}/src/`) && !isTestFile(file.path)) {
      problems.push(`${where}: ${target} is for tests and dev tools, not for ${dir}/src`);
    }
    if (
      SCHEMA_MODULES.has(specifier) &&
      names.includes("sessions") &&
      !SESSIONS_TABLE_OWNERS.includes(dir) &&
      !isTestFile(file.path)
    ) {
      problems.push(
        `${where}: only packages/auth reads and writes the sessions table; call its functions instead`,
      );
    }
  }
  return problems;
}

/**
 * Every problem in a workspace. `packages`: [{ dir: "apps/cli", manifest }];
 * `files`: [{ path: "apps/cli/src/main.ts", source }] with paths relative to the root, `/`-separated.
 */
export function findProblems({ packages, files }) {
  const problems = [];
  const manifests = new Map();
  for (const { dir, manifest } of packages) {
    manifests.set(dir, manifest);
    problems.push(...manifestProblems(dir, manifest));
  }
  for (const file of files) {
    const manifest = manifests.get(packageDirOf(file.path));
    if (manifest) problems.push(...fileProblems(file, manifest));
  }
  return problems;
}

function sourceFilesUnder(root, dir) {
  const files = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (entry.name.startsWith(".") || SKIPPED_DIRECTORIES.has(entry.name)) continue;
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFilesUnder(root, path));
    else if (entry.isFile() && SOURCE_EXTENSIONS.some((extension) => entry.name.endsWith(extension))) {
      files.push({ path, source: readFileSync(join(root, path), "utf8") });
    }
  }
  return files;
}

/** Reads the manifests and source files of apps/* and packages/* under `root`. */
export function readWorkspace(root) {
  const packages = [];
  const files = [];
  for (const group of ["apps", "packages"]) {
    for (const name of readdirSync(join(root, group))) {
      const dir = `${group}/${name}`;
      let manifest;
      try {
        manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
      } catch {
        continue;
      }
      packages.push({ dir, manifest });
      files.push(...sourceFilesUnder(root, dir));
    }
  }
  return { packages, files };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const workspace = readWorkspace(process.cwd());
  const problems = findProblems(workspace);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`FAIL: ${problem}`);
    process.exit(1);
  }
  console.log(
    `ok: workspace dependencies point one way (${workspace.packages.length} manifests, ${workspace.files.length} source files)`,
  );
}
