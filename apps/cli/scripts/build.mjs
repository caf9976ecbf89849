// Bundles the CLI into one ESM file for Node 20: `node dist/doable.js` runs without tsx or a
// node_modules beside it. @doable/api is imported for its types only, so no server code is bundled.
import { chmod, readFile } from "node:fs/promises";
import * as esbuild from "esbuild";

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
};

if (process.argv.includes("--watch")) {
  const context = await esbuild.context({ ...options, logLevel: "info" });
  await context.watch();
} else {
  await esbuild.build(options);
  await chmod(options.outfile, 0o755);
}
