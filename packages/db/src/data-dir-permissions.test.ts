import { chmodSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgliteHandle } from "./client";
import { DATA_DIR_MODE, DATA_FILE_MODE, restrictDataDirectory } from "./data-dir-permissions";

const PERMISSION_BITS = 0o777;
const modeOf = (path: string): number => statSync(path).mode & PERMISSION_BITS;

/** Every path under `dir` (itself included) whose mode is not 0700 for a directory or 0600 for a file. */
function looseEntries(dir: string): string[] {
  const loose: string[] = [];
  if (modeOf(dir) !== DATA_DIR_MODE) loose.push(`${dir} ${modeOf(dir).toString(8)}`);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    const expected = entry.isDirectory() ? DATA_DIR_MODE : DATA_FILE_MODE;
    if (!entry.isSymbolicLink() && modeOf(path) !== expected)
      loose.push(`${path} ${modeOf(path).toString(8)}`);
  }
  return loose;
}

function fileCount(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).length;
}

let tempDir: string;
beforeAll(async () => {
  tempDir = await mkdtemp(join(tmpdir(), "doable-permissions-"));
});
afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

describe("the PGlite data directory", () => {
  it("is created 0700 with every file 0600 and every directory 0700, while open and after close", async () => {
    const dataDir = join(tempDir, "fresh", "pglite");
    const handle = createPgliteHandle(dataDir);
    try {
      await handle.db.execute(sql`create table secrets (value text)`);
      await handle.db.execute(sql`insert into secrets select repeat('x', 100) from generate_series(1, 1000)`);
      await handle.db.execute(sql`checkpoint`);
      expect(modeOf(dataDir)).toBe(DATA_DIR_MODE);
      // PGlite's archive wrote 0666 files as it started: tightened once it was ready.
      expect(looseEntries(dataDir)).toEqual([]);
    } finally {
      await handle.close();
    }
    expect(fileCount(dataDir)).toBeGreaterThan(100);
    expect(looseEntries(dataDir)).toEqual([]);
  });

  it("tightens a directory left loose (by an older version or a killed process) when it is opened again", async () => {
    const dataDir = join(tempDir, "loosened", "pglite");
    const first = createPgliteHandle(dataDir);
    await first.db.execute(sql`create table kept (value text)`);
    await first.db.execute(sql`insert into kept values ('still here')`);
    await first.close();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, "PG_VERSION"), 0o666);
    chmodSync(join(dataDir, "base"), 0o777);
    expect(looseEntries(dataDir)).toHaveLength(3);

    const again = createPgliteHandle(dataDir);
    try {
      expect(looseEntries(dataDir)).toEqual([]);
      // The data survived the chmods: the table is still there.
      const [row] = await again.db.select({ value: sql<string>`value` }).from(sql`kept`);
      expect(row?.value).toBe("still here");
    } finally {
      await again.close();
    }
  });
});

describe("restrictDataDirectory", () => {
  it("leaves what a symbolic link points at alone", () => {
    const outside = join(tempDir, "outside.txt");
    writeFileSync(outside, "not the database's", { mode: 0o644 });
    const dir = join(tempDir, "with-link");
    mkdirSync(join(dir, "sub"), { recursive: true, mode: 0o755 });
    writeFileSync(join(dir, "sub", "file"), "", { mode: 0o644 });
    symlinkSync(outside, join(dir, "link"));
    restrictDataDirectory(dir);
    expect(modeOf(outside)).toBe(0o644);
    expect(looseEntries(dir)).toEqual([]);
  });
});
