-- Due dates people mean (docs/decisions/0034): a task is due on a calendar day (`due_date`), the
-- same day in every time zone, optionally at a time (`due_time`) on its owner's clock
-- (`users.time_zone`). `deadline`, generated from the two, is the wall-clock moment the task is
-- due by (the end of its day when it has no time): the due sort's key, and what "overdue" compares
-- with the owner's clock now. `task_counts.overdue_as_of` and `task_tags.due_key` move to the same
-- wall clock. Hand-written beyond drizzle-kit's output: the backfill, and from owner_clock_now on,
-- task_overdue_between and the count triggers of migration 0004 rewritten on `deadline`.
ALTER TABLE "users" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "due_date" date;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "due_time" time(0);--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_due_time_has_date" CHECK ("tasks"."due_time" is null or "tasks"."due_date" is not null);--> statement-breakpoint
-- Every earlier client stored a due day as the last millisecond of that day where the person was,
-- and nobody's zone was recorded. That instant, shifted back 10 hours, falls on the day meant for
-- every UTC offset from -10:00 (Hawaii) to +13:59 (New Zealand in summer, Tonga); only +14:00
-- (Kiribati's Line Islands) lands a day early. A backfill, not a change: no version bump, no
-- event, no count moves (the count triggers are off while it runs; overdue is recounted below).
ALTER TABLE "tasks" DISABLE TRIGGER USER;--> statement-breakpoint
UPDATE "tasks" SET "due_date" = (("due_at" - interval '10 hours') AT TIME ZONE 'UTC')::date
WHERE "due_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ENABLE TRIGGER USER;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "deadline" timestamp (3) GENERATED ALWAYS AS (due_date + coalesce(due_time, '24:00'::time)) STORED;--> statement-breakpoint
DROP INDEX "tasks_user_due_idx";--> statement-breakpoint
DROP INDEX "tasks_user_open_due_idx";--> statement-breakpoint
CREATE INDEX "tasks_user_due_idx" ON "tasks" USING btree ("user_id",coalesce("deadline", 'infinity'::timestamp),"id") WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_user_open_due_idx" ON "tasks" USING btree ("user_id",coalesce("deadline", 'infinity'::timestamp),"id") WHERE not "tasks"."completed" and "tasks"."deleted_at" is null;--> statement-breakpoint
-- Every owner's zone is UTC so far, so UTC's wall clock is each one's.
ALTER TABLE "task_counts" ALTER COLUMN "overdue_as_of" SET DATA TYPE timestamp (3) USING "overdue_as_of" AT TIME ZONE 'UTC';--> statement-breakpoint
ALTER TABLE "task_counts" ALTER COLUMN "overdue_as_of" SET DEFAULT '-infinity'::timestamp;--> statement-breakpoint
UPDATE "task_counts" AS c SET "overdue" = (
  SELECT count(*) FROM "tasks" AS t
  WHERE t."user_id" = c."user_id" AND NOT t."completed" AND t."deleted_at" IS NULL
    AND t."deadline" < c."overdue_as_of"
);--> statement-breakpoint
ALTER TABLE "task_tags" ALTER COLUMN "due_key" SET DATA TYPE timestamp (3) USING 'infinity'::timestamp;--> statement-breakpoint
UPDATE "task_tags" AS tt SET "due_key" = coalesce(t."deadline", 'infinity'::timestamp)
FROM "tasks" AS t WHERE t."id" = tt."task_id";--> statement-breakpoint
ALTER TABLE "tasks" DROP COLUMN "due_at";--> statement-breakpoint
-- The owner's clock now, to the millisecond: what "overdue" is measured against. An owner whose
-- row is gone (the cascade of an account deletion) reads UTC; their counts go with them.
CREATE FUNCTION "owner_clock_now"("owner_id" uuid) RETURNS timestamp LANGUAGE sql VOLATILE AS $$
  SELECT date_trunc('milliseconds', clock_timestamp() AT TIME ZONE
    coalesce((SELECT u."time_zone" FROM "users" AS u WHERE u."id" = "owner_id"), 'UTC'))
$$;--> statement-breakpoint
DROP FUNCTION "task_overdue_between"(uuid, timestamptz, timestamptz);--> statement-breakpoint
-- As in 0004, on the owner's wall clock: what to add to an overdue count taken at `from_time` to get
-- it at `to_time`. One index range (tasks_user_open_due_idx).
CREATE FUNCTION "task_overdue_between"("owner_id" uuid, "from_time" timestamp, "to_time" timestamp)
RETURNS TABLE ("change" bigint) LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(CASE WHEN coalesce("deadline", 'infinity'::timestamp) < "to_time" THEN 1 ELSE -1 END), 0)::bigint
  FROM "tasks"
  WHERE "user_id" = "owner_id" AND NOT "completed" AND "deleted_at" IS NULL
    AND coalesce("deadline", 'infinity'::timestamp) >= least("from_time", "to_time")
    AND coalesce("deadline", 'infinity'::timestamp) < greatest("from_time", "to_time")
$$;--> statement-breakpoint
-- As in 0004, on `deadline`, each owner's counts moved to that owner's clock now.
CREATE OR REPLACE FUNCTION "tasks_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "task_counts" ("user_id") SELECT DISTINCT "user_id" FROM "inserted_tasks"
  ON CONFLICT ("user_id") DO NOTHING;
  PERFORM 1 FROM "task_counts" WHERE "user_id" IN (SELECT "user_id" FROM "inserted_tasks")
  ORDER BY "user_id" FOR UPDATE;
  UPDATE "task_counts" AS c
  SET "total" = c."total" + d."total",
      "completed" = c."completed" + d."completed",
      "overdue" = c."overdue" + d."overdue" + (SELECT w."change" FROM task_overdue_between(c."user_id", c."overdue_as_of", d."now") AS w),
      "overdue_as_of" = d."now",
      "trashed" = c."trashed" + d."trashed"
  FROM (
    SELECT i."user_id", owner_clock_now(i."user_id") AS "now",
           count(*) FILTER (WHERE i."deleted_at" IS NULL) AS "total",
           count(*) FILTER (WHERE i."completed" AND i."deleted_at" IS NULL) AS "completed",
           count(*) FILTER (WHERE NOT i."completed" AND i."deleted_at" IS NULL
                              AND coalesce(i."deadline", 'infinity'::timestamp) < k."overdue_as_of") AS "overdue",
           count(*) FILTER (WHERE i."deleted_at" IS NOT NULL) AS "trashed"
    FROM "inserted_tasks" AS i JOIN "task_counts" AS k ON k."user_id" = i."user_id"
    GROUP BY i."user_id"
  ) AS d
  WHERE c."user_id" = d."user_id";
  INSERT INTO "task_tags" ("task_id", "user_id", "tag", "created_at", "due_key", "priority", "title_key")
  SELECT DISTINCT t."id", t."user_id", u."tag", t."created_at", coalesce(t."deadline", 'infinity'::timestamp),
         t."priority", lower(t."title")
  FROM "inserted_tasks" AS t CROSS JOIN LATERAL unnest(t."tags") AS u("tag")
  WHERE t."deleted_at" IS NULL;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "tasks_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "task_counts" ("user_id") SELECT DISTINCT "user_id" FROM "new_tasks"
  ON CONFLICT ("user_id") DO NOTHING;
  PERFORM 1 FROM "task_counts"
  WHERE "user_id" IN (SELECT "user_id" FROM "new_tasks" UNION SELECT "user_id" FROM "old_tasks")
  ORDER BY "user_id" FOR UPDATE;
  UPDATE "task_counts" AS c
  SET "total" = c."total" + d."total",
      "completed" = c."completed" + d."completed",
      "overdue" = c."overdue" + d."overdue" + (SELECT w."change" FROM task_overdue_between(c."user_id", c."overdue_as_of", d."now") AS w),
      "overdue_as_of" = d."now",
      "trashed" = c."trashed" + d."trashed"
  FROM (
    SELECT change."user_id", owner_clock_now(change."user_id") AS "now",
           sum(change."total") AS "total", sum(change."completed") AS "completed",
           sum(change."overdue") AS "overdue", sum(change."trashed") AS "trashed"
    FROM (
      SELECT n."user_id", (n."deleted_at" IS NULL)::int AS "total",
             (n."completed" AND n."deleted_at" IS NULL)::int AS "completed",
             (NOT n."completed" AND n."deleted_at" IS NULL
              AND coalesce(n."deadline", 'infinity'::timestamp) < k."overdue_as_of")::int AS "overdue",
             (n."deleted_at" IS NOT NULL)::int AS "trashed"
      FROM "new_tasks" AS n JOIN "task_counts" AS k ON k."user_id" = n."user_id"
      UNION ALL
      SELECT o."user_id", -((o."deleted_at" IS NULL)::int), -((o."completed" AND o."deleted_at" IS NULL)::int),
             -((NOT o."completed" AND o."deleted_at" IS NULL
                AND coalesce(o."deadline", 'infinity'::timestamp) < k."overdue_as_of")::int),
             -((o."deleted_at" IS NOT NULL)::int)
      FROM "old_tasks" AS o JOIN "task_counts" AS k ON k."user_id" = o."user_id"
    ) AS change
    GROUP BY change."user_id"
  ) AS d
  WHERE c."user_id" = d."user_id";
  -- Tag rows follow a change of tags, of any sort key, or in or out of the trash; completing a task
  -- touches none of them. A trashed task has none.
  DELETE FROM "task_tags" AS tt USING "old_tasks" AS o
  WHERE tt."task_id" = o."id" AND NOT EXISTS (
    SELECT 1 FROM "new_tasks" AS n
    WHERE n."id" = o."id" AND n."deleted_at" IS NULL AND o."deleted_at" IS NULL
      AND (n."user_id", n."tags", n."created_at", n."deadline", n."priority", n."title")
          IS NOT DISTINCT FROM (o."user_id", o."tags", o."created_at", o."deadline", o."priority", o."title"));
  INSERT INTO "task_tags" ("task_id", "user_id", "tag", "created_at", "due_key", "priority", "title_key")
  SELECT DISTINCT n."id", n."user_id", u."tag", n."created_at", coalesce(n."deadline", 'infinity'::timestamp),
         n."priority", lower(n."title")
  FROM "new_tasks" AS n CROSS JOIN LATERAL unnest(n."tags") AS u("tag")
  WHERE n."deleted_at" IS NULL AND NOT EXISTS (
    SELECT 1 FROM "old_tasks" AS o
    WHERE o."id" = n."id" AND o."deleted_at" IS NULL
      AND (n."user_id", n."tags", n."created_at", n."deadline", n."priority", n."title")
          IS NOT DISTINCT FROM (o."user_id", o."tags", o."created_at", o."deadline", o."priority", o."title"));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "tasks_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "task_counts" WHERE "user_id" IN (SELECT "user_id" FROM "deleted_tasks")
  ORDER BY "user_id" FOR UPDATE;
  UPDATE "task_counts" AS c
  SET "total" = c."total" - d."total",
      "completed" = c."completed" - d."completed",
      "overdue" = c."overdue" - d."overdue" + (SELECT w."change" FROM task_overdue_between(c."user_id", c."overdue_as_of", d."now") AS w),
      "overdue_as_of" = d."now",
      "trashed" = c."trashed" - d."trashed"
  FROM (
    SELECT o."user_id", owner_clock_now(o."user_id") AS "now",
           count(*) FILTER (WHERE o."deleted_at" IS NULL) AS "total",
           count(*) FILTER (WHERE o."completed" AND o."deleted_at" IS NULL) AS "completed",
           count(*) FILTER (WHERE NOT o."completed" AND o."deleted_at" IS NULL
                              AND coalesce(o."deadline", 'infinity'::timestamp) < k."overdue_as_of") AS "overdue",
           count(*) FILTER (WHERE o."deleted_at" IS NOT NULL) AS "trashed"
    FROM "deleted_tasks" AS o JOIN "task_counts" AS k ON k."user_id" = o."user_id"
    GROUP BY o."user_id"
  ) AS d
  WHERE c."user_id" = d."user_id";
  RETURN NULL;
END $$;
