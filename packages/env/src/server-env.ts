import { resolve } from "node:path";
import { z } from "zod";
import { findWorkspaceRoot } from "./workspace-root";

const DEFAULT_PORT = 3000;
/** A From header longer than this is a mistake (an address is at most 254, plus a display name). */
const EMAIL_HEADER_MAX_LENGTH = 320;
const DEFAULT_POOL_MAX = 10;
const MAX_POOL_SIZE = 100;
const DEFAULT_PGLITE_DIR = ".data/pglite";
const DEFAULT_HOST = "0.0.0.0";
/** More proxies than this in front of one app is a misconfiguration, not a topology. */
const MAX_PROXY_HOPS = 5;
/** Long enough for any query a page or script makes here; short enough that a runaway one frees its connection. */
const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;
/** Below this, ordinary queries on a busy server would be cancelled. */
const MIN_STATEMENT_TIMEOUT_MS = 100;
/** Above this, the bound no longer protects anyone. */
const MAX_STATEMENT_TIMEOUT_MS = 600_000;

const postgresUrl = z
  .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
  .optional();

/** Where mail goes: an SMTP server, `smtp://` (STARTTLS required) or TLS from the start (`smtps://`). */
const smtpUrl = z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional();

/** The sender outside production when MAIL_FROM is unset (development prints mail to the log). */
const DEFAULT_MAIL_FROM = "Doable <doable@localhost>";

/** "1"/"true" or "0"/"false"; unset is false. */
const flag = z
  .enum(["0", "1", "false", "true"], { error: "must be 1 or 0" })
  .default("0")
  .transform((value) => value === "1" || value === "true");

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** Scheme, host and port only. Compared by parts, so `HTTPS://Example.com:443` counts (it names an origin). */
function isBareOrigin(url: URL): boolean {
  return (
    url.pathname === "/" && url.search === "" && url.hash === "" && url.username === "" && url.password === ""
  );
}

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_PORT),
    HOST: z.string().trim().min(1).default(DEFAULT_HOST),
    /**
     * How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the default)
     * means none: the socket address is the client and X-Forwarded-For is ignored.
     */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(MAX_PROXY_HOPS).default(0),
    APP_ORIGIN: optionalText.pipe(
      z
        .url({ protocol: /^https?$/, error: "must be an http:// or https:// origin" })
        .refine((value) => isBareOrigin(new URL(value)), {
          error: "must be an origin only (scheme, host and port; no path)",
        })
        .optional(),
    ),
    DATABASE_URL: optionalText.pipe(postgresUrl),
    /** Unpooled: migrations hold a session-level advisory lock, which a transaction-mode pooler breaks. */
    DATABASE_DIRECT_URL: optionalText.pipe(postgresUrl),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(MAX_POOL_SIZE).default(DEFAULT_POOL_MAX),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(MIN_STATEMENT_TIMEOUT_MS)
      .max(MAX_STATEMENT_TIMEOUT_MS)
      .default(DEFAULT_STATEMENT_TIMEOUT_MS),
    PGLITE_DATA_DIR: optionalText,
    /** Unset: development on a loopback APP_ORIGIN prints mail to the log; elsewhere there is no mail (features that need it say so). */
    SMTP_URL: optionalText.pipe(smtpUrl),
    /** The From of every message, e.g. `Doable <no-reply@example.com>`; required with SMTP_URL in production. */
    MAIL_FROM: optionalText.pipe(z.string().max(EMAIL_HEADER_MAX_LENGTH).optional()),
    /**
     * 1: send over plain text to an smtp:// server that offers no STARTTLS. Unset, STARTTLS is
     * required, except for a server on this machine (localhost, 127.0.0.0/8, ::1).
     */
    SMTP_ALLOW_PLAINTEXT: flag,
    TEST_DATABASE_URL: optionalText.pipe(postgresUrl),
    TEST_PGBOUNCER: flag,
  })
  .superRefine((raw, context) => {
    // Migrating a server while the app runs on PGlite would leave one of them unmigrated.
    if (raw.DATABASE_DIRECT_URL !== undefined && raw.DATABASE_URL === undefined)
      context.addIssue({
        code: "custom",
        path: ["DATABASE_DIRECT_URL"],
        message: "needs DATABASE_URL too (without it Doable runs on PGlite)",
      });
    // A made-up sender from a real server lands in spam, or nowhere.
    if (raw.SMTP_URL !== undefined && raw.MAIL_FROM === undefined && raw.NODE_ENV === "production")
      context.addIssue({
        code: "custom",
        path: ["MAIL_FROM"],
        message: "is required with SMTP_URL in production (the sender people see)",
      });
    if (raw.SMTP_ALLOW_PLAINTEXT && !raw.SMTP_URL?.startsWith("smtp://"))
      context.addIssue({
        code: "custom",
        path: ["SMTP_ALLOW_PLAINTEXT"],
        message: "only applies to an smtp:// SMTP_URL (smtps:// is always TLS)",
      });
    if (raw.TEST_PGBOUNCER && raw.TEST_DATABASE_URL === undefined)
      context.addIssue({
        code: "custom",
        path: ["TEST_PGBOUNCER"],
        message: "needs TEST_DATABASE_URL (PgBouncer pools a PostgreSQL server)",
      });
  })
  .transform((raw) => {
    const root = findWorkspaceRoot(process.cwd());
    return {
      nodeEnv: raw.NODE_ENV,
      port: raw.PORT,
      host: raw.HOST,
      trustProxyHops: raw.TRUST_PROXY_HOPS,
      appOrigin: new URL(raw.APP_ORIGIN ?? `http://localhost:${raw.PORT}`).origin,
      databaseUrl: raw.DATABASE_URL ?? null,
      databaseDirectUrl: raw.DATABASE_DIRECT_URL ?? raw.DATABASE_URL ?? null,
      databasePoolMax: raw.DATABASE_POOL_MAX,
      databaseStatementTimeoutMs: raw.DATABASE_STATEMENT_TIMEOUT_MS,
      pgliteDataDir: resolve(root, raw.PGLITE_DATA_DIR ?? DEFAULT_PGLITE_DIR),
      smtpUrl: raw.SMTP_URL ?? null,
      mailFrom: raw.MAIL_FROM ?? DEFAULT_MAIL_FROM,
      smtpAllowPlaintext: raw.SMTP_ALLOW_PLAINTEXT,
      testDatabaseUrl: raw.TEST_DATABASE_URL ?? null,
      testPgbouncer: raw.TEST_PGBOUNCER,
    };
  });

export type ServerEnv = z.output<typeof schema>;

/** An empty or blank setting means unset, for every type (`PORT=` must not coerce to 0). */
function withoutBlankSettings(
  source: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value?.trim() !== ""));
}

/** Validates settings; a bad one throws an error that names it. */
export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const result = schema.safeParse(withoutBlankSettings(source));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Invalid settings:\n${problems.join("\n")}`);
}

let cached: ServerEnv | null = null;

/** The process's settings, validated once on first use. */
export function serverEnv(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}
