"use client";

import {
  DEFAULT_PRIORITY,
  DESCRIPTION_MAX_LENGTH,
  type Priority,
  TITLE_MAX_LENGTH,
  taskFieldsProblem,
} from "@doable/domain";
import { type FormEvent, useId, useRef, useState } from "react";
import { Field } from "../field";
import { PrioritySelect } from "../priority-select";
import { parseTags, TAGS_HINT } from "./tags";

/** The box's accessible name (a DESIGN contract) and how other parts of the page find it. */
export const NEW_TASK_LABEL = "New task";
export const NEW_TASK_FIELD_SELECTOR = `input[aria-label="${NEW_TASK_LABEL}"]`;

interface NewTaskValues {
  id: string;
  title: string;
  description: string | null;
  priority: Priority;
  dueDate: string | null;
  dueTime: string | null;
  tags: string[];
}

export function NewTaskForm({ onCreate }: { onCreate: (values: NewTaskValues) => void }) {
  const id = useId();
  const titleRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [showOptions, setShowOptions] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const values = {
      id: crypto.randomUUID(),
      title: String(data.get("title") ?? "").trim(),
      // Blank means none, as the server reads it.
      description: String(data.get("description") ?? "").trim() || null,
      priority: (String(data.get("priority") ?? "") || DEFAULT_PRIORITY) as Priority,
      // A date input's value is the calendar day itself (YYYY-MM-DD), a time input's HH:MM.
      dueDate: String(data.get("dueDate") ?? "") || null,
      dueTime: String(data.get("dueTime") ?? "") || null,
      tags: parseTags(String(data.get("tags") ?? "")),
    };
    if (values.title === "") {
      setError("Type a title for the task first.");
      titleRef.current?.focus();
      return;
    }
    // The server's rules and words, checked without shipping its schema library (issue 13).
    const problem = taskFieldsProblem(values);
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    onCreate(values);
    form.reset();
    titleRef.current?.focus();
  }

  return (
    <form className="card new-task" onSubmit={submit} noValidate>
      <div className="new-task-row">
        <input
          ref={titleRef}
          name="title"
          type="text"
          aria-label={NEW_TASK_LABEL}
          placeholder="What needs doing?"
          // biome-ignore lint/a11y/noAutofocus: adding a task is what the page is for (TodoMVC's habit too)
          autoFocus
          maxLength={TITLE_MAX_LENGTH}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onInput={() => error && setError(null)}
        />
        <button type="submit">Add task</button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="field-error">
          {error}
        </p>
      )}
      <button
        type="button"
        className="ghost options-toggle"
        aria-expanded={showOptions}
        aria-controls={`${id}-options`}
        onClick={() => setShowOptions((shown) => !shown)}
      >
        {showOptions ? "Fewer options" : "More options"}
      </button>
      <div id={`${id}-options`} className="new-task-options" hidden={!showOptions}>
        <Field id={`${id}-priority`} label="Priority">
          {(control) => <PrioritySelect {...control} name="priority" defaultValue={DEFAULT_PRIORITY} />}
        </Field>
        <Field id={`${id}-due`} label="Due date">
          {(control) => <input {...control} name="dueDate" type="date" />}
        </Field>
        <Field id={`${id}-due-time`} label="Due time" hint="Optional">
          {(control) => <input {...control} name="dueTime" type="time" />}
        </Field>
        <Field id={`${id}-tags`} label="Tags" hint={TAGS_HINT}>
          {(control) => <input {...control} name="tags" type="text" autoComplete="off" />}
        </Field>
        <Field id={`${id}-description`} label="Description" className="field-wide">
          {(control) => (
            <textarea {...control} name="description" rows={2} maxLength={DESCRIPTION_MAX_LENGTH} />
          )}
        </Field>
      </div>
    </form>
  );
}
