/**
 * Preloaded into the app by `pnpm bench --profile <dir>` (NODE_OPTIONS=--import): Node 20 refuses
 * --cpu-prof in NODE_OPTIONS, and the production server helper owns the command line, so the
 * profile is taken through the inspector, in-process. Written when the process exits (the server
 * exits on SIGTERM), as a .cpuprofile for Chrome DevTools or VS Code. Plain JavaScript: it must
 * load before any TypeScript loader.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

const directory = process.env.DOABLE_CPU_PROFILE_DIR;

if (directory) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  process.once("exit", () => {
    // An in-process inspector session answers synchronously, so this completes before exit.
    session.post("Profiler.stop", (error, result) => {
      if (error || !result) return;
      mkdirSync(directory, { recursive: true });
      writeFileSync(join(directory, `app.${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
