import { chmodSync, type Dirent, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";

/** Only the owner may list or enter the embedded database's directories... */
export const DATA_DIR_MODE = 0o700;
/** ...or read and write its files: they hold password hashes and session data. */
export const DATA_FILE_MODE = 0o600;
const PERMISSION_BITS = 0o777;

function isGone(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

/** Sets `mode` unless it is already set; a file PGlite removed meanwhile is simply skipped. */
function restrict(path: string, mode: number): void {
  try {
    if ((lstatSync(path).mode & PERMISSION_BITS) !== mode) chmodSync(path, mode);
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}

function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (isGone(error)) return [];
    throw error;
  }
}

function restrictContents(dir: string): void {
  for (const entry of entriesOf(dir)) {
    const path = join(dir, entry.name);
    // Links are left alone: chmod would change whatever they point at, maybe outside the directory.
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      restrict(path, DATA_DIR_MODE);
      restrictContents(path);
    } else {
      restrict(path, DATA_FILE_MODE);
    }
  }
}

/**
 * Creates the PGlite data directory `0700` if missing, and brings it and everything in it to
 * `0700` (directories) and `0600` (files).
 *
 * Why not a umask: PGlite copies its initial database out of a bundled archive with explicit
 * `0666` modes, which a umask does not reach, and a process-wide umask set by a library would
 * also change every other file the process writes (and cannot be set in worker threads). So the
 * directory itself is private from the start — nobody else can reach what is inside — and the
 * files are tightened when the database is opened, once PGlite is ready, and when it is closed.
 */
export function restrictDataDirectory(dataDir: string): void {
  mkdirSync(dirname(dataDir), { recursive: true });
  try {
    mkdirSync(dataDir, { mode: DATA_DIR_MODE });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  restrict(dataDir, DATA_DIR_MODE);
  restrictContents(dataDir);
}
