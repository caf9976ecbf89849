// node --test scripts/check-dependency-direction.test.mjs (part of `pnpm check`)
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { findProblems, importsOf, readWorkspace } from "./check-dependency-direction.mjs";

const PACKAGES = [
  { dir: "packages/domain", manifest: { name: "@doable/domain" } },
  {
    dir: "packages/env",
    manifest: { name: "@doable/env", dependencies: { "@doable/domain": "workspace:*" } },
  },
  { dir: "packages/db", manifest: { name: "@doable/db", dependencies: { "@doable/env": "workspace:*" } } },
  {
    dir: "packages/auth",
    manifest: { name: "@doable/auth", dependencies: { "@doable/db": "workspace:*" } },
  },
  {
    dir: "packages/api",
    manifest: {
      name: "@doable/api",
      dependencies: {
        "@doable/auth": "workspace:*",
        "@doable/db": "workspace:*",
        "@doable/domain": "workspace:*",
      },
    },
  },
  {
    dir: "packages/test-support",
    manifest: { name: "@doable/test-support", dependencies: { "@doable/db": "workspace:*" } },
  },
  {
    dir: "apps/web",
    manifest: {
      name: "@doable/web",
      dependencies: { "@doable/api": "workspace:*", "@doable/db": "workspace:*" },
      devDependencies: { "@doable/test-support": "workspace:*", "@doable/tsconfig": "workspace:*" },
    },
  },
  {
    dir: "apps/cli",
    manifest: {
      name: "@doable/cli",
      devDependencies: { "@doable/api": "workspace:*", "@doable/test-support": "workspace:*" },
    },
  },
];

/** The problems one file adds to the workspace above. */
function problemsOf(path, source, packages = PACKAGES) {
  return findProblems({ packages, files: [{ path, source }] });
}

describe("findProblems: manifests", () => {
  it("accepts the workspace above", () => {
    assert.deepEqual(findProblems({ packages: PACKAGES, files: [] }), []);
  });

  it("fails on a dependency against the direction", () => {
    const packages = PACKAGES.map((entry) =>
      entry.manifest.name === "@doable/db"
        ? { ...entry, manifest: { ...entry.manifest, devDependencies: { "@doable/auth": "workspace:*" } } }
        : entry,
    );
    assert.deepEqual(findProblems({ packages, files: [] }), ["@doable/db must not depend on @doable/auth"]);
  });

  it("fails on a package the architecture does not list", () => {
    const packages = [...PACKAGES, { dir: "packages/extra", manifest: { name: "@doable/extra" } }];
    assert.match(findProblems({ packages, files: [] })[0], /@doable\/extra .*not in the architecture's list/);
  });

  it("allows test-support only as a devDependency", () => {
    const packages = PACKAGES.map((entry) =>
      entry.manifest.name === "@doable/cli"
        ? {
            ...entry,
            manifest: { name: "@doable/cli", dependencies: { "@doable/test-support": "workspace:*" } },
          }
        : entry,
    );
    assert.deepEqual(findProblems({ packages, files: [] }), [
      "@doable/cli: @doable/test-support is for tests only; list it in devDependencies",
    ]);
  });

  it("lets every package but domain itself depend on @doable/domain", () => {
    const problems = findProblems({
      packages: [
        {
          dir: "packages/domain",
          manifest: { name: "@doable/domain", dependencies: { "@doable/env": "1" } },
        },
      ],
      files: [],
    });
    assert.deepEqual(problems, ["@doable/domain must not depend on @doable/env"]);
  });
});

describe("findProblems: imports in source files", () => {
  it("accepts allowed imports, type or value, and relative imports inside the package", () => {
    const source = `
      import { appRouter } from "@doable/api";
      import type { Database } from "@doable/db";
      import { createTestDatabase } from "@doable/db/testing";
      import { x } from "./x";
      import { y } from "../lib/y";
      import { z } from "~/lib/z";
      import { useState } from "react";
      import "server-only";
    `;
    assert.deepEqual(problemsOf("apps/web/src/server/a.ts", source), []);
  });

  it("fails on a relative import that leaves its package (the CLI reaching into the web app's tests)", () => {
    const source = `import { startProductionServer } from "../../web/test/production-server";`;
    assert.deepEqual(problemsOf("apps/cli/test/cli-harness.ts", source), [
      'apps/cli/test/cli-harness.ts imports "../../web/test/production-server": a relative import must stay inside apps/cli (import the package instead)',
    ]);
    assert.equal(problemsOf("packages/api/src/a.ts", `export * from "../../auth/src/session";`).length, 1);
    assert.equal(
      problemsOf("apps/web/next.config.ts", `const m = await import("../../packages/db/src/x");`).length,
      1,
    );
  });

  it("fails on a package import against the direction, subpaths included", () => {
    assert.match(
      problemsOf("packages/db/src/a.ts", `import { appRouter } from "@doable/api";`)[0],
      /@doable\/db must not import @doable\/api/,
    );
    assert.match(
      problemsOf("packages/auth/src/a.ts", `import { x } from "@doable/api/testing";`)[0],
      /@doable\/auth must not import @doable\/api/,
    );
    assert.equal(problemsOf("apps/cli/src/a.ts", `const db = require("@doable/db");`).length, 1);
  });

  it("fails on an allowed package that the manifest does not declare", () => {
    assert.deepEqual(problemsOf("packages/auth/src/a.ts", `import { serverEnv } from "@doable/env";`), [
      'packages/auth/src/a.ts imports "@doable/env": @doable/env is not declared in packages/auth/package.json',
    ]);
  });

  it("lets the CLI import @doable/api for types only", () => {
    const file = "apps/cli/src/client.ts";
    assert.deepEqual(problemsOf(file, `import type { AppRouter } from "@doable/api";`), []);
    assert.deepEqual(
      problemsOf(file, `import { type AppRouter, type RouterInputs } from "@doable/api";`),
      [],
    );
    assert.deepEqual(problemsOf(file, `export type { AppRouter } from "@doable/api";`), []);
    assert.deepEqual(problemsOf(file, `import { appRouter } from "@doable/api";`), [
      'apps/cli/src/client.ts imports "@doable/api": @doable/cli may import @doable/api for types only (use `import type`)',
    ]);
    assert.equal(problemsOf(file, `import { type AppRouter, appRouter } from "@doable/api";`).length, 1);
    assert.equal(problemsOf(file, `import * as api from "@doable/api";`).length, 1);
    assert.equal(problemsOf(file, `const api = await import("@doable/api");`).length, 1);
    // The one value subpath: the browser-safe error messages and causeChain.
    assert.deepEqual(problemsOf(file, `import { causeChain } from "@doable/api/errors";`), []);
    assert.equal(problemsOf(file, `import { signUpInput } from "@doable/api/validators";`).length, 1);
  });

  it("keeps test-support out of shipped code", () => {
    const source = `import { startProductionServer } from "@doable/test-support/production-server";`;
    assert.deepEqual(problemsOf("apps/cli/test/cli-harness.ts", source), []);
    assert.deepEqual(problemsOf("apps/web/e2e/fixtures.ts", source), []);
    assert.deepEqual(problemsOf("apps/web/src/lib/dates.test.ts", source), []);
    assert.equal(problemsOf("apps/web/src/server/api-handler.ts", source).length, 1);
    // A package's test harness is test code (packages/api/src/testing.ts starts an SMTP server).
    assert.deepEqual(problemsOf("apps/web/src/testing.ts", source), []);
    assert.match(
      problemsOf("packages/auth/src/a.ts", source)[0],
      /@doable\/auth must not import @doable\/test-support/,
    );
  });

  it("lets only packages/auth and packages/db import the sessions table (tests may inspect it)", () => {
    const source = `import { sessions, users } from "@doable/db";`;
    assert.deepEqual(problemsOf("packages/auth/src/session.ts", source), []);
    assert.deepEqual(problemsOf("packages/api/src/router/account.test.ts", source), []);
    assert.deepEqual(problemsOf("packages/api/src/router/account.ts", source), [
      'packages/api/src/router/account.ts imports "@doable/db": only packages/auth reads and writes the sessions table; call its functions instead',
    ]);
    assert.equal(
      problemsOf("apps/web/src/a.ts", `import { type Session, sessions as s } from "@doable/db";`).length,
      1,
    );
    assert.deepEqual(
      problemsOf("packages/api/src/a.ts", `import { type Session, users } from "@doable/db";`),
      [],
    );
  });

  it("ignores imports in comments", () => {
    const source = `
      // import { appRouter } from "@doable/api";
      /* import "../../web/test/x"; */
      const url = "http://example.com"; // a string with // is not a comment
      export const x = 1;
    `;
    assert.deepEqual(problemsOf("packages/db/src/a.ts", source), []);
  });
});

describe("importsOf", () => {
  it("reads multi-line, type-only, re-export, side-effect and dynamic imports", () => {
    const source = `
      import {
        a,
        type B,
      } from "one";
      import type { C } from "two";
      export { d } from "three";
      export * from "four";
      import "five";
      const six = await import("six");
      export const notAnImport = "seven";
    `;
    assert.deepEqual(importsOf(source), [
      { specifier: "one", typeOnly: false, names: ["a", "B"] },
      { specifier: "two", typeOnly: true, names: ["C"] },
      { specifier: "three", typeOnly: false, names: ["d"] },
      { specifier: "four", typeOnly: false, names: [] },
      { specifier: "five", typeOnly: false, names: [] },
      { specifier: "six", typeOnly: false, names: [] },
    ]);
  });
});

describe("the workspace itself", () => {
  it("has no problems", () => {
    const root = fileURLToPath(new URL("..", import.meta.url));
    const workspace = readWorkspace(root);
    assert.ok(workspace.files.length > 100, "reads the source files");
    assert.ok(workspace.files.every((file) => !/(^|\/)(node_modules|\.next|dist)\//.test(file.path)));
    assert.deepEqual(findProblems(workspace), []);
  });
});
