-- Trash (docs/decisions/0029): tasks.deleted_at, and every list index, count and tag row made to
-- mean live tasks only. Hand-written beyond drizzle-kit's output: from task_overdue_between on, the
-- function and the triggers of migration 0002 replaced so that a trashed task leaves total,
-- completed, overdue and task_tags (and is counted in task_counts.trashed instead), and restoring it
-- brings it back. The live-sync triggers of 0003 need no change: trashing and restoring are updates,
-- so each records an event, and a stream reads a trashed task as removed (packages/api
-- task-events.ts). No backfill: no task is in the trash yet, and trashed starts at 0.
DROP INDEX "tasks_user_created_idx";--> statement-breakpoint
DROP INDEX "tasks_user_due_idx";--> statement-breakpoint
DROP INDEX "tasks_user_priority_idx";--> statement-breakpoint
DROP INDEX "tasks_user_title_idx";--> statement-breakpoint
DROP INDEX "tasks_user_open_created_idx";--> statement-breakpoint
DROP INDEX "tasks_user_open_due_idx";--> statement-breakpoint
DROP INDEX "tasks_user_open_priority_idx";--> statement-breakpoint
DROP INDEX "tasks_user_open_title_idx";--> statement-breakpoint
ALTER TABLE "task_counts" ADD COLUMN "trashed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "deleted_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "tasks_user_trash_idx" ON "tasks" USING btree ("user_id","deleted_at","id") WHERE "tasks"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "tasks_trashed_at_idx" ON "tasks" USING btree ("deleted_at") WHERE "tasks"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "tasks_user_created_idx" ON "tasks" USING btree ("user_id","created_at","id") WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_user_due_idx" ON "tasks" USING btree ("user_id",coalesce("due_at", 'infinity'::timestamptz),"id") WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_user_priority_idx" ON "tasks" USING btree ("user_id","priority","created_at","id") WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_user_title_idx" ON "tasks" USING btree ("user_id",lower("title"),"id") WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_user_open_created_idx" ON "tasks" USING btree ("user_id","created_at","id") WHERE not "tasks"."completed" and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_user_open_due_idx" ON "tasks" USING btree ("user_id",coalesce("due_at", 'infinity'::timestamptz),"id") WHERE not "tasks"."completed" and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_user_open_priority_idx" ON "tasks" USING btree ("user_id","priority","created_at","id") WHERE not "tasks"."completed" and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_user_open_title_idx" ON "tasks" USING btree ("user_id",lower("title"),"id") WHERE not "tasks"."completed" and "tasks"."deleted_at" is null;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "task_overdue_between"("owner_id" uuid, "from_time" timestamptz, "to_time" timestamptz)
RETURNS TABLE ("change" bigint) LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(CASE WHEN coalesce("due_at", 'infinity'::timestamptz) < "to_time" THEN 1 ELSE -1 END), 0)::bigint
  FROM "tasks"
  WHERE "user_id" = "owner_id" AND NOT "completed" AND "deleted_at" IS NULL
    AND coalesce("due_at", 'infinity'::timestamptz) >= least("from_time", "to_time")
    AND coalesce("due_at", 'infinity'::timestamptz) < greatest("from_time", "to_time")
$$;--> statement-breakpoint
-- As in 0002, with live rows (deleted_at null) counted in total, completed and overdue and given tag
-- rows, and trashed rows counted in trashed only.
CREATE OR REPLACE FUNCTION "tasks_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  at_time timestamptz := date_trunc('milliseconds', clock_timestamp());
BEGIN
  INSERT INTO "task_counts" ("user_id") SELECT DISTINCT "user_id" FROM "inserted_tasks"
  ON CONFLICT ("user_id") DO NOTHING;
  PERFORM 1 FROM "task_counts" WHERE "user_id" IN (SELECT "user_id" FROM "inserted_tasks")
  ORDER BY "user_id" FOR UPDATE;
  UPDATE "task_counts" AS c
  SET "total" = c."total" + d."total",
      "completed" = c."completed" + d."completed",
      "overdue" = c."overdue" + d."overdue" + (SELECT w."change" FROM task_overdue_between(c."user_id", c."overdue_as_of", at_time) AS w),
      "overdue_as_of" = at_time,
      "trashed" = c."trashed" + d."trashed"
  FROM (
    SELECT i."user_id", count(*) FILTER (WHERE i."deleted_at" IS NULL) AS "total",
           count(*) FILTER (WHERE i."completed" AND i."deleted_at" IS NULL) AS "completed",
           count(*) FILTER (WHERE NOT i."completed" AND i."deleted_at" IS NULL
                              AND coalesce(i."due_at", 'infinity'::timestamptz) < k."overdue_as_of") AS "overdue",
           count(*) FILTER (WHERE i."deleted_at" IS NOT NULL) AS "trashed"
    FROM "inserted_tasks" AS i JOIN "task_counts" AS k ON k."user_id" = i."user_id"
    GROUP BY i."user_id"
  ) AS d
  WHERE c."user_id" = d."user_id";
  INSERT INTO "task_tags" ("task_id", "user_id", "tag", "created_at", "due_key", "priority", "title_key")
  SELECT DISTINCT t."id", t."user_id", u."tag", t."created_at", coalesce(t."due_at", 'infinity'::timestamptz),
         t."priority", lower(t."title")
  FROM "inserted_tasks" AS t CROSS JOIN LATERAL unnest(t."tags") AS u("tag")
  WHERE t."deleted_at" IS NULL;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "tasks_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  at_time timestamptz := date_trunc('milliseconds', clock_timestamp());
BEGIN
  INSERT INTO "task_counts" ("user_id") SELECT DISTINCT "user_id" FROM "new_tasks"
  ON CONFLICT ("user_id") DO NOTHING;
  PERFORM 1 FROM "task_counts"
  WHERE "user_id" IN (SELECT "user_id" FROM "new_tasks" UNION SELECT "user_id" FROM "old_tasks")
  ORDER BY "user_id" FOR UPDATE;
  UPDATE "task_counts" AS c
  SET "total" = c."total" + d."total",
      "completed" = c."completed" + d."completed",
      "overdue" = c."overdue" + d."overdue" + (SELECT w."change" FROM task_overdue_between(c."user_id", c."overdue_as_of", at_time) AS w),
      "overdue_as_of" = at_time,
      "trashed" = c."trashed" + d."trashed"
  FROM (
    SELECT change."user_id", sum(change."total") AS "total", sum(change."completed") AS "completed",
           sum(change."overdue") AS "overdue", sum(change."trashed") AS "trashed"
    FROM (
      SELECT n."user_id", (n."deleted_at" IS NULL)::int AS "total",
             (n."completed" AND n."deleted_at" IS NULL)::int AS "completed",
             (NOT n."completed" AND n."deleted_at" IS NULL
              AND coalesce(n."due_at", 'infinity'::timestamptz) < k."overdue_as_of")::int AS "overdue",
             (n."deleted_at" IS NOT NULL)::int AS "trashed"
      FROM "new_tasks" AS n JOIN "task_counts" AS k ON k."user_id" = n."user_id"
      UNION ALL
      SELECT o."user_id", -((o."deleted_at" IS NULL)::int), -((o."completed" AND o."deleted_at" IS NULL)::int),
             -((NOT o."completed" AND o."deleted_at" IS NULL
                AND coalesce(o."due_at", 'infinity'::timestamptz) < k."overdue_as_of")::int),
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
      AND (n."user_id", n."tags", n."created_at", n."due_at", n."priority", n."title")
          IS NOT DISTINCT FROM (o."user_id", o."tags", o."created_at", o."due_at", o."priority", o."title"));
  INSERT INTO "task_tags" ("task_id", "user_id", "tag", "created_at", "due_key", "priority", "title_key")
  SELECT DISTINCT n."id", n."user_id", u."tag", n."created_at", coalesce(n."due_at", 'infinity'::timestamptz),
         n."priority", lower(n."title")
  FROM "new_tasks" AS n CROSS JOIN LATERAL unnest(n."tags") AS u("tag")
  WHERE n."deleted_at" IS NULL AND NOT EXISTS (
    SELECT 1 FROM "old_tasks" AS o
    WHERE o."id" = n."id" AND o."deleted_at" IS NULL
      AND (n."user_id", n."tags", n."created_at", n."due_at", n."priority", n."title")
          IS NOT DISTINCT FROM (o."user_id", o."tags", o."created_at", o."due_at", o."priority", o."title"));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "tasks_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  at_time timestamptz := date_trunc('milliseconds', clock_timestamp());
BEGIN
  PERFORM 1 FROM "task_counts" WHERE "user_id" IN (SELECT "user_id" FROM "deleted_tasks")
  ORDER BY "user_id" FOR UPDATE;
  UPDATE "task_counts" AS c
  SET "total" = c."total" - d."total",
      "completed" = c."completed" - d."completed",
      "overdue" = c."overdue" - d."overdue" + (SELECT w."change" FROM task_overdue_between(c."user_id", c."overdue_as_of", at_time) AS w),
      "overdue_as_of" = at_time,
      "trashed" = c."trashed" - d."trashed"
  FROM (
    SELECT o."user_id", count(*) FILTER (WHERE o."deleted_at" IS NULL) AS "total",
           count(*) FILTER (WHERE o."completed" AND o."deleted_at" IS NULL) AS "completed",
           count(*) FILTER (WHERE NOT o."completed" AND o."deleted_at" IS NULL
                              AND coalesce(o."due_at", 'infinity'::timestamptz) < k."overdue_as_of") AS "overdue",
           count(*) FILTER (WHERE o."deleted_at" IS NOT NULL) AS "trashed"
    FROM "deleted_tasks" AS o JOIN "task_counts" AS k ON k."user_id" = o."user_id"
    GROUP BY o."user_id"
  ) AS d
  WHERE c."user_id" = d."user_id";
  RETURN NULL;
END $$;
