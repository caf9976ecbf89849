import { randomBytes } from "node:crypto";
import {
  type Database,
  publicUserColumns,
  builtOncePerDatabase,
  reuseBuiltQuery,
  type Session,
  type SessionKind,
  sessions,
  users,
} from "@doable/db";
import { DAY_MS, MAX_USER_AGENT_LENGTH, MINUTE_MS, type PublicUser } from "@doable/domain";
import { and, desc, eq, lte, ne, or, sql } from "drizzle-orm";
import { hashSecret, secretMatches } from "./secret-hash";

export const SESSION_INACTIVITY_TIMEOUT_MS = 7 * DAY_MS;
export const SESSION_ABSOLUTE_LIFETIME_MS = 30 * DAY_MS;
/**
 * `last_verified_at` is written at most this often per session, so validation is usually
 * read-only, while "Last used" on /account stays accurate to a few minutes (the idle timeout
 * slides with it): one small write per active session every 5 minutes at most.
 */
export const SESSION_ACTIVITY_WRITE_INTERVAL_MS = 5 * MINUTE_MS;

const SESSION_ID_BYTES = 15; // 120 bits
export const SESSION_SECRET_BYTES = 24; // 192 bits
/** `<id>.<secret>`: sessions and emailed links share the shape (and the way they are stored). */
export const TOKEN_PATTERN = /^([A-Za-z0-9_-]{20})\.([A-Za-z0-9_-]{32})$/;

/** The user a valid session belongs to: the same fields the API may show (`PublicUser`). */
export type SessionUser = PublicUser;

export interface ValidSession {
  session: Session;
  user: SessionUser;
}

export interface NewSession {
  session: Session;
  /** `<id>.<secret>`: handed to the client once, never stored. */
  token: string;
}

export function sessionExpiresAt(session: Pick<Session, "createdAt" | "lastVerifiedAt">): Date {
  const idleEnd = session.lastVerifiedAt.getTime() + SESSION_INACTIVITY_TIMEOUT_MS;
  const absoluteEnd = session.createdAt.getTime() + SESSION_ABSOLUTE_LIFETIME_MS;
  return new Date(Math.min(idleEnd, absoluteEnd));
}

/** A session id starts like this, so that nobody's command line takes it for an option. */
const SESSION_ID_FIRST_CHARACTER = /^[A-Za-z0-9]/;

/**
 * A new session id: 120 random bits in base64url. People see ids (`doable sessions`) and type
 * them back (`doable sessions revoke <id>`), and one starting with "-" reads as an option there,
 * so an id starts with a letter or a digit. Such an id is drawn again, not altered, so every id
 * that can occur stays equally likely (one draw in 32 is redrawn).
 */
export function newSessionId(): string {
  for (;;) {
    const id = randomBytes(SESSION_ID_BYTES).toString("base64url");
    if (SESSION_ID_FIRST_CHARACTER.test(id)) return id;
  }
}

/**
 * A new session and the token that opens it, not yet written: `createSession` writes it alone, a
 * password sign-in as part of its one settling statement (`settleSignIn`).
 */
export function newSession(input: {
  userId: string;
  kind: SessionKind;
  userAgent: string | null;
  now: Date;
}): NewSession {
  const id = newSessionId();
  const secret = randomBytes(SESSION_SECRET_BYTES).toString("base64url");
  const session: Session = {
    id,
    secretHash: hashSecret(secret),
    userId: input.userId,
    createdAt: input.now,
    lastVerifiedAt: input.now,
    userAgent: input.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
    kind: input.kind,
  };
  return { session, token: `${id}.${secret}` };
}

export async function createSession(
  db: Database,
  input: { userId: string; kind: SessionKind; userAgent: string | null; now: Date },
): Promise<NewSession> {
  const created = newSession(input);
  await db.insert(sessions).values(created.session);
  return created;
}

function buildSessionLookup(db: Database) {
  return reuseBuiltQuery(
    db
      .select({
        session: sessions,
        user: publicUserColumns,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sql.placeholder("id")))
      .limit(1),
  );
}

/**
 * The session check runs on every request with the same SQL: it is built once per database handle
 * (docs/decisions/0041), not on each call.
 */
const sessionLookup = builtOncePerDatabase(buildSessionLookup);

/** The session and its user, or null for a malformed, unknown, forged or expired token. */
export async function validateSessionToken(
  db: Database,
  token: string,
  now: Date,
): Promise<ValidSession | null> {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, id, secret] = match as unknown as [string, string, string];
  const [row] = await sessionLookup(db).execute({ id });
  if (!row || !secretMatches(secret, row.session.secretHash)) return null;

  if (now.getTime() >= sessionExpiresAt(row.session).getTime()) {
    await invalidateSession(db, row.session.id);
    return null;
  }
  const writeDue = new Date(now.getTime() - SESSION_ACTIVITY_WRITE_INTERVAL_MS);
  if (row.session.lastVerifiedAt.getTime() <= writeDue.getTime()) {
    // Conditional: a burst of requests of one session (a page's parallel calls) writes once.
    await db
      .update(sessions)
      .set({ lastVerifiedAt: now })
      .where(and(eq(sessions.id, row.session.id), lte(sessions.lastVerifiedAt, writeDue)));
    row.session.lastVerifiedAt = now;
  }
  return row;
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends one session of the user; false when the user has no session with that id. */
export async function invalidateUserSession(
  db: Database,
  userId: string,
  sessionId: string,
): Promise<boolean> {
  const ended = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return ended.length > 0;
}

/** Ends every session of the user except `keepSessionId` (when given); returns how many ended. */
export async function invalidateUserSessions(
  db: Database,
  userId: string,
  keepSessionId: string | null,
): Promise<number> {
  const scope = eq(sessions.userId, userId);
  const ended = await db
    .delete(sessions)
    .where(keepSessionId === null ? scope : and(scope, ne(sessions.id, keepSessionId)))
    .returning({ id: sessions.id });
  return ended.length;
}

/** What a user may see of one of their sessions: never the secret's hash. */
export interface SessionSummary {
  id: string;
  kind: SessionKind;
  userAgent: string | null;
  createdAt: Date;
  lastVerifiedAt: Date;
  expiresAt: Date;
}

/** The user's sessions still live at `now`, most recently used first. */
export async function listUserSessions(db: Database, userId: string, now: Date): Promise<SessionSummary[]> {
  const rows = await db
    .select({
      id: sessions.id,
      kind: sessions.kind,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastVerifiedAt: sessions.lastVerifiedAt,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastVerifiedAt), desc(sessions.createdAt));
  return rows
    .map((row) => ({ ...row, expiresAt: sessionExpiresAt(row) }))
    .filter((row) => row.expiresAt.getTime() > now.getTime());
}

/** The stored row of a session, or null; for tests and tools that inspect a session as stored. */
export async function findSession(db: Database, sessionId: string): Promise<Session | null> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionId)).limit(1);
  return row ?? null;
}

/** Deletes sessions past their idle or absolute limit; returns how many. */
export async function deleteExpiredSessions(db: Database, now: Date): Promise<number> {
  const idleCutoff = new Date(now.getTime() - SESSION_INACTIVITY_TIMEOUT_MS);
  const absoluteCutoff = new Date(now.getTime() - SESSION_ABSOLUTE_LIFETIME_MS);
  const deleted = await db
    .delete(sessions)
    .where(or(lte(sessions.lastVerifiedAt, idleCutoff), lte(sessions.createdAt, absoluteCutoff)))
    .returning({ id: sessions.id });
  return deleted.length;
}
