-- Growth (docs/decisions/0020): trigram search, open-task and per-tag indexes, kept counts.
-- Hand-written beyond drizzle-kit's output: the extension (first), the statistics targets of the
-- searched columns and, from task_overdue_between on, the function and triggers that keep
-- task_counts and task_tags in step with tasks, and the backfill of both. drizzle-kit's snapshot
-- knows the tables and indexes, not these.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "task_counts" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL,
	"overdue_as_of" timestamp (3) with time zone DEFAULT '-infinity'::timestamptz NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_tags" (
	"task_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"tag" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"due_key" timestamp (3) with time zone NOT NULL,
	"priority" "task_priority" NOT NULL,
	"title_key" text NOT NULL,
	CONSTRAINT "task_tags_task_id_tag_pk" PRIMARY KEY("task_id","tag")
);
--> statement-breakpoint
DROP INDEX "tasks_tags_idx";--> statement-breakpoint
ALTER TABLE "task_counts" ADD CONSTRAINT "task_counts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_tags" ADD CONSTRAINT "task_tags_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_tags_user_created_idx" ON "task_tags" USING btree ("user_id","tag","created_at","task_id");--> statement-breakpoint
CREATE INDEX "task_tags_user_due_idx" ON "task_tags" USING btree ("user_id","tag","due_key","task_id");--> statement-breakpoint
CREATE INDEX "task_tags_user_priority_idx" ON "task_tags" USING btree ("user_id","tag","priority","created_at","task_id");--> statement-breakpoint
CREATE INDEX "task_tags_user_title_idx" ON "task_tags" USING btree ("user_id","tag","title_key","task_id");--> statement-breakpoint
CREATE INDEX "tasks_user_open_created_idx" ON "tasks" USING btree ("user_id","created_at","id") WHERE not "tasks"."completed";--> statement-breakpoint
CREATE INDEX "tasks_user_open_due_idx" ON "tasks" USING btree ("user_id",coalesce("due_at", 'infinity'::timestamptz),"id") WHERE not "tasks"."completed";--> statement-breakpoint
CREATE INDEX "tasks_user_open_priority_idx" ON "tasks" USING btree ("user_id","priority","created_at","id") WHERE not "tasks"."completed";--> statement-breakpoint
CREATE INDEX "tasks_user_open_title_idx" ON "tasks" USING btree ("user_id",lower("title"),"id") WHERE not "tasks"."completed";--> statement-breakpoint
CREATE INDEX "tasks_title_trgm_idx" ON "tasks" USING gin ("title" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "tasks_description_trgm_idx" ON "tasks" USING gin ("description" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
-- How many tasks a search term matches is read off these columns' histograms. With the default
-- 100 buckets a word on 3% of titles lands in 0 to 6 of them, the planner guesses a handful of
-- rows, and sorts thousands fetched through the trigram index instead of walking the list order.
ALTER TABLE "tasks" ALTER COLUMN "title" SET STATISTICS 1000;--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "description" SET STATISTICS 1000;--> statement-breakpoint
-- What to add to a user's overdue count taken at `from_time` to get it at `to_time`: open tasks due
-- in between, negated when `to_time` is the earlier. One index range (tasks_user_open_due_idx).
-- A one-row table function rather than a scalar one, so PostgreSQL inlines it into the caller's plan.
CREATE FUNCTION "task_overdue_between"("owner_id" uuid, "from_time" timestamptz, "to_time" timestamptz)
RETURNS TABLE ("change" bigint) LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(CASE WHEN coalesce("due_at", 'infinity'::timestamptz) < "to_time" THEN 1 ELSE -1 END), 0)::bigint
  FROM "tasks"
  WHERE "user_id" = "owner_id" AND NOT "completed"
    AND coalesce("due_at", 'infinity'::timestamptz) >= least("from_time", "to_time")
    AND coalesce("due_at", 'infinity'::timestamptz) < greatest("from_time", "to_time")
$$;--> statement-breakpoint
-- The triggers below keep task_counts and task_tags in step with tasks. Statement-level, with
-- transition tables: a bulk change (clear completed, an account's deletion) costs one statement
-- per table, not one per row. Each first locks the counts rows it will change, so the statements
-- after it see every change committed before (READ COMMITTED takes a new snapshot per statement):
-- two writers of one user's tasks then add their changes one after the other, never over each other.
CREATE FUNCTION "tasks_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  at_time timestamptz := date_trunc('milliseconds', clock_timestamp());
BEGIN
  -- A first task: a row with nothing counted yet (overdue as of -infinity is trivially 0).
  INSERT INTO "task_counts" ("user_id") SELECT DISTINCT "user_id" FROM "inserted_tasks"
  ON CONFLICT ("user_id") DO NOTHING;
  PERFORM 1 FROM "task_counts" WHERE "user_id" IN (SELECT "user_id" FROM "inserted_tasks")
  ORDER BY "user_id" FOR UPDATE;
  UPDATE "task_counts" AS c
  SET "total" = c."total" + d."total",
      "completed" = c."completed" + d."completed",
      "overdue" = c."overdue" + d."overdue" + (SELECT w."change" FROM task_overdue_between(c."user_id", c."overdue_as_of", at_time) AS w),
      "overdue_as_of" = at_time
  FROM (
    SELECT i."user_id", count(*) AS "total", count(*) FILTER (WHERE i."completed") AS "completed",
           count(*) FILTER (WHERE NOT i."completed"
                              AND coalesce(i."due_at", 'infinity'::timestamptz) < k."overdue_as_of") AS "overdue"
    FROM "inserted_tasks" AS i JOIN "task_counts" AS k ON k."user_id" = i."user_id"
    GROUP BY i."user_id"
  ) AS d
  WHERE c."user_id" = d."user_id";
  INSERT INTO "task_tags" ("task_id", "user_id", "tag", "created_at", "due_key", "priority", "title_key")
  SELECT DISTINCT t."id", t."user_id", u."tag", t."created_at", coalesce(t."due_at", 'infinity'::timestamptz),
         t."priority", lower(t."title")
  FROM "inserted_tasks" AS t CROSS JOIN LATERAL unnest(t."tags") AS u("tag");
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "tasks_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
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
      "overdue_as_of" = at_time
  FROM (
    SELECT change."user_id", sum(change."total") AS "total", sum(change."completed") AS "completed",
           sum(change."overdue") AS "overdue"
    FROM (
      SELECT n."user_id", 1 AS "total", n."completed"::int AS "completed",
             (NOT n."completed" AND coalesce(n."due_at", 'infinity'::timestamptz) < k."overdue_as_of")::int
               AS "overdue"
      FROM "new_tasks" AS n JOIN "task_counts" AS k ON k."user_id" = n."user_id"
      UNION ALL
      SELECT o."user_id", -1, -(o."completed"::int),
             -((NOT o."completed" AND coalesce(o."due_at", 'infinity'::timestamptz) < k."overdue_as_of")::int)
      FROM "old_tasks" AS o JOIN "task_counts" AS k ON k."user_id" = o."user_id"
    ) AS change
    GROUP BY change."user_id"
  ) AS d
  WHERE c."user_id" = d."user_id";
  -- Tag rows follow a change of tags or of any sort key; completing a task touches none of them.
  DELETE FROM "task_tags" AS tt USING "old_tasks" AS o
  WHERE tt."task_id" = o."id" AND NOT EXISTS (
    SELECT 1 FROM "new_tasks" AS n
    WHERE n."id" = o."id"
      AND (n."user_id", n."tags", n."created_at", n."due_at", n."priority", n."title")
          IS NOT DISTINCT FROM (o."user_id", o."tags", o."created_at", o."due_at", o."priority", o."title"));
  INSERT INTO "task_tags" ("task_id", "user_id", "tag", "created_at", "due_key", "priority", "title_key")
  SELECT DISTINCT n."id", n."user_id", u."tag", n."created_at", coalesce(n."due_at", 'infinity'::timestamptz),
         n."priority", lower(n."title")
  FROM "new_tasks" AS n CROSS JOIN LATERAL unnest(n."tags") AS u("tag")
  WHERE NOT EXISTS (
    SELECT 1 FROM "old_tasks" AS o
    WHERE o."id" = n."id"
      AND (n."user_id", n."tags", n."created_at", n."due_at", n."priority", n."title")
          IS NOT DISTINCT FROM (o."user_id", o."tags", o."created_at", o."due_at", o."priority", o."title"));
  RETURN NULL;
END $$;--> statement-breakpoint
-- Deleted tasks' tag rows go by the foreign key's cascade. Counts rows are only updated here, never
-- created: when an account is deleted its row may be gone already and must stay gone.
CREATE FUNCTION "tasks_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  at_time timestamptz := date_trunc('milliseconds', clock_timestamp());
BEGIN
  PERFORM 1 FROM "task_counts" WHERE "user_id" IN (SELECT "user_id" FROM "deleted_tasks")
  ORDER BY "user_id" FOR UPDATE;
  UPDATE "task_counts" AS c
  SET "total" = c."total" - d."total",
      "completed" = c."completed" - d."completed",
      "overdue" = c."overdue" - d."overdue" + (SELECT w."change" FROM task_overdue_between(c."user_id", c."overdue_as_of", at_time) AS w),
      "overdue_as_of" = at_time
  FROM (
    SELECT o."user_id", count(*) AS "total", count(*) FILTER (WHERE o."completed") AS "completed",
           count(*) FILTER (WHERE NOT o."completed"
                              AND coalesce(o."due_at", 'infinity'::timestamptz) < k."overdue_as_of") AS "overdue"
    FROM "deleted_tasks" AS o JOIN "task_counts" AS k ON k."user_id" = o."user_id"
    GROUP BY o."user_id"
  ) AS d
  WHERE c."user_id" = d."user_id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "tasks_after_insert" AFTER INSERT ON "tasks" REFERENCING NEW TABLE AS "inserted_tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION "tasks_after_insert"();--> statement-breakpoint
CREATE TRIGGER "tasks_after_update" AFTER UPDATE ON "tasks"
  REFERENCING OLD TABLE AS "old_tasks" NEW TABLE AS "new_tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION "tasks_after_update"();--> statement-breakpoint
CREATE TRIGGER "tasks_after_delete" AFTER DELETE ON "tasks" REFERENCING OLD TABLE AS "deleted_tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION "tasks_after_delete"();--> statement-breakpoint
-- Backfill: the triggers above see only changes from now on.
INSERT INTO "task_counts" ("user_id", "total", "completed", "overdue", "overdue_as_of")
SELECT "user_id", count(*), count(*) FILTER (WHERE "completed"),
       count(*) FILTER (WHERE NOT "completed"
                          AND coalesce("due_at", 'infinity'::timestamptz) < date_trunc('milliseconds', now())),
       date_trunc('milliseconds', now())
FROM "tasks" GROUP BY "user_id";--> statement-breakpoint
INSERT INTO "task_tags" ("task_id", "user_id", "tag", "created_at", "due_key", "priority", "title_key")
SELECT DISTINCT t."id", t."user_id", u."tag", t."created_at", coalesce(t."due_at", 'infinity'::timestamptz),
       t."priority", lower(t."title")
FROM "tasks" AS t CROSS JOIN LATERAL unnest(t."tags") AS u("tag");
