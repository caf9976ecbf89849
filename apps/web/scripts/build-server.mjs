// Compiles server.ts and the code it serves (the API, the auth and db packages) into one ESM file,
// dist/server.js, so production runs plain JavaScript rather than a TypeScript loader. Packages
// from node_modules stay outside the bundle (native addons, WebAssembly, Next itself); the
// workspace packages ship TypeScript source and are compiled in (see docs/decisions/0022).
import { readFile } from "node:fs/promises";
import * as esbuild from "esbuild";

const packageJson = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
const external = Object.keys(packageJson.dependencies).filter((name) => !name.startsWith("@doable/"));

await esbuild.build({
  entryPoints: [new URL("../server.ts", import.meta.url).pathname],
  outfile: new URL("../dist/server.js", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
  external,
  // Bundled CommonJS dependencies (drizzle-orm's few) may call require(): give ESM one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
