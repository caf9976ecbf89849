import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseServerEnv } from "./server-env";
import { findWorkspaceRoot } from "./workspace-root";

/** packages/env/src -> the repository root, found independently of the code under test. */
const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url)).replace(/\/$/, "");

/** The error message `parseServerEnv(source)` throws. */
function problem(source: Record<string, string | undefined>): string {
  try {
    parseServerEnv(source);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be rejected`);
}

/** Matches a problem line for exactly this setting (so DATABASE_URL does not match TEST_DATABASE_URL). */
function names(setting: string): RegExp {
  return new RegExp(`^\\s*${setting}:`, "m");
}

describe("parseServerEnv defaults", () => {
  it("fills in every setting when nothing is set", () => {
    expect(parseServerEnv({})).toEqual({
      nodeEnv: "development",
      port: 3000,
      host: "0.0.0.0",
      trustProxyHops: 0,
      appOrigin: "http://localhost:3000",
      databaseUrl: null,
      databaseDirectUrl: null,
      databasePoolMax: 10,
      databaseStatementTimeoutMs: 5000,
      pgliteDataDir: join(REPO_ROOT, ".data", "pglite"),
      smtpUrl: null,
      mailFrom: "Doable <doable@localhost>",
      smtpAllowPlaintext: false,
      testDatabaseUrl: null,
      testPgbouncer: false,
    });
  });

  it("migrates through DATABASE_URL when no direct URL is given", () => {
    expect(parseServerEnv({ DATABASE_URL: "postgres://app@db:5432/doable" })).toMatchObject({
      databaseUrl: "postgres://app@db:5432/doable",
      databaseDirectUrl: "postgres://app@db:5432/doable",
    });
  });

  it("derives APP_ORIGIN from PORT", () => {
    expect(parseServerEnv({ PORT: "8080" })).toMatchObject({
      port: 8080,
      appOrigin: "http://localhost:8080",
    });
  });

  it("treats empty and blank strings as unset", () => {
    const blank = {
      NODE_ENV: "",
      PORT: "",
      APP_ORIGIN: "",
      DATABASE_URL: "",
      DATABASE_DIRECT_URL: "",
      DATABASE_POOL_MAX: "",
      DATABASE_STATEMENT_TIMEOUT_MS: "",
      PGLITE_DATA_DIR: "",
      TEST_DATABASE_URL: "",
      TEST_PGBOUNCER: "",
    };
    expect(parseServerEnv(blank)).toEqual(parseServerEnv({}));
    const spaces = Object.fromEntries(Object.keys(blank).map((key) => [key, "  \t"]));
    expect(parseServerEnv(spaces)).toEqual(parseServerEnv({}));
  });
});

describe("parseServerEnv with values", () => {
  it("reads every setting", () => {
    expect(
      parseServerEnv({
        NODE_ENV: "production",
        PORT: "4000",
        HOST: "127.0.0.1",
        TRUST_PROXY_HOPS: "1",
        APP_ORIGIN: "https://doable.example/",
        DATABASE_URL: " postgres://app@db.internal:6432/doable ",
        DATABASE_DIRECT_URL: "postgres://app@db.internal:5432/doable",
        DATABASE_POOL_MAX: "25",
        DATABASE_STATEMENT_TIMEOUT_MS: "15000",
        PGLITE_DATA_DIR: "/var/lib/doable",
        SMTP_URL: "smtp://mailer:secret@smtp.example:587",
        MAIL_FROM: "Doable <no-reply@doable.example>",
        SMTP_ALLOW_PLAINTEXT: "1",
        TEST_DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/test",
        TEST_PGBOUNCER: "1",
      }),
    ).toEqual({
      nodeEnv: "production",
      port: 4000,
      host: "127.0.0.1",
      trustProxyHops: 1,
      appOrigin: "https://doable.example",
      databaseUrl: "postgres://app@db.internal:6432/doable",
      databaseDirectUrl: "postgres://app@db.internal:5432/doable",
      databasePoolMax: 25,
      databaseStatementTimeoutMs: 15000,
      pgliteDataDir: "/var/lib/doable",
      smtpUrl: "smtp://mailer:secret@smtp.example:587",
      mailFrom: "Doable <no-reply@doable.example>",
      smtpAllowPlaintext: true,
      testDatabaseUrl: "postgresql://postgres@127.0.0.1:5432/test",
      testPgbouncer: true,
    });
  });

  it("resolves a relative PGLITE_DATA_DIR against the repository root", () => {
    expect(parseServerEnv({ PGLITE_DATA_DIR: "tmp/db" }).pgliteDataDir).toBe(join(REPO_ROOT, "tmp", "db"));
  });

  it("keeps an explicit port in APP_ORIGIN", () => {
    expect(parseServerEnv({ APP_ORIGIN: "http://127.0.0.1:3100" }).appOrigin).toBe("http://127.0.0.1:3100");
  });

  it("accepts any spelling of an origin and stores its canonical form", () => {
    expect(parseServerEnv({ APP_ORIGIN: "HTTPS://Doable.Example" }).appOrigin).toBe("https://doable.example");
    expect(parseServerEnv({ APP_ORIGIN: "https://doable.example:443" }).appOrigin).toBe(
      "https://doable.example",
    );
    expect(parseServerEnv({ APP_ORIGIN: "http://localhost:80/" }).appOrigin).toBe("http://localhost");
  });
});

describe("parseServerEnv rejects bad settings, naming them", () => {
  it.each([
    ["PORT", "abc"],
    ["PORT", "0"],
    ["PORT", "65536"],
    ["PORT", "80.5"],
    ["DATABASE_URL", "mysql://x"],
    ["DATABASE_URL", "not a url"],
    ["TEST_DATABASE_URL", "mysql://x"],
    ["APP_ORIGIN", "ftp://x"],
    ["APP_ORIGIN", "localhost:3000"],
    ["APP_ORIGIN", "https://doable.example/app"],
    ["APP_ORIGIN", "https://doable.example?x=1"],
    ["APP_ORIGIN", "https://doable.example/#top"],
    ["APP_ORIGIN", "https://user:secret@doable.example"],
    ["DATABASE_POOL_MAX", "0"],
    ["DATABASE_POOL_MAX", "-1"],
    ["DATABASE_POOL_MAX", "many"],
    ["DATABASE_POOL_MAX", "101"],
    ["DATABASE_DIRECT_URL", "mysql://x"],
    ["DATABASE_STATEMENT_TIMEOUT_MS", "99"],
    ["DATABASE_STATEMENT_TIMEOUT_MS", "600001"],
    ["DATABASE_STATEMENT_TIMEOUT_MS", "0"],
    ["DATABASE_STATEMENT_TIMEOUT_MS", "5s"],
    ["DATABASE_STATEMENT_TIMEOUT_MS", "2500.5"],
    ["TEST_PGBOUNCER", "yes"],
    ["NODE_ENV", "staging"],
    ["TRUST_PROXY_HOPS", "-1"],
    ["TRUST_PROXY_HOPS", "6"],
    ["TRUST_PROXY_HOPS", "yes"],
  ])("%s=%s", (setting, value) => {
    expect(problem({ [setting]: value })).toMatch(names(setting));
  });

  it("refuses a direct URL without DATABASE_URL: the app would run on PGlite and migrate a server", () => {
    expect(problem({ DATABASE_DIRECT_URL: "postgres://app@db:5432/doable" })).toMatch(
      names("DATABASE_DIRECT_URL"),
    );
  });

  it("refuses an SMTP_URL that is not smtp:// or smtps://", () => {
    expect(problem({ SMTP_URL: "http://mail.example" })).toMatch(names("SMTP_URL"));
    expect(parseServerEnv({ SMTP_URL: "smtps://mail.example:465" }).smtpUrl).toBe("smtps://mail.example:465");
  });

  it("requires MAIL_FROM with SMTP_URL in production, and only there", () => {
    const smtp = { SMTP_URL: "smtp://mail.example:587" };
    expect(problem({ ...smtp, NODE_ENV: "production" })).toMatch(names("MAIL_FROM"));
    expect(parseServerEnv(smtp).mailFrom).toBe("Doable <doable@localhost>");
  });

  it("takes SMTP_ALLOW_PLAINTEXT as 1 or 0, and only with an smtp:// SMTP_URL", () => {
    const smtp = { SMTP_URL: "smtp://mail.example:587" };
    expect(parseServerEnv({ ...smtp, SMTP_ALLOW_PLAINTEXT: "1" }).smtpAllowPlaintext).toBe(true);
    expect(parseServerEnv(smtp).smtpAllowPlaintext).toBe(false);
    expect(problem({ ...smtp, SMTP_ALLOW_PLAINTEXT: "yes" })).toMatch(names("SMTP_ALLOW_PLAINTEXT"));
    expect(problem({ SMTP_ALLOW_PLAINTEXT: "1" })).toMatch(names("SMTP_ALLOW_PLAINTEXT"));
    expect(problem({ SMTP_URL: "smtps://mail.example:465", SMTP_ALLOW_PLAINTEXT: "1" })).toMatch(
      names("SMTP_ALLOW_PLAINTEXT"),
    );
  });

  it("refuses TEST_PGBOUNCER without a PostgreSQL server to pool", () => {
    expect(problem({ TEST_PGBOUNCER: "1" })).toMatch(names("TEST_PGBOUNCER"));
    expect(parseServerEnv({ TEST_PGBOUNCER: "0" }).testPgbouncer).toBe(false);
  });

  it("names every bad setting at once", () => {
    const message = problem({ PORT: "abc", DATABASE_URL: "mysql://x", DATABASE_POOL_MAX: "0" });
    for (const setting of ["PORT", "DATABASE_URL", "DATABASE_POOL_MAX"])
      expect(message).toMatch(names(setting));
    expect(message).not.toMatch(names("APP_ORIGIN"));
  });
});

describe("findWorkspaceRoot", () => {
  it("finds the repository root from inside a package", () => {
    expect(findWorkspaceRoot(fileURLToPath(new URL(".", import.meta.url)))).toBe(REPO_ROOT);
  });

  it("finds the nearest marker, and falls back to the start directory without one", async () => {
    const temp = await mkdtemp(join(tmpdir(), "doable-root-"));
    try {
      const nested = join(temp, "a", "b");
      await mkdir(nested, { recursive: true });
      expect(findWorkspaceRoot(nested)).toBe(nested);
      await writeFile(join(temp, "a", "pnpm-workspace.yaml"), "packages: []\n");
      expect(findWorkspaceRoot(nested)).toBe(join(temp, "a"));
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });
});
