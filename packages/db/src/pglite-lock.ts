import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

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

function lockPath(dataDir: string): string {
  return join(dirname(dataDir), `${LOCK_FILE_NAME}`);
}

/**
 * PGlite has no multi-process protection: two processes on one data directory corrupt it.
 * This takes an exclusive lock file beside the directory (a stale one from a dead process is
 * taken over) and returns the function that releases it.
 */
export function lockPgliteDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: "wx" });
      return () => rmSync(path, { force: true });
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
