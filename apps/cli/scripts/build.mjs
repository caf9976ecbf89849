// Bundles the CLI into one ESM file for Node 20: `node dist/doable.js` runs without tsx or a
// node_modules beside it. From @doable/api the CLI imports `AppRouter` and friends as types only,
// and at run time only the browser-safe `@doable/api/errors` (messages, causeChain); the build
// fails if any other file of the workspace's packages ends up in the bundle.
import { chmod, readFile } from "node:fs/promises";
import * as esbuild from "esbuild";

/** Workspace files (outside apps/cli) the bundle may contain: the server-free error module. */
const ALLOWED_WORKSPACE_INPUTS = /^\.\.\/\.\.\/packages\/api\/src\/errors\/[^/]+\.ts$/;

/** Fails when the bundle pulls in workspace code other than @doable/api/errors (server code). */
function checkBundledWorkspaceCode(metafile) {
  const foreign = Object.keys(metafile.inputs).filter(
    (input) =>
      input.startsWith("../../") && !input.includes("node_modules/") && !ALLOWED_WORKSPACE_INPUTS.test(input),
  );
  if (foreign.length > 0) {
    throw new Error(`the CLI bundle must not include server code; it includes:\n  ${foreign.join("\n  ")}`);
  }
}

const packageJson = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));

/** @type {import("esbuild").BuildOptions} */
const options = {
  entryPoints: [new URL("../src/main.ts", import.meta.url).pathname],
  outfile: new URL("../dist/doable.js", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
  define: { DOABLE_CLI_VERSION: JSON.stringify(packageJson.version) },
  banner: { js: "#!/usr/bin/env node" },
  metafile: true,
};

if (process.argv.includes("--watch")) {
  const context = await esbuild.context({ ...options, logLevel: "info" });
  await context.watch();
} else {
  const result = await esbuild.build(options);
  checkBundledWorkspaceCode(result.metafile);
  await chmod(options.outfile, 0o755);
}
