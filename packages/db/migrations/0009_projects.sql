-- Projects (docs/decisions/0042): named lists with a colour; every user has an Inbox that cannot be
-- renamed, archived or deleted. Hand-written beyond drizzle-kit's output: an Inbox for every
-- existing user with their tasks in it (a backfill: no version bump, no event, no count moves),
-- `tasks.project_id` made NOT NULL after it, `project_counts` filled, and the triggers: an Inbox
-- with every new user, a task inserted without a project into its owner's Inbox, the per-project
-- counts kept like `task_counts`, and project changes written to `task_events` (kind "project") so
-- they reach every open client through the same stream as tasks (ADR 0027).
CREATE TYPE "public"."task_event_kind" AS ENUM('task', 'project');--> statement-breakpoint
CREATE TABLE "project_counts" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"color" text DEFAULT '#6b7280' NOT NULL,
	"is_inbox" boolean DEFAULT false NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_inbox_stays" CHECK (not "projects"."is_inbox" or (not "projects"."archived" and "projects"."deleted_at" is null))
);
--> statement-breakpoint
ALTER TABLE "task_events" ADD COLUMN "kind" "task_event_kind" DEFAULT 'task' NOT NULL;--> statement-breakpoint
ALTER TABLE "project_counts" ADD CONSTRAINT "project_counts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_counts_user_idx" ON "project_counts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_id_user_key" ON "projects" USING btree ("id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_user_name_key" ON "projects" USING btree ("user_id",lower("name")) WHERE "projects"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "projects_user_inbox_key" ON "projects" USING btree ("user_id") WHERE "projects"."is_inbox";--> statement-breakpoint
CREATE INDEX "projects_user_idx" ON "projects" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "projects_deleted_at_idx" ON "projects" USING btree ("deleted_at") WHERE "projects"."deleted_at" is not null;--> statement-breakpoint
-- Every existing user's Inbox, and every existing task (the trash's too) in it.
INSERT INTO "projects" ("user_id", "name", "is_inbox") SELECT "id", 'Inbox', true FROM "users";--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "project_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" DISABLE TRIGGER USER;--> statement-breakpoint
UPDATE "tasks" AS t SET "project_id" = p."id" FROM "projects" AS p WHERE p."user_id" = t."user_id" AND p."is_inbox";--> statement-breakpoint
ALTER TABLE "tasks" ENABLE TRIGGER USER;--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "project_id" SET DEFAULT null;--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "project_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_project_owner_fk" FOREIGN KEY ("project_id","user_id") REFERENCES "public"."projects"("id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_user_project_created_idx" ON "tasks" USING btree ("user_id","project_id","created_at","id") WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_user_project_open_due_idx" ON "tasks" USING btree ("user_id","project_id",coalesce("deadline", 'infinity'::timestamp),"id") WHERE not "tasks"."completed" and "tasks"."deleted_at" is null;--> statement-breakpoint
INSERT INTO "project_counts" ("project_id", "user_id", "total", "completed")
SELECT p."id", p."user_id",
       count(t."id") FILTER (WHERE t."deleted_at" IS NULL),
       count(t."id") FILTER (WHERE t."completed" AND t."deleted_at" IS NULL)
FROM "projects" AS p LEFT JOIN "tasks" AS t ON t."project_id" = p."id"
GROUP BY p."id", p."user_id";--> statement-breakpoint
-- An Inbox with every new account, however it is made (sign-up, scripts, seeds).
CREATE FUNCTION "users_create_inbox"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "projects" ("user_id", "name", "is_inbox") VALUES (NEW."id", 'Inbox', true);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "users_create_inbox" AFTER INSERT ON "users"
  FOR EACH ROW EXECUTE FUNCTION "users_create_inbox"();--> statement-breakpoint
-- A task inserted without a project goes to its owner's Inbox. Only then is the function called
-- at all (WHEN): an insert that names its project pays nothing per row.
CREATE FUNCTION "tasks_default_project"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."project_id" IS NULL THEN
    SELECT p."id" INTO NEW."project_id" FROM "projects" AS p WHERE p."user_id" = NEW."user_id" AND p."is_inbox";
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "tasks_default_project" BEFORE INSERT ON "tasks"
  FOR EACH ROW WHEN (NEW."project_id" IS NULL) EXECUTE FUNCTION "tasks_default_project"();--> statement-breakpoint
-- Each project's counts row, from its first moment.
CREATE FUNCTION "projects_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "project_counts" ("project_id", "user_id") SELECT "id", "user_id" FROM "inserted_projects"
  ON CONFLICT ("project_id") DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "projects_after_insert" AFTER INSERT ON "projects" REFERENCING NEW TABLE AS "inserted_projects"
  FOR EACH STATEMENT EXECUTE FUNCTION "projects_after_insert"();--> statement-breakpoint
-- The per-project counts follow every change of tasks: what each change adds (+1) and takes away
-- (-1) per project, its rows locked in a fixed order first (two writers never wait on each other
-- crosswise). Live tasks only, like `task_counts.total` and `completed`.
CREATE FUNCTION "tasks_project_counts_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "project_counts" WHERE "project_id" IN (SELECT "project_id" FROM "inserted_tasks")
  ORDER BY "project_id" FOR UPDATE;
  UPDATE "project_counts" AS c
  SET "total" = c."total" + d."total", "completed" = c."completed" + d."completed"
  FROM (
    SELECT i."project_id", count(*) FILTER (WHERE i."deleted_at" IS NULL) AS "total",
           count(*) FILTER (WHERE i."completed" AND i."deleted_at" IS NULL) AS "completed"
    FROM "inserted_tasks" AS i GROUP BY i."project_id"
  ) AS d
  WHERE c."project_id" = d."project_id" AND (d."total" <> 0 OR d."completed" <> 0);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "tasks_project_counts_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "project_counts"
  WHERE "project_id" IN (SELECT "project_id" FROM "new_tasks" UNION SELECT "project_id" FROM "old_tasks")
  ORDER BY "project_id" FOR UPDATE;
  UPDATE "project_counts" AS c
  SET "total" = c."total" + d."total", "completed" = c."completed" + d."completed"
  FROM (
    SELECT change."project_id", sum(change."total") AS "total", sum(change."completed") AS "completed"
    FROM (
      SELECT n."project_id", (n."deleted_at" IS NULL)::int AS "total",
             (n."completed" AND n."deleted_at" IS NULL)::int AS "completed"
      FROM "new_tasks" AS n
      UNION ALL
      SELECT o."project_id", -((o."deleted_at" IS NULL)::int), -((o."completed" AND o."deleted_at" IS NULL)::int)
      FROM "old_tasks" AS o
    ) AS change
    GROUP BY change."project_id"
  ) AS d
  WHERE c."project_id" = d."project_id" AND (d."total" <> 0 OR d."completed" <> 0);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "tasks_project_counts_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "project_counts" WHERE "project_id" IN (SELECT "project_id" FROM "deleted_tasks")
  ORDER BY "project_id" FOR UPDATE;
  UPDATE "project_counts" AS c
  SET "total" = c."total" - d."total", "completed" = c."completed" - d."completed"
  FROM (
    SELECT o."project_id", count(*) FILTER (WHERE o."deleted_at" IS NULL) AS "total",
           count(*) FILTER (WHERE o."completed" AND o."deleted_at" IS NULL) AS "completed"
    FROM "deleted_tasks" AS o GROUP BY o."project_id"
  ) AS d
  WHERE c."project_id" = d."project_id" AND (d."total" <> 0 OR d."completed" <> 0);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "tasks_project_counts_after_insert" AFTER INSERT ON "tasks" REFERENCING NEW TABLE AS "inserted_tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION "tasks_project_counts_after_insert"();--> statement-breakpoint
CREATE TRIGGER "tasks_project_counts_after_update" AFTER UPDATE ON "tasks"
  REFERENCING OLD TABLE AS "old_tasks" NEW TABLE AS "new_tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION "tasks_project_counts_after_update"();--> statement-breakpoint
CREATE TRIGGER "tasks_project_counts_after_delete" AFTER DELETE ON "tasks" REFERENCING OLD TABLE AS "deleted_tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION "tasks_project_counts_after_delete"();--> statement-breakpoint
-- Project changes in the event log, as task changes are (migration 0003: the same per-owner lock,
-- the same NOTIFY), so an open dashboard hears of a project made, renamed, archived or deleted
-- elsewhere. A project deleted for good (the purge, an account's deletion) was gone for its owner
-- already: no event.
CREATE FUNCTION "projects_record_events"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  owner uuid;
BEGIN
  FOR owner IN
    SELECT DISTINCT c."user_id" FROM "changed_projects" AS c
    WHERE EXISTS (SELECT 1 FROM "users" AS u WHERE u."id" = c."user_id")
    ORDER BY c."user_id"
  LOOP
    PERFORM pg_advisory_xact_lock(4201, hashtext(owner::text));
    INSERT INTO "task_events" ("user_id", "task_id", "kind")
    SELECT owner, c."id", 'project' FROM "changed_projects" AS c WHERE c."user_id" = owner ORDER BY c."id";
    PERFORM pg_notify('task_events', owner::text);
  END LOOP;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "projects_record_events_after_insert" AFTER INSERT ON "projects"
  REFERENCING NEW TABLE AS "changed_projects"
  FOR EACH STATEMENT EXECUTE FUNCTION "projects_record_events"();--> statement-breakpoint
CREATE TRIGGER "projects_record_events_after_update" AFTER UPDATE ON "projects"
  REFERENCING NEW TABLE AS "changed_projects"
  FOR EACH STATEMENT EXECUTE FUNCTION "projects_record_events"();
