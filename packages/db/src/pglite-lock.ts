import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

const LOCK_FILE_NAME = "doable.lock";

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** `<parent>/<name>.doable.lock`: one per data directory, so sibling directories do not share it. */
function lockPath(dataDir: string): string {
  const absolute = resolve(dataDir);
  return join(dirname(absolute), `${basename(absolute)}.${LOCK_FILE_NAME}`);
}

/**
 * PGlite has no multi-process protection: two processes on one data directory corrupt it.
 * This takes an exclusive lock file beside the directory (a stale one from a dead process is
 * taken over) and returns the function that releases it.
 */
export function lockPgliteDataDir(dataDir: string): () => void {
  const path = lockPath(dataDir);
  // Only the parent, where the lock lives: the data directory itself is made private by its opener.
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: "wx" });
      // Releases once: a stale handle closed again must not remove a lock taken after it.
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(path, "utf8"));
      if (Number.isInteger(holder) && holder !== process.pid && processIsAlive(holder)) {
        throw new Error(
          `The embedded database in ${dataDir} is in use by process ${holder}; stop it first (PGlite allows one process per data directory).`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database in ${dataDir}`);
}
