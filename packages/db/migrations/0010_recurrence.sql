-- Recurring tasks (docs/decisions/0043). Numbered 0010: 0009 is the projects branch's; at merge the
-- journal and snapshot are generated again, this file needs no other migration.
ALTER TABLE "tasks" ADD COLUMN "recurrence" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "recurrence_next_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_recurrence_has_date" CHECK ("tasks"."recurrence" is null or "tasks"."due_date" is not null);--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_recurrence_length" CHECK (char_length("tasks"."recurrence") <= 200);