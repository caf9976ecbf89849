-- Live sync (docs/decisions/0027): task versions and the task event log.
-- Hand-written beyond drizzle-kit's output: from tasks_bump_version on, the triggers that bump a
-- task's version, record each change in task_events and NOTIFY the channel "task_events" with the
-- owner's id, and NOTIFY "sessions_ended" with the id of each session deleted, so that an open
-- stream of a revoked session ends on every instance. drizzle-kit's snapshot knows the table and
-- the column, not these.
CREATE TABLE "task_events" (
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "task_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_events_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "task_events" ADD CONSTRAINT "task_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE FUNCTION "tasks_bump_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."version" := OLD."version" + 1;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "tasks_bump_version" BEFORE UPDATE ON "tasks"
  FOR EACH ROW EXECUTE FUNCTION "tasks_bump_version"();--> statement-breakpoint
-- Each trigger names its transition table "changed_tasks" (the new rows, or the deleted ones).
-- Per owner, in a fixed order: a transaction-scoped advisory lock on the owner (class 4201, "task
-- events") is taken before the rows are numbered and held until commit, so one user's events
-- become visible in the order of their ids, and a stream that has read up to an id never misses a
-- smaller one committed later. An owner whose account is being deleted (the cascade from users)
-- gets no events: its row is gone already, and its streams end with its sessions.
CREATE FUNCTION "tasks_record_events"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  owner uuid;
BEGIN
  FOR owner IN
    SELECT DISTINCT c."user_id" FROM "changed_tasks" AS c
    WHERE EXISTS (SELECT 1 FROM "users" AS u WHERE u."id" = c."user_id")
    ORDER BY c."user_id"
  LOOP
    PERFORM pg_advisory_xact_lock(4201, hashtext(owner::text));
    INSERT INTO "task_events" ("user_id", "task_id")
    SELECT owner, c."id" FROM "changed_tasks" AS c WHERE c."user_id" = owner ORDER BY c."id";
    PERFORM pg_notify('task_events', owner::text);
  END LOOP;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "tasks_record_events_after_insert" AFTER INSERT ON "tasks"
  REFERENCING NEW TABLE AS "changed_tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION "tasks_record_events"();--> statement-breakpoint
CREATE TRIGGER "tasks_record_events_after_update" AFTER UPDATE ON "tasks"
  REFERENCING NEW TABLE AS "changed_tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION "tasks_record_events"();--> statement-breakpoint
CREATE TRIGGER "tasks_record_events_after_delete" AFTER DELETE ON "tasks"
  REFERENCING OLD TABLE AS "changed_tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION "tasks_record_events"();--> statement-breakpoint
CREATE FUNCTION "sessions_notify_ended"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ended text;
BEGIN
  FOR ended IN SELECT e."id" FROM "ended_sessions" AS e LOOP
    PERFORM pg_notify('sessions_ended', ended);
  END LOOP;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "sessions_notify_ended" AFTER DELETE ON "sessions"
  REFERENCING OLD TABLE AS "ended_sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION "sessions_notify_ended"();
