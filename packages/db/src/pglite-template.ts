import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { dumpPgliteAfter } from "./client";
import { MIGRATIONS_FOLDER, migratePgliteHandle } from "./migrate";

/**
 * A migrated, empty PGlite database as a tarball, made once per PGlite version and set of
 * migrations and kept in this checkout's `node_modules/.cache`, where every test process (and
 * every package's) finds it. A test database loads it in about 2 s instead of running initdb and
 * every migration (about 8 s on the 2-core CI machine); each test file still gets a database of
 * its own (docs/decisions/0050).
 */
const CACHE_DIRECTORY = fileURLToPath(new URL("../node_modules/.cache/doable", import.meta.url));

let template: Promise<Blob> | null = null;

export function migratedPgliteTemplate(): Promise<Blob> {
  template ??= readOrMakeTemplate().catch((error: unknown) => {
    template = null;
    throw error;
  });
  return template;
}

/** Where the template for this PGlite version and these migrations is kept. */
export async function pgliteTemplatePath(): Promise<string> {
  return join(CACHE_DIRECTORY, `pglite-template-${await templateKey()}.tar`);
}

async function readOrMakeTemplate(): Promise<Blob> {
  const path = await pgliteTemplatePath();
  const kept = await readFile(path).catch(() => null);
  if (kept) return new Blob([kept]);
  const made = await makeTemplate();
  await keep(path, made);
  return made;
}

/**
 * Written aside under a name no other writer uses, then renamed into place: a reader never sees
 * half a file, and writers racing each put a whole one there. Keeping it is only a saving: a
 * failed write leaves nothing behind and the template is used all the same.
 */
async function keep(path: string, made: Blob): Promise<void> {
  const partial = `${path}.${randomUUID()}.partial`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(partial, Buffer.from(await made.arrayBuffer()), { mode: 0o600 });
    await rename(partial, path);
  } catch {
    await rm(partial, { force: true });
  }
}

function makeTemplate(): Promise<Blob> {
  return dumpPgliteAfter(migratePgliteHandle);
}

/** Changes with the PGlite version and with any migration. */
async function templateKey(): Promise<string> {
  const hash = createHash("sha256");
  // The package's exports hide its package.json from import: read it beside the entry point.
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const { version } = JSON.parse(await readFile(join(dirname(entry), "..", "package.json"), "utf8")) as {
    version: string;
  };
  hash.update(`pglite ${version}\n`);
  const files = await readdir(MIGRATIONS_FOLDER, { recursive: true, withFileTypes: true });
  const paths = files
    .filter((file) => file.isFile())
    .map((file) => join(file.parentPath, file.name))
    .sort();
  for (const path of paths) hash.update(relative(MIGRATIONS_FOLDER, path)).update(await readFile(path));
  return hash.digest("hex").slice(0, 16);
}
