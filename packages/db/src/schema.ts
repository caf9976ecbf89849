// Millisecond precision everywhere: JavaScript Dates carry no more, so keyset cursors round-trip exactly.
import { DEFAULT_PRIORITY, DEFAULT_PROJECT_COLOR, PRIORITIES } from "@doable/domain";
import { type SQL, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  customType,
  boolean,
  check,
  date,
  foreignKey,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  time,
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
    /** When the owner last proved they read mail at `email` (a verification or reset link); null: never. */
    emailVerifiedAt: timestamp({ withTimezone: true, precision: 3 }),
    /**
     * The IANA zone the owner's due dates and times are read in (docs/decisions/0034): where
     * "today" and "overdue" begin. Checked against the database's zone names when set.
     */
    timeZone: text().notNull().default("UTC"),
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

/**
 * Text compared byte by byte whatever the database's collation: a manual-order key (ADR 0046)
 * sorts in the database exactly as `<` sorts it in JavaScript.
 */
const bytewiseText = customType<{ data: string }>({
  dataType: () => 'text COLLATE "C"',
});

type TaskKeyColumns = {
  deadline: AnyPgColumn;
  title: AnyPgColumn;
  completed: AnyPgColumn;
  deletedAt: AnyPgColumn;
};

/** The due sort's key: no due date sorts as infinitely far away (docs/decisions/0006, 0034). */
function dueKey(table: TaskKeyColumns): SQL {
  return sql`coalesce(${table.deadline}, 'infinity'::timestamp)`;
}

function titleKey(table: TaskKeyColumns): SQL {
  return sql`lower(${table.title})`;
}

/** Not in the trash: every list, search and count reads only these rows (docs/decisions/0029). */
function live(table: TaskKeyColumns): SQL {
  return sql`${table.deletedAt} is null`;
}

function open(table: TaskKeyColumns): SQL {
  return sql`not ${table.completed} and ${table.deletedAt} is null`;
}

function trashed(table: TaskKeyColumns): SQL {
  return sql`${table.deletedAt} is not null`;
}

/**
 * Named lists of tasks with a colour (docs/decisions/0042). Every user has exactly one Inbox
 * (`isInbox`), created with the account by a trigger on `users` (migration 0009), which cannot be
 * renamed, archived or deleted. A deleted project keeps its row (`deletedAt`) with the tasks that
 * went to the trash with it, so Undo (`project.restore`) brings both back; the purge script deletes
 * it for good with them after the trash's 30 days.
 */
export const projects = pgTable(
  "projects",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** `#rrggbb` (lower-case). */
    color: text().notNull().default(DEFAULT_PROJECT_COLOR),
    isInbox: boolean().notNull().default(false),
    archived: boolean().notNull().default(false),
    deletedAt: timestamp({ withTimezone: true, precision: 3 }),
    ...timestamps,
  },
  (table) => [
    // The target of tasks' (project_id, user_id) key: a task can only ever be in its owner's project.
    uniqueIndex("projects_id_user_key").on(table.id, table.userId),
    // Names are unique per owner, ignoring case, among projects not deleted.
    uniqueIndex("projects_user_name_key")
      .on(table.userId, sql`lower(${table.name})`)
      .where(sql`${table.deletedAt} is null`),
    uniqueIndex("projects_user_inbox_key").on(table.userId).where(sql`${table.isInbox}`),
    index("projects_user_idx").on(table.userId, table.createdAt),
    index("projects_deleted_at_idx").on(table.deletedAt).where(sql`${table.deletedAt} is not null`),
    check(
      "projects_inbox_stays",
      sql`not ${table.isInbox} or (not ${table.archived} and ${table.deletedAt} is null)`,
    ),
  ],
);

/**
 * Each project's live task counts, kept by triggers on `tasks` (migration 0009) like `task_counts`,
 * so the sidebar's open counts and `task.stats {projectId}` read one row per project.
 */
export const projectCounts = pgTable(
  "project_counts",
  {
    projectId: uuid()
      .primaryKey()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: uuid().notNull(),
    total: integer().notNull().default(0),
    completed: integer().notNull().default(0),
  },
  (table) => [index("project_counts_user_idx").on(table.userId)],
);

/** Declaration order is sort order: `ORDER BY priority` ranks low < medium < high. */
export const taskPriority = pgEnum("task_priority", PRIORITIES);

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
    priority: taskPriority().notNull().default(DEFAULT_PRIORITY),
    /** The calendar day the task is due: the same day in every time zone (docs/decisions/0034). */
    dueDate: date({ mode: "string" }),
    /** An optional time on `dueDate`, on the owner's clock (`users.time_zone`). */
    dueTime: time({ precision: 0 }),
    /**
     * When the task is due, on the owner's wall clock: the end of `dueDate` (the next day's
     * midnight), or `dueDate` at `dueTime`. Zone-free, so a list sorts the same wherever it is
     * read, and "overdue" compares it with the owner's clock now (docs/decisions/0034).
     */
    deadline: timestamp({ precision: 3 }).generatedAlwaysAs(
      sql`due_date + coalesce(due_time, '24:00'::time)`,
    ),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    /**
     * The project the task is in (docs/decisions/0042). Left out on insert, a trigger puts the task
     * in its owner's Inbox (migration 0009); the key (project_id, user_id) keeps it in its owner's.
     */
    projectId: uuid().notNull().default(sql`null`),
    /**
     * How the task repeats: an RFC 5545 RRULE value (`FREQ=WEEKLY;BYDAY=FR`), checked by the API
     * (`parseRecurrence`, @doable/domain); null for a one-off task. Only with a due date: the rule
     * runs from it (docs/decisions/0043).
     */
    recurrence: text(),
    /**
     * The next occurrence this one's completion created, set once by the completion that won: a
     * second completion (another device at the same moment, or after reopening) finds it set and
     * creates nothing. No foreign key: deleting the next occurrence for good must not let this one
     * create another.
     */
    recurrenceNextId: uuid(),
    /**
     * The task this one is a subtask of (docs/decisions/0048): one level only, so a parent's own
     * `parent_id` is null. Set once, at creation. A subtask is in its parent's project and follows
     * it to the trash and back (triggers, migration 0012); deleting the parent for good deletes it.
     */
    parentId: uuid().references((): AnyPgColumn => tasks.id, { onDelete: "cascade" }),
    /**
     * The task's place in its owner's manual order (`@doable/domain` task-position, ADR 0046).
     * A new task's comes from its creation time, counted down (`task_new_position`, migration
     * 0011): newest first, as in the default order; task.move writes a key between two others.
     */
    position: bytewiseText().notNull().default(sql`task_new_position(now())`),
    /** 1 when created, +1 on every change (a trigger, migration 0003): what a stale edit is told apart by. */
    version: integer().notNull().default(1),
    /**
     * When to remind the owner of the task (docs/decisions/0049): an instant, null for no reminder.
     * Whether it is still to come or has fired lives in `task_reminders`, so firing it changes
     * nothing here (no version, no edit conflict).
     */
    remindAt: timestamp({ withTimezone: true, precision: 3 }),
    /** When the task was moved to the trash; null while it is live (docs/decisions/0029). */
    deletedAt: timestamp({ withTimezone: true, precision: 3 }),
    ...timestamps,
  },
  (table) => [
    // One index per list sort; each leads with user_id so every scan stays inside one user's rows.
    // Live tasks only: the trash is never listed through them. Queries must say `deleted_at is null`
    // literally (docs/decisions/0029).
    index("tasks_user_created_idx").on(table.userId, table.createdAt, table.id).where(live(table)),
    index("tasks_user_due_idx").on(table.userId, dueKey(table), table.id).where(live(table)),
    index("tasks_user_priority_idx")
      .on(table.userId, table.priority, table.createdAt, table.id)
      .where(live(table)),
    index("tasks_user_title_idx").on(table.userId, titleKey(table), table.id).where(live(table)),
    index("tasks_user_manual_idx").on(table.userId, table.position, table.id).where(live(table)),
    // The same over open live tasks only: "Active" reads its page in order however long the
    // completed history grows (see docs/decisions/0020). Queries must say `not completed` literally.
    index("tasks_user_open_created_idx").on(table.userId, table.createdAt, table.id).where(open(table)),
    index("tasks_user_open_due_idx").on(table.userId, dueKey(table), table.id).where(open(table)),
    index("tasks_user_open_priority_idx")
      .on(table.userId, table.priority, table.createdAt, table.id)
      .where(open(table)),
    index("tasks_user_open_title_idx").on(table.userId, titleKey(table), table.id).where(open(table)),
    index("tasks_user_open_manual_idx").on(table.userId, table.position, table.id).where(open(table)),
    // Trigram indexes (pg_trgm) for search: `title ilike '%term%' or description ilike '%term%'`.
    // No fast-update pending list: PGlite never vacuums, so that list would only grow, and every
    // search would read it through (and the planner, seeing it, would not use the index at all).
    index("tasks_title_trgm_idx").using("gin", table.title.op("gin_trgm_ops")).with({ fastupdate: false }),
    index("tasks_description_trgm_idx")
      .using("gin", table.description.op("gin_trgm_ops"))
      .with({ fastupdate: false }),
    // The trash, newest first (task.trash), and the purge of what has been there too long.
    index("tasks_user_trash_idx").on(table.userId, table.deletedAt, table.id).where(trashed(table)),
    index("tasks_trashed_at_idx").on(table.deletedAt).where(trashed(table)),
    foreignKey({
      name: "tasks_project_owner_fk",
      columns: [table.projectId, table.userId],
      foreignColumns: [projects.id, projects.userId],
    }).onDelete("cascade"),
    // A parent's subtasks in their order (the list's nested subtasks, task.byId); also what the
    // cascade from a deleted parent and the triggers that move subtasks with it look up.
    index("tasks_parent_idx")
      .on(table.parentId, table.position, table.id)
      .where(sql`${table.parentId} is not null`),
    // A project's list in the default order, and its overdue count (open tasks by due key).
    index("tasks_user_project_created_idx")
      .on(table.userId, table.projectId, table.createdAt, table.id)
      .where(live(table)),
    index("tasks_user_project_open_due_idx")
      .on(table.userId, table.projectId, dueKey(table), table.id)
      .where(open(table)),
    check("tasks_completed_at_matches", sql`${table.completed} = (${table.completedAt} is not null)`),
    check("tasks_due_time_has_date", sql`${table.dueTime} is null or ${table.dueDate} is not null`),
    check("tasks_recurrence_has_date", sql`${table.recurrence} is null or ${table.dueDate} is not null`),
    check("tasks_recurrence_length", sql`char_length(${table.recurrence}) <= 200`),
    check("tasks_subtask_not_own_parent", sql`${table.parentId} <> ${table.id}`),
    // A subtask belongs to one occurrence of its parent; only a top-level task repeats (ADR 0048).
    check("tasks_subtask_does_not_repeat", sql`${table.parentId} is null or ${table.recurrence} is null`),
  ],
);

/**
 * One row per tag of each task, carrying the task's sort keys, so a tag filter reads its page in
 * sort order from one index instead of every task with that tag. Live tasks only: a trashed task
 * has none (docs/decisions/0029). Written only by triggers on `tasks` (migrations 0002, 0004):
 * never insert or update it directly.
 */
export const taskTags = pgTable(
  "task_tags",
  {
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    userId: uuid().notNull(),
    tag: text().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    /** `coalesce(deadline, 'infinity')`, the due sort's key (wall clock, like `tasks.deadline`). */
    dueKey: timestamp({ precision: 3 }).notNull(),
    priority: taskPriority().notNull(),
    /** `lower(title)`, the title sort's key. */
    titleKey: text().notNull(),
    /** The task's place in the manual order. */
    position: bytewiseText().notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.taskId, table.tag] }),
    index("task_tags_user_created_idx").on(table.userId, table.tag, table.createdAt, table.taskId),
    index("task_tags_user_due_idx").on(table.userId, table.tag, table.dueKey, table.taskId),
    index("task_tags_user_priority_idx").on(
      table.userId,
      table.tag,
      table.priority,
      table.createdAt,
      table.taskId,
    ),
    index("task_tags_user_title_idx").on(table.userId, table.tag, table.titleKey, table.taskId),
    index("task_tags_user_manual_idx").on(table.userId, table.tag, table.position, table.taskId),
  ],
);

/**
 * Each user's task counts, kept by triggers on `tasks` (migrations 0002, 0004) so `task.stats` reads
 * one row instead of counting a long history on every change. A user without tasks has no row.
 * `total`, `completed` and `overdue` count live tasks only; `trashed` counts the trash.
 */
export const taskCounts = pgTable("task_counts", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  total: integer().notNull().default(0),
  completed: integer().notNull().default(0),
  /**
   * Open tasks due before `overdueAsOf`. Time makes more tasks overdue without any write, so the
   * count at another moment adds those due in between (`task_overdue_between`); each write moves
   * `overdueAsOf` to its own moment, so that gap stays short.
   */
  overdue: integer().notNull().default(0),
  /** On the owner's wall clock, like `tasks.deadline` (docs/decisions/0034). */
  overdueAsOf: timestamp({ precision: 3 }).notNull().default(sql`'-infinity'::timestamp`),
  /** Tasks in the trash: not in the stats, but they count towards the per-user limit (ADR 0029). */
  trashed: integer().notNull().default(0),
});

/**
 * What a `task_events` row is about: a task, or (migration 0009) a project, or (migration 0013) a
 * task's reminder that fired.
 */
export const taskEventKind = pgEnum("task_event_kind", ["task", "project", "reminder"]);

/**
 * One row per change to a task, in commit order per user, for live sync (docs/decisions/0027):
 * written only by triggers on `tasks` (migration 0003), which also NOTIFY `task_events`. A
 * stream reads the rows after the last one its client saw and sends each task's state as it is
 * now, so the rows need no copy of the task. Kept 30 days (the purge script).
 */
export const taskEvents = pgTable(
  "task_events",
  {
    id: bigint({ mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The task changed, or for `kind` "project" the project (docs/decisions/0042). */
    taskId: uuid().notNull(),
    kind: taskEventKind().notNull().default("task"),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  // The only index: every read is one user's events after an id. Each change writes a row here,
  // so the daily purge by age scans the table rather than every change paying for a second index.
  (table) => [primaryKey({ columns: [table.userId, table.id] })],
);

/**
 * The reminder of each task that has one to come or has fired (docs/decisions/0049), kept by
 * triggers on `tasks` (migration 0013): a row appears when a task's `remind_at` is set to a time
 * still ahead, while the task is open and live, and goes when the task is completed, trashed or
 * its reminder taken off. A server instance fires a reminder by setting `sent_at` on its row with
 * `claim_due_reminders`, which locks what it takes and skips what another instance holds: each
 * reminder fires once however many instances poll.
 */
export const taskReminders = pgTable(
  "task_reminders",
  {
    taskId: uuid()
      .primaryKey()
      .references(() => tasks.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    remindAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    /** When an instance fired it; null while it is still to come. */
    sentAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (table) => [
    // The reminders still to come, soonest first: what every poll reads.
    index("task_reminders_due_idx").on(table.remindAt).where(sql`${table.sentAt} is null`),
    // One owner's reminders to come, soonest first (task.reminders, `doable due`).
    index("task_reminders_user_due_idx").on(table.userId, table.remindAt).where(sql`${table.sentAt} is null`),
  ],
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Task = typeof tasks.$inferSelect;
export type Project = typeof projects.$inferSelect;
export type TaskTag = typeof taskTags.$inferSelect;
export type TaskPriority = (typeof taskPriority.enumValues)[number];
export type SessionKind = (typeof sessionKind.enumValues)[number];

/** Token buckets for request throttling, shared by every app instance (state in the database). */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  /** `<action>:<client ip>` */
  key: text().primaryKey(),
  tokens: doublePrecision().notNull(),
  updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
});

/**
 * Consecutive failed sign-ins per email (known or not, so the throttle reveals nothing), and
 * consecutive wrong second-factor codes per account, keyed `two-factor:<user id>` (never an email).
 */
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
  "password_reset",
  "email_verified",
  "email_changed",
  "two_factor_enabled",
  "two_factor_disabled",
  "recovery_code_used",
  "recovery_codes_regenerated",
  "passkey_added",
  "passkey_removed",
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

/** What an emailed link does (docs/decisions/0030). */
export const emailTokenPurpose = pgEnum("email_token_purpose", [
  "password_reset",
  "email_verification",
  "email_change",
]);

/**
 * Single-use links sent by email, stored like sessions: the id and the SHA-256 of the secret,
 * never the token. Used once (the row is deleted), or useless after `expiresAt`.
 */
export const emailTokens = pgTable(
  "email_tokens",
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: emailTokenPurpose().notNull(),
    /** The address the link went to: the account's own, or the new one of an email change. */
    email: text().notNull(),
    /**
     * An email change only: the account's address when the change was asked for. The link changes
     * the address only while the account still has this one (a reset or another change since voids it).
     */
    fromEmail: text(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
  },
  // One live link per user and purpose: a new one replaces the row (INSERT ... ON CONFLICT), so
  // two requests at once cannot leave two valid links.
  (table) => [uniqueIndex("email_tokens_user_purpose_key").on(table.userId, table.purpose)],
);

/**
 * Browsers a user has signed in from: the SHA-256 of the random id in their device cookie
 * (docs/decisions/0031). A sign-in from a browser not listed here sends a notice email.
 */
export const knownDevices = pgTable(
  "known_devices",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    deviceHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.deviceHash] })],
);

export type EmailToken = typeof emailTokens.$inferSelect;
export type EmailTokenPurpose = (typeof emailTokenPurpose.enumValues)[number];

/**
 * A user's TOTP second factor (docs/decisions/0035). One row per user from `account.twoFactor.begin`
 * on: pending while `enabledAt` is null (the secret shown, not yet confirmed by a code), active
 * after. The secret is stored as issued (base32): there is no server secret to encrypt it with
 * (the ADR records the residual risk).
 */
export const twoFactorSecrets = pgTable("two_factor_secrets", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secret: text().notNull(),
  enabledAt: timestamp({ withTimezone: true, precision: 3 }),
  /** The last time step whose code was accepted: a code is accepted once (replay is refused). */
  lastUsedStep: bigint({ mode: "number" }),
  createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
});

/** Single-use recovery codes of a user with two-factor on: the SHA-256 of each, never the code. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.codeHash] })],
);

/** How a finished sign-in hands over its session: the one asked for at `auth.signIn`. */
export const sessionTransport = pgEnum("session_transport", ["cookie", "bearer"]);

/**
 * A sign-in whose password was right, waiting for the second factor (`auth.completeSignIn`).
 * Stored like sessions (the id and the SHA-256 of the secret); used once, or useless after
 * `expiresAt`.
 */
export const signInChallenges = pgTable(
  "sign_in_challenges",
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    transport: sessionTransport().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [
    index("sign_in_challenges_user_id_idx").on(table.userId),
    index("sign_in_challenges_expires_at_idx").on(table.expiresAt),
  ],
);

export type TwoFactorSecret = typeof twoFactorSecrets.$inferSelect;
export type SignInChallenge = typeof signInChallenges.$inferSelect;

/**
 * A user's passkeys (WebAuthn discoverable credentials, docs/decisions/0036). The public key is
 * COSE-encoded, as the authenticator gave it; `credentialId` is the authenticator's id in base64url,
 * unique across users (a sign-in looks the passkey up by it). `id` is ours, the one the API shows.
 */
export const passkeys = pgTable(
  "passkeys",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    credentialId: text().notNull(),
    /** The COSE public key in base64url. */
    publicKey: text().notNull(),
    /** The authenticator's signature counter at the last use: a lower or equal one is refused (a clone). */
    counter: bigint({ mode: "number" }).notNull(),
    /** How the browser can reach the authenticator ("internal", "hybrid", "usb"...), as it said. */
    transports: text().array().notNull(),
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    lastUsedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (table) => [
    uniqueIndex("passkeys_credential_id_key").on(table.credentialId),
    index("passkeys_user_id_idx").on(table.userId),
  ],
);

/** What a WebAuthn challenge is for: adding a passkey (a signed-in user's) or signing in with one. */
export const webauthnCeremony = pgEnum("webauthn_ceremony", ["registration", "authentication"]);

/**
 * Challenges handed to the browser for a WebAuthn ceremony, kept in the database so any instance
 * can finish what another began. Stored as the SHA-256 of the challenge (the browser returns the
 * challenge inside its signed client data, which is how the row is found); used once (deleted), or
 * useless after `expiresAt`.
 */
export const webauthnChallenges = pgTable(
  "webauthn_challenges",
  {
    challengeHash: text().primaryKey(),
    ceremony: webauthnCeremony().notNull(),
    /** Registration: the signed-in user adding a passkey. Null for a sign-in (nobody is known yet). */
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
    /** Sign-in: how the session is handed over once the passkey is proven. */
    transport: sessionTransport(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [index("webauthn_challenges_expires_at_idx").on(table.expiresAt)],
);

export type Passkey = typeof passkeys.$inferSelect;
export type WebauthnChallenge = typeof webauthnChallenges.$inferSelect;
export type WebauthnCeremony = (typeof webauthnCeremony.enumValues)[number];
