import { createHash } from "node:crypto";
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dumpPgliteAfter } from "./client";
import { MIGRATIONS_FOLDER, migratePgliteHandle } from "./migrate";

/**
 * A migrated, empty PGlite database as a tarball, made once per PGlite build and set of migrations
 * and kept in the temp directory, where every test process (and every package's) finds it. A
 * test database loads it in about 2 s instead of running initdb and every migration (about 8 s on
 * the 2-core CI machine); each test file still gets a database of its own.
 */
let template: Promise<Blob> | null = null;

export function migratedPgliteTemplate(): Promise<Blob> {
  template ??= readOrMakeTemplate();
  return template;
}

async function readOrMakeTemplate(): Promise<Blob> {
  const path = join(tmpdir(), `doable-pglite-template-${await templateKey()}.tar`);
  const kept = await readFile(path).catch(() => null);
  if (kept) return new Blob([kept]);
  const made = await makeTemplate();
  // Written aside, then renamed into place: a process reading it never sees half a file, and two
  // processes making it at once both write whole ones.
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, Buffer.from(await made.arrayBuffer()), { mode: 0o600 });
  await rename(partial, path).catch(() => rm(partial, { force: true }));
  return made;
}

function makeTemplate(): Promise<Blob> {
  return dumpPgliteAfter(migratePgliteHandle);
}

/** Changes with the PGlite build (pnpm's store path names its version) and with any migration. */
async function templateKey(): Promise<string> {
  const hash = createHash("sha256");
  hash.update(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  const files = await readdir(MIGRATIONS_FOLDER, { recursive: true, withFileTypes: true });
  const paths = files
    .filter((file) => file.isFile())
    .map((file) => join(file.parentPath, file.name))
    .sort();
  for (const path of paths) hash.update(path.slice(MIGRATIONS_FOLDER.length)).update(await readFile(path));
  return hash.digest("hex").slice(0, 16);
}
