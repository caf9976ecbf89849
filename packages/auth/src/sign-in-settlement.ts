import {
  builtOncePerDatabase,
  type Database,
  reuseBuiltQuery,
  type Session,
  securityEvents,
  sessions,
  signInThrottles,
} from "@doable/db";
import { eq, type Placeholder, sql } from "drizzle-orm";
import { deviceRemembering } from "./device-cookie";
import { hashSecret } from "./secret-hash";

/** Everything a right password settles, written together by `settleSignIn`. */
export interface SignInSettlement {
  /** The session to open (`newSession`): its token goes to the client once the write is done. */
  session: Session;
  /** The claim the attempt made (`claimDeviceSignInAttempt`'s key): cleared. */
  throttleKey: string;
  /** The attempt's security entry, recorded as failed while the password was verified. */
  securityEventId: string;
  /** The device the sign-in came from, remembered for the session's user; null: none (scripts). */
  deviceId: string | null;
  now: Date;
}

/** What the settlement found: whether the device had signed in to this account before. */
export interface SettledSignIn {
  /** Null when no device was remembered. */
  deviceKnown: boolean | null;
}

/** Where each value goes in the statement, bound when it runs: the SQL is built once per handle. */
const SLOTS = {
  sessionId: sql.placeholder("sessionId"),
  sessionSecretHash: sql.placeholder("sessionSecretHash"),
  userId: sql.placeholder("userId"),
  sessionCreatedAt: sql.placeholder("sessionCreatedAt"),
  sessionLastVerifiedAt: sql.placeholder("sessionLastVerifiedAt"),
  sessionUserAgent: sql.placeholder("sessionUserAgent"),
  sessionKind: sql.placeholder("sessionKind"),
  throttleKey: sql.placeholder("throttleKey"),
  securityEventId: sql.placeholder("securityEventId"),
  deviceHash: sql.placeholder("deviceHash"),
  now: sql.placeholder("now"),
};

/** Every column of a session, from its slot: a column added to sessions must be given one here. */
const SESSION_SLOTS = {
  id: SLOTS.sessionId,
  secretHash: SLOTS.sessionSecretHash,
  userId: SLOTS.userId,
  createdAt: SLOTS.sessionCreatedAt,
  lastVerifiedAt: SLOTS.sessionLastVerifiedAt,
  userAgent: SLOTS.sessionUserAgent,
  kind: SLOTS.sessionKind,
} satisfies Record<keyof Session, Placeholder>;

/** The session opened, the claim cleared and the security entry settled: the CTEs every settlement has. */
function sessionSettlement(db: Database) {
  const opened = db
    .$with("session_opened")
    .as(db.insert(sessions).values(SESSION_SLOTS).returning({ id: sessions.id }));
  const cleared = db
    .$with("claim_cleared")
    .as(
      db
        .delete(signInThrottles)
        .where(eq(signInThrottles.email, SLOTS.throttleKey))
        .returning({ email: signInThrottles.email }),
    );
  const settled = db
    .$with("event_settled")
    .as(
      db
        .update(securityEvents)
        .set({ type: "sign_in" })
        .where(eq(securityEvents.id, SLOTS.securityEventId))
        .returning({ id: securityEvents.id }),
    );
  return { opened, cleared, settled };
}

const settlementWithoutDevice = builtOncePerDatabase((db) => {
  const { opened, cleared, settled } = sessionSettlement(db);
  return reuseBuiltQuery(db.with(opened, cleared, settled).select({ id: opened.id }).from(opened));
});

const settlementWithDevice = builtOncePerDatabase((db) => {
  const { opened, cleared, settled } = sessionSettlement(db);
  const { remembered, forgotten } = deviceRemembering(db, {
    userId: SLOTS.userId,
    deviceHash: SLOTS.deviceHash,
    now: SLOTS.now,
  });
  return reuseBuiltQuery(
    db
      .with(opened, cleared, settled, remembered, forgotten)
      .select({ isNew: remembered.isNew })
      .from(remembered),
  );
});

/**
 * Settles a password sign-in in one statement of data-modifying CTEs: the session opened, the
 * claim cleared, the security entry turned into "sign_in", and the device remembered (forgetting
 * the oldest others). PostgreSQL runs every data-modifying CTE to completion whether or not the
 * outer query reads it, in one transaction: a sign-in waits for one round trip and one commit
 * after its verification instead of four (docs/decisions/0041), and either all of it is written
 * or none. The session must survive a crash, so the statement commits with a flush, the claim's
 * clearing with it. Its SQL is built once per database handle and bound to each sign-in's values.
 */
export async function settleSignIn(db: Database, settlement: SignInSettlement): Promise<SettledSignIn> {
  const { session } = settlement;
  const values: Record<keyof typeof SLOTS, string | Date | null> = {
    sessionId: session.id,
    sessionSecretHash: session.secretHash,
    userId: session.userId,
    sessionCreatedAt: session.createdAt,
    sessionLastVerifiedAt: session.lastVerifiedAt,
    sessionUserAgent: session.userAgent,
    sessionKind: session.kind,
    throttleKey: settlement.throttleKey,
    securityEventId: settlement.securityEventId,
    deviceHash: settlement.deviceId === null ? null : hashSecret(settlement.deviceId),
    now: settlement.now,
  };
  if (settlement.deviceId === null) {
    const [row] = await settlementWithoutDevice(db).execute(values);
    if (!row) throw new Error("the session insert returned no row");
    return { deviceKnown: null };
  }
  const [row] = await settlementWithDevice(db).execute(values);
  if (!row) throw new Error("the device upsert returned no row");
  return { deviceKnown: !row.isNew };
}
