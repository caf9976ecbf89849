"use client";

import { DESCRIPTION_MAX_LENGTH } from "@doable/domain";
import { Field } from "../field";
import { PrioritySelect } from "../priority-select";
import type { TypedNewTask } from "./new-task-fields";
import { ReminderField } from "./reminder-field";
import { TAGS_HINT } from "./tags";

/**
 * The New task form's "More options": priority, due date and time, tags, a reminder and a
 * description. Loaded when first opened (most tasks are added from the box alone), or rendered
 * with the page when a refused post put what was typed in them back (docs/decisions/0038).
 * `restored`: what such a post sent; `round`: counts the tasks added, so the Reminder starts afresh.
 */
export function NewTaskOptions({
  id,
  restored,
  round,
  timeZone,
}: {
  id: string;
  restored: TypedNewTask;
  round: number;
  timeZone: string;
}) {
  return (
    <>
      <Field id={`${id}-priority`} label="Priority">
        {(control) => <PrioritySelect {...control} name="priority" defaultValue={restored.priority} />}
      </Field>
      <Field id={`${id}-due`} label="Due date">
        {(control) => <input {...control} name="dueDate" type="date" defaultValue={restored.dueDate} />}
      </Field>
      <Field id={`${id}-due-time`} label="Due time" hint="Optional">
        {(control) => <input {...control} name="dueTime" type="time" defaultValue={restored.dueTime} />}
      </Field>
      <Field id={`${id}-tags`} label="Tags" hint={TAGS_HINT}>
        {(control) => (
          <input {...control} name="tags" type="text" autoComplete="off" defaultValue={restored.tags} />
        )}
      </Field>
      <ReminderField key={round} id={id} task={null} timeZone={timeZone} />
      <Field id={`${id}-description`} label="Description" className="field-wide">
        {(control) => (
          <textarea
            {...control}
            name="description"
            rows={2}
            maxLength={DESCRIPTION_MAX_LENGTH}
            defaultValue={restored.description}
          />
        )}
      </Field>
    </>
  );
}
