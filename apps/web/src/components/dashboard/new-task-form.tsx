"use client";

import { createTaskInput, TITLE_MAX_LENGTH } from "@doable/api/validators";
import { type FormEvent, useId, useRef, useState } from "react";
import { endOfDayInZone } from "~/lib/dates";
import { parseTags, TAGS_HINT } from "./tags";

interface NewTaskValues {
  id: string;
  title: string;
  priority: "low" | "medium" | "high";
  dueAt: Date | null;
  tags: string[];
}

export function NewTaskForm({
  timeZone,
  onCreate,
}: {
  timeZone: string;
  onCreate: (values: NewTaskValues) => void;
}) {
  const id = useId();
  const titleRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [showOptions, setShowOptions] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const dueText = String(data.get("dueAt") ?? "");
    const values = {
      id: crypto.randomUUID(),
      title: String(data.get("title") ?? "").trim(),
      priority: (String(data.get("priority") ?? "") || "medium") as NewTaskValues["priority"],
      dueAt: dueText ? endOfDayInZone(dueText, timeZone) : null,
      tags: parseTags(String(data.get("tags") ?? "")),
    };
    if (values.title === "") {
      setError("Type a title for the task first.");
      titleRef.current?.focus();
      return;
    }
    const parsed = createTaskInput.safeParse(values);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Check the task's details.");
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
          aria-label="New task"
          placeholder="What needs doing?"
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
        <div className="field">
          <label htmlFor={`${id}-priority`}>Priority</label>
          <select id={`${id}-priority`} name="priority" defaultValue="medium">
            <option value="high">High</option>
            <option value="medium">Medium</option>
            <option value="low">Low</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-due`}>Due date</label>
          <input id={`${id}-due`} name="dueAt" type="date" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-tags`}>Tags</label>
          <input
            id={`${id}-tags`}
            name="tags"
            type="text"
            aria-describedby={`${id}-tags-hint`}
            autoComplete="off"
          />
          <span id={`${id}-tags-hint`} className="field-hint">
            {TAGS_HINT}
          </span>
        </div>
      </div>
    </form>
  );
}
