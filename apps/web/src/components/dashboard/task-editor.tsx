"use client";

import {
  DESCRIPTION_MAX_LENGTH,
  TAGS_MAX_COUNT,
  TASK_INPUT_MESSAGES,
  TITLE_MAX_LENGTH,
} from "@doable/domain";
import {
  type FocusEvent,
  type FormEvent,
  type KeyboardEvent,
  lazy,
  Suspense,
  useEffect,
  useId,
  useRef,
  useState,
} from "react";
import { api } from "~/trpc/react";
import { Field } from "../field";
import { PrioritySelect } from "../priority-select";
import { takeEditorFocus } from "./editor-focus";
import { ReminderField, reminderFromForm } from "./reminder-field";
import { formatTags, parseTags, TAGS_HINT } from "./tags";
import type { Task, TaskChanges } from "./types";

/** The Repeat control (ADR 0043), loaded when the editor first shows it. */
const RepeatField = lazy(() => import("./repeat-field"));

interface TaskEditorProps {
  task: Task;
  /** The account's zone: where due times and reminders are read (ADR 0034, 0049). */
  timeZone: string;
  onSave: (changes: TaskChanges, base: Task) => void;
  onCancel: () => void;
  /** Deletes the task; `from` is the control used, to move focus to what comes next. */
  onDelete: (from: Element) => void;
  /** Saves, then opens the task's checklist to add to it; absent for a subtask (one level only). */
  onAddSubtasks?: () => void;
}

/**
 * The inline editor of a task: Enter or leaving the editor saves; Esc cancels; an emptied title
 * offers to delete the task. Loaded on first use (task-item.tsx), so the dashboard's first load
 * carries none of it.
 */
export function TaskEditor({
  task: shown,
  timeZone,
  onSave,
  onCancel,
  onDelete,
  onAddSubtasks,
}: TaskEditorProps) {
  // The task as it was when editing began: the form starts from it, the changes are measured
  // against it, and its version goes with them, so a change made elsewhere meanwhile (shown
  // live in the list) is never overwritten without the person seeing it.
  const [task] = useState(shown);
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const done = useRef(false);
  const projects = api.project.list.useQuery().data ?? [];

  // The "#" shortcut asks for the Tags field instead of the title.
  useEffect(() => {
    if (takeEditorFocus(task.id) === "tags") {
      formRef.current?.querySelector<HTMLElement>('input[name="tags"]')?.focus();
    }
  }, [task.id]);

  function changes(): TaskChanges | null {
    const form = formRef.current;
    if (!form) return null;
    const data = new FormData(form);
    const title = String(data.get("title") ?? "").trim();
    if (title === "") return null;
    const dueDate = String(data.get("dueDate") ?? "") || null;
    // A time belongs to a day: clearing the date clears it too.
    const dueTime = dueDate ? String(data.get("dueTime") ?? "") || null : null;
    const priority = String(data.get("priority")) as Task["priority"];
    const tags = parseTags(String(data.get("tags") ?? ""));
    // Blank means none, as the server reads it.
    const description = String(data.get("description") ?? "").trim() || null;
    const result: TaskChanges = {};
    if (title !== task.title) result.title = title;
    if (description !== task.description) result.description = description;
    if (priority !== task.priority) result.priority = priority;
    // The server takes a time only with its day, so a change to either sends both.
    if (dueDate !== task.dueDate || dueTime !== task.dueTime) {
      result.dueDate = dueDate;
      result.dueTime = dueTime;
    }
    if (formatTags(tags) !== formatTags(task.tags)) result.tags = tags;
    // Absent until the Repeat control has loaded: then nothing about it changed.
    const recurrence = data.has("recurrence") ? String(data.get("recurrence")) || null : task.recurrence;
    if (recurrence !== task.recurrence) result.recurrence = recurrence;
    // Moving the task to another project (ADR 0042).
    const projectId = String(data.get("projectId") ?? "");
    if (projectId && projectId !== task.projectId) result.projectId = projectId;
    // Sent with every due change too: the server would otherwise move a reminder left alone with
    // the due time, and the one chosen here is already where it should be.
    const reminder = reminderFromForm(data, timeZone);
    if (reminder && "remindAt" in reminder) {
      const before = task.remindAt?.getTime() ?? null;
      if ((reminder.remindAt?.getTime() ?? null) !== before || "dueDate" in result) {
        result.remindAt = reminder.remindAt;
      }
    }
    return result;
  }

  /** Saves what changed; false when something must be put right first. */
  function save(): boolean {
    if (done.current) return false;
    const result = changes();
    if (result === null) {
      setConfirmingDelete(true);
      return false;
    }
    if (result.tags && result.tags.length > TAGS_MAX_COUNT) {
      setError(TAGS_HINT);
      return false;
    }
    const form = formRef.current;
    const reminder = form ? reminderFromForm(new FormData(form), timeZone) : null;
    if (reminder && "error" in reminder) {
      setError(reminder.error);
      return false;
    }
    const after = { ...task, ...result };
    if (after.recurrence && !after.dueDate) {
      setError(TASK_INPUT_MESSAGES.recurrenceNeedsDate);
      return false;
    }
    done.current = true;
    onSave(result, task);
    return true;
  }

  function cancel() {
    done.current = true;
    onCancel();
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      if (confirmingDelete) setConfirmingDelete(false);
      else cancel();
    }
  }

  function onBlur(event: FocusEvent<HTMLFormElement>) {
    // Moving between the editor's own fields is not leaving it.
    if (confirmingDelete || event.currentTarget.contains(event.relatedTarget as Node | null)) return;
    save();
  }

  return (
    <form ref={formRef} className="task-editor" onSubmit={onSubmit} onKeyDown={onKeyDown} onBlur={onBlur}>
      <Field id={`${id}-title`} label="Title">
        {(control) => (
          <input
            {...control}
            name="title"
            type="text"
            defaultValue={task.title}
            maxLength={TITLE_MAX_LENGTH}
            // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this title
            autoFocus
            onFocus={(event) => event.currentTarget.select()}
            onInput={() => confirmingDelete && setConfirmingDelete(false)}
          />
        )}
      </Field>
      <Field id={`${id}-description`} label="Description">
        {(control) => (
          <textarea
            {...control}
            name="description"
            rows={3}
            defaultValue={task.description ?? ""}
            maxLength={DESCRIPTION_MAX_LENGTH}
          />
        )}
      </Field>
      <div className="task-editor-fields">
        <Field id={`${id}-priority`} label="Priority">
          {(control) => <PrioritySelect {...control} name="priority" defaultValue={task.priority} />}
        </Field>
        <Field id={`${id}-due`} label="Due date">
          {(control) => <input {...control} name="dueDate" type="date" defaultValue={task.dueDate ?? ""} />}
        </Field>
        <Field id={`${id}-due-time`} label="Due time">
          {(control) => <input {...control} name="dueTime" type="time" defaultValue={task.dueTime ?? ""} />}
        </Field>
        <Field id={`${id}-tags`} label="Tags">
          {(control) => (
            <input
              {...control}
              name="tags"
              type="text"
              defaultValue={formatTags(task.tags)}
              autoComplete="off"
            />
          )}
        </Field>
        {projects.length > 0 && (
          <Field id={`${id}-project`} label="Project">
            {(control) => (
              <select {...control} name="projectId" defaultValue={task.projectId}>
                {projects
                  .filter((project) => !project.archived || project.id === task.projectId)
                  .map((project) => (
                    <option key={project.id} value={project.id}>
                      {project.name}
                    </option>
                  ))}
              </select>
            )}
          </Field>
        )}
        <Suspense>
          <RepeatField initial={task.recurrence} />
        </Suspense>
        <ReminderField id={id} task={task} timeZone={timeZone} />
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {confirmingDelete ? (
        <div className="confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>The title is empty. Delete this task?</p>
          <div className="row">
            <button
              type="button"
              className="danger"
              onClick={(event) => {
                done.current = true;
                onDelete(event.currentTarget);
              }}
            >
              Delete task
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmingDelete(false)}>
              Keep editing
            </button>
          </div>
        </div>
      ) : (
        <div className="row">
          <button type="submit">Save</button>
          <button type="button" className="secondary" onClick={cancel}>
            Cancel
          </button>
          {onAddSubtasks && (
            <button type="button" className="secondary" onClick={() => save() && onAddSubtasks()}>
              Add subtasks
            </button>
          )}
          <span className="field-hint">Enter saves · Esc cancels</span>
        </div>
      )}
    </form>
  );
}
