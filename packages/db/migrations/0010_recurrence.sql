-- Recurring tasks (docs/decisions/0043): the rule and the id of the next occurrence a completion made.
ALTER TABLE "tasks" ADD COLUMN "recurrence" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "recurrence_next_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_recurrence_has_date" CHECK ("tasks"."recurrence" is null or "tasks"."due_date" is not null);--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_recurrence_length" CHECK (char_length("tasks"."recurrence") <= 200);