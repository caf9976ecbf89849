// Bundles the CLI into one ESM file for Node 20: `node dist/doable.js` runs without tsx or a
// node_modules beside it. From @doable/api the CLI imports `AppRouter` and friends as types only,
// and at run time only the browser-safe `@doable/api/errors` (messages, causeChain); the build
// fails if any other file of the server's packages (api, auth, db, env) ends up in the bundle.
import { chmod, readFile } from "node:fs/promises";
import * as esbuild from "esbuild";

/** Files of the server's packages, as esbuild names its inputs (relative to apps/cli). */
const SERVER_PACKAGE_INPUTS = /^\.\.\/\.\.\/packages\/(api|auth|db|env)\//;
/** The one part of them the bundle may hold: the server-free error module. */
const ALLOWED_SERVER_INPUTS = /^\.\.\/\.\.\/packages\/api\/src\/errors\/[^/]+\.ts$/;

/** Fails when the bundle pulls in server code (anything of api, auth, db, env but @doable/api/errors). */
function checkNoServerCode(metafile) {
  const server = Object.keys(metafile.inputs).filter(
    (input) => SERVER_PACKAGE_INPUTS.test(input) && !ALLOWED_SERVER_INPUTS.test(input),
  );
  if (server.length > 0) {
    throw new Error(`the CLI bundle must not include server code; it includes:\n  ${server.join("\n  ")}`);
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
  checkNoServerCode(result.metafile);
  await chmod(options.outfile, 0o755);
}
