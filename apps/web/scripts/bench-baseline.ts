/**
 * The bare baseline of `pnpm bench`: plain `node:http` + postgres.js doing the same work as Doable
 * for the requests the benchmark sends, and nothing else, so the gap between the two is what
 * Next.js, tRPC and our own middleware cost. It imports no workspace package on purpose but the
 * plain constants of @doable/domain: it must start in a moment and carry no framework.
 *
 * - `GET /api/health`: `select 1`, `{"ok":true}`.
 * - `GET /api/trpc/task.list?input=...`: the bearer token checked like validateSessionToken (one
 *   select joining sessions to users by id, SHA-256 of the secret compared in constant time, idle
 *   and absolute expiry, the hourly activity write), then the same SQL Drizzle emits for the
 *   default sort (`created desc`, status filter, limit + 1), answered with the same superjson body.
 *   Only what the benchmark sends is supported: another sort or filter is a 400.
 * - `POST /api/trpc/auth.signIn`: the user by email, one argon2 verification (a dummy one for an
 *   unknown email), a new session. No throttles and no security log: the floor for a sign-in.
 *
 * Run by `pnpm bench` as `node --import tsx scripts/bench-baseline.ts` with DATABASE_URL,
 * DATABASE_POOL_MAX and PORT (0 picks a free one); prints `listening on <port>` when ready.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { DAY_MS, HOUR_MS, MAX_USER_AGENT_LENGTH } from "@doable/domain";
import { hash, verify } from "@node-rs/argon2";
import postgres from "postgres";
import superjson from "superjson";

// Same pool settings as packages/db's createPostgresHandle.
const CONNECT_TIMEOUT_SECONDS = 5;
const IDLE_TIMEOUT_SECONDS = 30;
const DEFAULT_POOL_MAX = 10;
const HOST = "127.0.0.1";

// Same rules as packages/auth (session.ts, cookie.ts, password.ts).
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{20})\.([A-Za-z0-9_-]{32})$/;
const BEARER_PATTERN = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const SESSION_INACTIVITY_TIMEOUT_MS = 7 * DAY_MS;
const SESSION_ABSOLUTE_LIFETIME_MS = 30 * DAY_MS;
const SESSION_ACTIVITY_WRITE_INTERVAL_MS = HOUR_MS;
const SESSION_ID_BYTES = 15;
const SESSION_SECRET_BYTES = 24;
const ARGON2ID = 2;
const PASSWORD_HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const DUMMY_PASSWORD_BYTES = 32;

// Same limits as packages/api's validators.
const LIST_LIMIT_DEFAULT = 50;
const LIST_LIMIT_MAX = 100;
const MAX_BODY_BYTES = 1024 * 1024;

const TRPC_PREFIX = "/api/trpc/";
const STATUSES = new Set(["all", "active", "completed"]);
const LIST_INPUT_KEYS = new Set(["status", "sort", "order", "limit", "cursor", "direction"]);

type TaskRow = [
  id: string,
  title: string,
  description: string | null,
  completed: boolean,
  completedAt: Date | null,
  priority: string,
  dueDate: string | null,
  dueTime: string | null,
  tags: string[],
  projectId: string,
  recurrence: string | null,
  parentId: string | null,
  remindAt: Date | null,
  position: string,
  version: number,
  createdAt: Date,
  updatedAt: Date,
  subtasks: SubtaskJson[],
  createdAtKey: string,
  idKey: string,
];

/** A subtask as the list's JSON subquery spells it (packages/api/src/task/subtasks.ts). */
interface SubtaskJson {
  completedAt: string | null;
  remindAt: string | null;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

type SessionRow = [
  id: string,
  secretHash: string,
  userId: string,
  createdAt: Date,
  lastVerifiedAt: Date,
  userAgent: string | null,
  kind: string,
  userId: string,
  email: string,
  name: string | null,
  timeZone: string,
  userCreatedAt: Date,
];

type UserRow = [
  id: string,
  email: string,
  name: string | null,
  timeZone: string,
  createdAt: Date,
  passwordHash: string,
];

interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  timeZone: string;
  createdAt: Date;
}

interface ListInput {
  status: string;
  limit: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Rows as arrays (postgres.js `values()`), the way Drizzle reads them: no column-name mapping per
 * row. postgres.js types only object rows, so the caller names the tuple.
 */
async function valueRows<Row>(query: { values(): PromiseLike<unknown> }): Promise<Row[]> {
  return (await query.values()) as Row[];
}

const sql = postgres(process.env.DATABASE_URL ?? "", {
  max: Number(process.env.DATABASE_POOL_MAX || DEFAULT_POOL_MAX),
  connect_timeout: CONNECT_TIMEOUT_SECONDS,
  idle_timeout: IDLE_TIMEOUT_SECONDS,
  // As the app's pool (packages/db/src/client.ts): no named prepared statements.
  prepare: false,
  onnotice: () => {},
});

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  response.end(text);
}

/** tRPC's error envelope, as Doable's error formatter shapes it. */
function sendTrpcError(response: ServerResponse, path: string, error: HttpError): void {
  const data = {
    code: error.code,
    httpStatus: error.status,
    path,
    fieldErrors: null,
    retryAfterSeconds: null,
    current: null,
    requestId: null,
  };
  sendJson(response, error.status, { error: { json: { message: error.message, code: -32001, data } } });
}

function sendTrpcResult(response: ServerResponse, value: unknown): void {
  sendJson(response, 200, { result: { data: superjson.serialize(value) } });
}

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), "hex");
  const expected = Buffer.from(storedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function unauthorized(message = "Not signed in"): HttpError {
  return new HttpError(401, "UNAUTHORIZED", message);
}

/** validateSessionToken's work: the user behind a valid bearer token, or a 401. */
async function authenticate(request: IncomingMessage): Promise<SessionUser> {
  const bearer = BEARER_PATTERN.exec(request.headers.authorization ?? "")?.[1];
  const match = TOKEN_PATTERN.exec(bearer ?? "");
  if (!match) throw unauthorized();
  const [, id = "", secret = ""] = match;
  const [row] = await valueRows<SessionRow>(sql`
    select "sessions"."id", "sessions"."secret_hash", "sessions"."user_id", "sessions"."created_at",
      "sessions"."last_verified_at", "sessions"."user_agent", "sessions"."kind", "users"."id",
      "users"."email", "users"."name", "users"."time_zone", "users"."created_at"
    from "sessions" inner join "users" on "users"."id" = "sessions"."user_id"
    where "sessions"."id" = ${id} limit ${1}`);
  if (!row || !secretMatches(secret, row[1])) throw unauthorized();
  const [, , , createdAt, lastVerifiedAt, , , userId, email, name, timeZone, userCreatedAt] = row;
  const now = Date.now();
  const expiresAt = Math.min(
    lastVerifiedAt.getTime() + SESSION_INACTIVITY_TIMEOUT_MS,
    createdAt.getTime() + SESSION_ABSOLUTE_LIFETIME_MS,
  );
  if (now >= expiresAt) {
    await sql`delete from "sessions" where "id" = ${id}`;
    throw unauthorized();
  }
  if (now - lastVerifiedAt.getTime() >= SESSION_ACTIVITY_WRITE_INTERVAL_MS) {
    await sql`update "sessions" set "last_verified_at" = ${new Date(now)} where "sessions"."id" = ${id}`;
  }
  return { id: userId, email, name, timeZone, createdAt: userCreatedAt };
}

function badRequest(message: string): HttpError {
  return new HttpError(400, "BAD_REQUEST", message);
}

/** The list input the benchmark sends (the dashboard's first page); anything else is refused. */
function parseListInput(search: URLSearchParams): ListInput {
  let json: unknown = {};
  const raw = search.get("input");
  if (raw !== null) {
    try {
      json = (JSON.parse(raw) as { json?: unknown }).json ?? {};
    } catch {
      throw badRequest("Invalid input");
    }
  }
  const input = json as Record<string, unknown>;
  if (typeof input !== "object" || input === null) throw badRequest("Invalid input");
  if (Object.keys(input).some((key) => !LIST_INPUT_KEYS.has(key))) throw badRequest("Unknown field");
  const status = input.status ?? "all";
  const limit = input.limit ?? LIST_LIMIT_DEFAULT;
  const supported =
    typeof status === "string" &&
    STATUSES.has(status) &&
    (input.sort ?? "created") === "created" &&
    (input.order ?? "desc") === "desc" &&
    (input.cursor ?? null) === null &&
    Number.isInteger(limit) &&
    (limit as number) >= 1 &&
    (limit as number) <= LIST_LIMIT_MAX;
  if (!supported) throw badRequest("Not supported by the baseline");
  return { status, limit: limit as number };
}

function listRows(userId: string, input: ListInput): Promise<TaskRow[]> {
  // The due day as text (postgres.js would make a Date of it) and the time as HH:MM, as the app answers them.
  const columns = sql`"id", "title", "description", "completed", "completed_at", "priority",
    ("tasks"."due_date")::text, to_char("tasks"."due_time", 'HH24:MI'),
    "tags", "project_id", "recurrence", "parent_id", "remind_at", "position", "version", "created_at", "updated_at",
    coalesce((select json_agg(json_build_object(
      'id', s.id, 'title', s.title, 'description', s.description, 'completed', s.completed,
      'completedAt', s.completed_at, 'priority', s.priority, 'dueDate', s.due_date,
      'dueTime', to_char(s.due_time, 'HH24:MI'), 'tags', s.tags, 'projectId', s.project_id,
      'recurrence', s.recurrence, 'remindAt', s.remind_at, 'parentId', s.parent_id, 'position', s.position,
      'version', s.version, 'createdAt', s.created_at, 'updatedAt', s.updated_at
    ) order by s.position, s.id)
    from "tasks" as s where s.parent_id = "tasks"."id" and s.user_id = "tasks"."user_id"
      and s.deleted_at is null), '[]'::json),
    ("tasks"."created_at")::text, ("tasks"."id")::text`;
  const order = sql`order by "tasks"."created_at" desc, "tasks"."id" desc limit ${input.limit + 1}`;
  if (input.status === "all") {
    return valueRows<TaskRow>(
      sql`select ${columns} from "tasks" where "tasks"."user_id" = ${userId} and "tasks"."deleted_at" is null
        and "tasks"."parent_id" is null ${order}`,
    );
  }
  const completed = input.status === "completed";
  return valueRows<TaskRow>(sql`select ${columns} from "tasks"
    where ("tasks"."user_id" = ${userId} and "tasks"."deleted_at" is null and "tasks"."parent_id" is null
      and "tasks"."completed" = ${completed}) ${order}`);
}

function encodeCursor(keys: string[]): string {
  return Buffer.from(JSON.stringify({ s: "created", o: "desc", k: keys })).toString("base64url");
}

async function listTasks(request: IncomingMessage, search: URLSearchParams): Promise<unknown> {
  const user = await authenticate(request);
  const input = parseListInput(search);
  const rows = await listRows(user.id, input);
  const page = rows.slice(0, input.limit);
  const items = page.map(
    ([
      id,
      title,
      description,
      completed,
      completedAt,
      priority,
      dueDate,
      dueTime,
      tags,
      projectId,
      recurrence,
      parentId,
      remindAt,
      position,
      version,
      createdAt,
      updatedAt,
      subtasks,
    ]) => ({
      id,
      title,
      description,
      completed,
      completedAt,
      priority,
      dueDate,
      dueTime,
      tags,
      projectId,
      recurrence,
      parentId,
      remindAt,
      position,
      version,
      createdAt,
      updatedAt,
      subtasks: subtasks.map((subtask) => ({
        ...subtask,
        completedAt: subtask.completedAt === null ? null : new Date(subtask.completedAt),
        remindAt: subtask.remindAt === null ? null : new Date(subtask.remindAt),
        createdAt: new Date(subtask.createdAt),
        updatedAt: new Date(subtask.updatedAt),
      })),
    }),
  );
  const last = page.at(-1);
  const nextCursor = rows.length > input.limit && last ? encodeCursor([last[18], last[19]]) : null;
  return { items, nextCursor };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "PAYLOAD_TOO_LARGE", "Request body is too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

let dummyHash: Promise<string> | null = null;

/** The user's password checked with one argon2 verification, or a dummy one for an unknown email. */
async function passwordMatches(passwordHash: string | null, password: string): Promise<boolean> {
  const normalized = password.normalize("NFC");
  if (passwordHash === null) {
    dummyHash ??= hash(randomBytes(DUMMY_PASSWORD_BYTES).toString("base64url"), PASSWORD_HASH_OPTIONS);
    await verify(await dummyHash, normalized).catch(() => false);
    return false;
  }
  return verify(passwordHash, normalized).catch(() => false);
}

async function signIn(request: IncomingMessage): Promise<unknown> {
  let input: { email?: unknown; password?: unknown; transport?: unknown };
  try {
    input = (JSON.parse(await readBody(request)) as { json?: typeof input }).json ?? {};
  } catch {
    throw badRequest("Invalid input");
  }
  if (typeof input.email !== "string" || typeof input.password !== "string")
    throw badRequest("Invalid input");
  const email = input.email.trim().normalize("NFC").toLowerCase();
  const [user] = await valueRows<UserRow>(sql`
    select "id", "email", "name", "time_zone", "created_at", "password_hash" from "users"
    where "users"."email" = ${email} limit ${1}`);
  const passwordOk = await passwordMatches(user?.[5] ?? null, input.password);
  if (!user || !passwordOk) throw unauthorized("Invalid credentials");
  const id = randomBytes(SESSION_ID_BYTES).toString("base64url");
  const secret = randomBytes(SESSION_SECRET_BYTES).toString("base64url");
  const now = new Date();
  const userAgent = request.headers["user-agent"]?.slice(0, MAX_USER_AGENT_LENGTH) ?? null;
  const kind = input.transport === "bearer" ? "cli" : "browser";
  await sql`insert into "sessions" ("id", "secret_hash", "user_id", "created_at", "last_verified_at", "user_agent", "kind")
    values (${id}, ${hashSecret(secret)}, ${user[0]}, ${now}, ${now}, ${userAgent}, ${kind})`;
  const [userId, userEmail, name, timeZone, createdAt] = user;
  return { user: { id: userId, email: userEmail, name, timeZone, createdAt }, token: `${id}.${secret}` };
}

async function health(response: ServerResponse): Promise<void> {
  let ok = false;
  try {
    await sql`select 1`;
    ok = true;
  } catch {
    // the database is down: not healthy
  }
  sendJson(response, ok ? 200 : 503, { ok });
}

async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", "http://baseline");
  if (url.pathname === "/api/health" && request.method === "GET") return health(response);
  const path = url.pathname.startsWith(TRPC_PREFIX) ? url.pathname.slice(TRPC_PREFIX.length) : "";
  try {
    if (path === "task.list" && request.method === "GET") {
      return sendTrpcResult(response, await listTasks(request, url.searchParams));
    }
    if (path === "auth.signIn" && request.method === "POST") {
      return sendTrpcResult(response, await signIn(request));
    }
    throw new HttpError(404, "NOT_FOUND", "No such procedure in the baseline");
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    sendTrpcError(response, path, error);
  }
}

const server = createServer((request, response) => {
  route(request, response).catch((error: unknown) => {
    console.error(error);
    if (!response.headersSent) sendJson(response, 500, { error: "internal" });
    else response.destroy();
  });
});

server.listen(Number(process.env.PORT ?? 0), HOST, () => {
  const address = server.address();
  console.log(`listening on ${typeof address === "object" && address ? address.port : ""}`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    void sql.end().finally(() => process.exit(0));
  });
}
