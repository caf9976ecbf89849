-- Manual order (docs/decisions/0046): each task's place as a fractional key (`tasks.position`,
-- compared byte by byte), copied into `task_tags` like the other sort keys. Hand-written beyond
-- drizzle-kit's output: the function that gives a new task its key (its creation time counted
-- down, so newer tasks come first, then two random digits so tasks made in the same millisecond
-- rarely tie), existing tasks keyed from their creation time (a backfill: no version bump, no
-- event), and the tag-row triggers of migration 0006 carrying the key.
CREATE FUNCTION "task_new_position"("created" timestamptz) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  digits constant text := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  -- Milliseconds counted down from 62^8 - 1: a later creation gets a smaller number.
  remaining bigint := 218340105584895 - floor(extract(epoch FROM "created") * 1000)::bigint;
  key text := '';
BEGIN
  FOR place IN 1..8 LOOP
    key := substr(digits, (remaining % 62)::int + 1, 1) || key;
    remaining := remaining / 62;
  END LOOP;
  -- Two random digits, never "0", so a key never ends in "0" and same-millisecond tasks seldom tie.
  RETURN 'V' || key || substr(digits, 2 + floor(random() * 61)::int, 1) || substr(digits, 2 + floor(random() * 61)::int, 1);
END $$;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "position" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "tasks" DISABLE TRIGGER USER;--> statement-breakpoint
UPDATE "tasks" SET "position" = task_new_position("created_at");--> statement-breakpoint
ALTER TABLE "tasks" ENABLE TRIGGER USER;--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "position" SET DEFAULT task_new_position(now());--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "position" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "task_tags" ADD COLUMN "position" text COLLATE "C";--> statement-breakpoint
UPDATE "task_tags" AS tt SET "position" = t."position" FROM "tasks" AS t WHERE t."id" = tt."task_id";--> statement-breakpoint
ALTER TABLE "task_tags" ALTER COLUMN "position" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "task_tags_user_manual_idx" ON "task_tags" USING btree ("user_id","tag","position","task_id");--> statement-breakpoint
CREATE INDEX "tasks_user_manual_idx" ON "tasks" USING btree ("user_id","position","id") WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_user_open_manual_idx" ON "tasks" USING btree ("user_id","position","id") WHERE not "tasks"."completed" and "tasks"."deleted_at" is null;--> statement-breakpoint
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
  INSERT INTO "task_tags" ("task_id", "user_id", "tag", "created_at", "due_key", "priority", "title_key", "position")
  SELECT DISTINCT t."id", t."user_id", u."tag", t."created_at", coalesce(t."deadline", 'infinity'::timestamp),
         t."priority", lower(t."title"), t."position"
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
      AND (n."user_id", n."tags", n."created_at", n."deadline", n."priority", n."title", n."position")
          IS NOT DISTINCT FROM (o."user_id", o."tags", o."created_at", o."deadline", o."priority", o."title", o."position"));
  INSERT INTO "task_tags" ("task_id", "user_id", "tag", "created_at", "due_key", "priority", "title_key", "position")
  SELECT DISTINCT n."id", n."user_id", u."tag", n."created_at", coalesce(n."deadline", 'infinity'::timestamp),
         n."priority", lower(n."title"), n."position"
  FROM "new_tasks" AS n CROSS JOIN LATERAL unnest(n."tags") AS u("tag")
  WHERE n."deleted_at" IS NULL AND NOT EXISTS (
    SELECT 1 FROM "old_tasks" AS o
    WHERE o."id" = n."id" AND o."deleted_at" IS NULL
      AND (n."user_id", n."tags", n."created_at", n."deadline", n."priority", n."title", n."position")
          IS NOT DISTINCT FROM (o."user_id", o."tags", o."created_at", o."deadline", o."priority", o."title", o."position"));
  RETURN NULL;
END $$;
