-- Subtasks (docs/decisions/0048): a task may name the task it is a subtask of, one level deep.
-- Hand-written beyond drizzle-kit's output, from tasks_subtask_in_parent_project on: a subtask is
-- always in its parent's project, whatever statement moves either, and it follows its parent to
-- the trash and back. Rows are written only when something changes, so their versions and the
-- live events (migration 0003) record exactly the moves that happened.
ALTER TABLE "tasks" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_parent_id_tasks_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_parent_idx" ON "tasks" USING btree ("parent_id","position","id") WHERE "tasks"."parent_id" is not null;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_subtask_not_own_parent" CHECK ("tasks"."parent_id" <> "tasks"."id");--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_subtask_does_not_repeat" CHECK ("tasks"."parent_id" is null or "tasks"."recurrence" is null);--> statement-breakpoint
CREATE FUNCTION "tasks_subtask_in_parent_project"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT p."project_id" INTO NEW."project_id" FROM "tasks" AS p WHERE p."id" = NEW."parent_id";
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "tasks_subtask_in_parent_project" BEFORE INSERT OR UPDATE OF "project_id" ON "tasks"
  FOR EACH ROW WHEN (NEW."parent_id" IS NOT NULL) EXECUTE FUNCTION "tasks_subtask_in_parent_project"();--> statement-breakpoint
-- A parent moved to another project, to the trash or back: its subtasks go with it. Back from the
-- trash come only the subtasks that went there with it (the same moment), not ones trashed before.
CREATE FUNCTION "tasks_subtasks_follow_parent"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."deleted_at" IS NOT NULL AND OLD."deleted_at" IS NULL THEN
    UPDATE "tasks" SET "deleted_at" = NEW."deleted_at", "updated_at" = greatest("updated_at", NEW."updated_at")
    WHERE "parent_id" = NEW."id" AND "deleted_at" IS NULL;
  ELSIF NEW."deleted_at" IS NULL AND OLD."deleted_at" IS NOT NULL THEN
    UPDATE "tasks" SET "deleted_at" = NULL, "updated_at" = greatest("updated_at", NEW."updated_at")
    WHERE "parent_id" = NEW."id" AND "deleted_at" = OLD."deleted_at";
  END IF;
  IF NEW."project_id" IS DISTINCT FROM OLD."project_id" THEN
    UPDATE "tasks" SET "project_id" = NEW."project_id", "updated_at" = greatest("updated_at", NEW."updated_at")
    WHERE "parent_id" = NEW."id" AND "project_id" IS DISTINCT FROM NEW."project_id";
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "tasks_subtasks_follow_parent" AFTER UPDATE OF "project_id", "deleted_at" ON "tasks"
  FOR EACH ROW WHEN (NEW."parent_id" IS NULL AND (NEW."project_id" IS DISTINCT FROM OLD."project_id"
    OR NEW."deleted_at" IS DISTINCT FROM OLD."deleted_at"))
  EXECUTE FUNCTION "tasks_subtasks_follow_parent"();
