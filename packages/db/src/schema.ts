// Millisecond precision everywhere: JavaScript Dates carry no more, so keyset cursors round-trip exactly.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const timestamps = {
  createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
};

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Stored only in normalized form (trimmed, NFC, lower-case), so the unique index is on that form. */
    email: text().notNull(),
    name: text(),
    passwordHash: text().notNull(),
    ...timestamps,
  },
  (table) => [uniqueIndex("users_email_key").on(table.email)],
);

export const sessionKind = pgEnum("session_kind", ["browser", "cli"]);

export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    /** Hex SHA-256 of the token's secret part; the token itself is never stored. */
    secretHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    lastVerifiedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    userAgent: text(),
    kind: sessionKind().notNull(),
  },
  (table) => [index("sessions_user_id_idx").on(table.userId)],
);

/** Declaration order is sort order: `ORDER BY priority` ranks low < medium < high. */
export const taskPriority = pgEnum("task_priority", ["low", "medium", "high"]);

export const tasks = pgTable(
  "tasks",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text().notNull(),
    description: text(),
    completed: boolean().notNull().default(false),
    completedAt: timestamp({ withTimezone: true, precision: 3 }),
    priority: taskPriority().notNull().default("medium"),
    dueAt: timestamp({ withTimezone: true, precision: 3 }),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (table) => [
    // One index per list sort; each leads with user_id so every scan stays inside one user's rows.
    index("tasks_user_created_idx").on(table.userId, table.createdAt, table.id),
    index("tasks_user_due_idx").on(
      table.userId,
      sql`coalesce(${table.dueAt}, 'infinity'::timestamptz)`,
      table.id,
    ),
    index("tasks_user_priority_idx").on(table.userId, table.priority, table.createdAt, table.id),
    index("tasks_user_title_idx").on(table.userId, sql`lower(${table.title})`, table.id),
    index("tasks_tags_idx").using("gin", table.tags),
    check("tasks_completed_at_matches", sql`${table.completed} = (${table.completedAt} is not null)`),
  ],
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Task = typeof tasks.$inferSelect;
export type TaskPriority = (typeof taskPriority.enumValues)[number];
export type SessionKind = (typeof sessionKind.enumValues)[number];

/** Token buckets for request throttling, shared by every app instance (state in the database). */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  /** `<action>:<client ip>` */
  key: text().primaryKey(),
  tokens: doublePrecision().notNull(),
  updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
});

/** Consecutive failed sign-ins per email (known or not, so the throttle reveals nothing). */
export const signInThrottles = pgTable("sign_in_throttles", {
  email: text().primaryKey(),
  failures: integer().notNull(),
  lockedUntil: timestamp({ withTimezone: true, precision: 3 }).notNull(),
});

export const securityEventType = pgEnum("security_event_type", [
  "sign_up",
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "password_changed",
  "session_revoked",
  "other_sessions_revoked",
  "throttled",
]);

export const securityEvents = pgTable(
  "security_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: securityEventType().notNull(),
    ipAddress: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [index("security_events_user_created_idx").on(table.userId, table.createdAt)],
);

export type SecurityEventType = (typeof securityEventType.enumValues)[number];
