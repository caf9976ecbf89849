-- Reminders (docs/decisions/0049): a task's remind_at, and task_reminders, the reminders to come
-- and those fired. Hand-written beyond drizzle-kit's output, from tasks_schedule_reminder on: the
-- triggers that keep task_reminders in step with the tasks, and claim_due_reminders, which fires
-- the reminders that are due exactly once however many instances call it at the same moment.
ALTER TYPE "public"."task_event_kind" ADD VALUE 'reminder';--> statement-breakpoint
CREATE TABLE "task_reminders" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"remind_at" timestamp (3) with time zone NOT NULL,
	"sent_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "remind_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "task_reminders" ADD CONSTRAINT "task_reminders_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reminders" ADD CONSTRAINT "task_reminders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_reminders_due_idx" ON "task_reminders" USING btree ("remind_at") WHERE "task_reminders"."sent_at" is null;--> statement-breakpoint
CREATE INDEX "task_reminders_user_due_idx" ON "task_reminders" USING btree ("user_id","remind_at") WHERE "task_reminders"."sent_at" is null;--> statement-breakpoint
-- A reminder is to come while its time is ahead and its task is open and live. A time already
-- past never fires (an import, a next occurrence of a series long overdue, a time typed in the
-- past); the row of one that fired stays, marked sent, so saving the task again with the same
-- time does not fire it twice. A new time makes it a reminder to come again.
CREATE FUNCTION "tasks_schedule_reminder"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."remind_at" IS NULL OR NEW."completed" OR NEW."deleted_at" IS NOT NULL THEN
    DELETE FROM "task_reminders" WHERE "task_id" = NEW."id";
  ELSIF NEW."remind_at" > now() THEN
    INSERT INTO "task_reminders" ("task_id", "user_id", "remind_at") VALUES (NEW."id", NEW."user_id", NEW."remind_at")
    ON CONFLICT ("task_id") DO UPDATE SET "remind_at" = EXCLUDED."remind_at", "sent_at" = NULL
    WHERE "task_reminders"."remind_at" <> EXCLUDED."remind_at";
  ELSE
    DELETE FROM "task_reminders" WHERE "task_id" = NEW."id" AND "remind_at" <> NEW."remind_at";
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "tasks_schedule_reminder_after_insert" AFTER INSERT ON "tasks"
  FOR EACH ROW WHEN (NEW."remind_at" IS NOT NULL) EXECUTE FUNCTION "tasks_schedule_reminder"();--> statement-breakpoint
CREATE TRIGGER "tasks_schedule_reminder_after_update" AFTER UPDATE OF "remind_at", "completed", "deleted_at" ON "tasks"
  FOR EACH ROW WHEN (NEW."remind_at" IS NOT NULL OR OLD."remind_at" IS NOT NULL)
  EXECUTE FUNCTION "tasks_schedule_reminder"();--> statement-breakpoint
-- Fires up to max_count due reminders, soonest first: marks them sent, records a "reminder" event
-- for each (numbered and NOTIFYed as migration 0003 does, under the same per-owner lock, so a
-- stream sees it like any change) and returns them. Rows another caller holds are skipped, not
-- waited for: of two instances polling at once, each fires different reminders.
CREATE FUNCTION "claim_due_reminders"("max_count" integer)
  RETURNS TABLE ("task_id" uuid, "user_id" uuid, "remind_at" timestamptz) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  owner uuid;
  fired_tasks uuid[];
  fired_owners uuid[];
  fired_times timestamptz[];
BEGIN
  WITH "due" AS (
    SELECT r."task_id" FROM "task_reminders" AS r
    WHERE r."sent_at" IS NULL AND r."remind_at" <= now()
    ORDER BY r."remind_at" LIMIT max_count
    FOR UPDATE SKIP LOCKED
  ), "fired" AS (
    UPDATE "task_reminders" AS r SET "sent_at" = now() FROM "due" WHERE r."task_id" = "due"."task_id"
    RETURNING r."task_id", r."user_id", r."remind_at"
  )
  SELECT array_agg(f."task_id" ORDER BY f."remind_at", f."task_id"),
         array_agg(f."user_id" ORDER BY f."remind_at", f."task_id"),
         array_agg(f."remind_at" ORDER BY f."remind_at", f."task_id")
  INTO fired_tasks, fired_owners, fired_times FROM "fired" AS f;
  FOR owner IN SELECT DISTINCT o FROM unnest(fired_owners) AS o ORDER BY o LOOP
    PERFORM pg_advisory_xact_lock(4201, hashtext(owner::text));
    INSERT INTO "task_events" ("user_id", "task_id", "kind")
    SELECT owner, c.t, 'reminder' FROM unnest(fired_tasks, fired_owners) AS c(t, o) WHERE c.o = owner ORDER BY c.t;
    PERFORM pg_notify('task_events', owner::text);
  END LOOP;
  RETURN QUERY SELECT c.t, c.o, c.r FROM unnest(fired_tasks, fired_owners, fired_times) AS c(t, o, r);
END $$;
