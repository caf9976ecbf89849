"use client";

import {
  DEFAULT_PRIORITY,
  DESCRIPTION_MAX_LENGTH,
  PRIORITY_LABELS,
  TAGS_MAX_COUNT,
  TASK_INPUT_MESSAGES,
  TITLE_MAX_LENGTH,
} from "@doable/domain";
import {
  type FocusEvent,
  type FormEvent,
  type KeyboardEvent,
  lazy,
  memo,
  Suspense,
  useId,
  useRef,
  useState,
} from "react";
import { describeDue } from "~/lib/dates";
import { Field } from "../field";
import { PrioritySelect } from "../priority-select";
import { NEW_TASK_FIELD_SELECTOR } from "./new-task-form";
import { formatTags, parseTags, TAGS_HINT } from "./tags";
import type { Task, TaskChanges } from "./types";

/** Recurring tasks' words and controls (ADR 0043), loaded when first shown: not in the first load. */
const RepeatBadge = lazy(() => import("./repeat-badge"));
const RepeatField = lazy(() => import("./repeat-field"));

/**
 * Every prop but `task` is the same for every row and stable across renders (the callbacks take
 * the task's id), so a change to one task re-renders that row only.
 */
interface TaskItemProps {
  task: Task;
  timeZone: string;
  /** Only for a task with a due date; null otherwise, so the minute tick leaves the row alone. */
  now: Date | null;
  onToggle: (id: string, completed: boolean) => void;
  /** `base`: the task as it was when editing began (see TaskEditor). */
  onSave: (id: string, changes: TaskChanges, base: Task) => void;
  onDelete: (id: string) => void;
  onTagClick: (tag: string) => void;
  /** Why a new task is not saved (the server refused it or was out of reach); null once it is. */
  unsaved: string | null;
  onRetry: (id: string) => void;
  onDiscard: (id: string) => void;
}

/** Each task's row carries its id, for the keyboard shortcuts (use-keyboard-shortcuts.ts). */
export const TASK_ROW_SELECTOR = "li[data-task-id]";

/**
 * Where focus goes when the task holding `from` disappears: the next task (or the previous one),
 * else the "New task" box, so a keyboard user is not thrown back to the top of the page.
 */
function focusAfterRemoval(from: Element): HTMLElement | null {
  const item = from.closest("li");
  const neighbour = item?.nextElementSibling ?? item?.previousElementSibling ?? null;
  return (
    neighbour?.querySelector<HTMLElement>('input[type="checkbox"]') ??
    document.querySelector<HTMLElement>(NEW_TASK_FIELD_SELECTOR)
  );
}

export const TaskItem = memo(function TaskItem({
  task,
  timeZone,
  now,
  onToggle,
  onSave,
  onDelete,
  onTagClick,
  unsaved,
  onRetry,
  onDiscard,
}: TaskItemProps) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const due = task.dueDate && now ? describeDue({ ...task, dueDate: task.dueDate }, now, timeZone) : null;
  // The box follows a click at once: the cache's own update reaches this component a task later
  // (TanStack Query batches notifications), and React would meanwhile put the old state back.
  // Any new version of the task from the cache (confirmed, rolled back, refetched) wins.
  const [checked, setChecked] = useState(task.completed);
  const [shownTask, setShownTask] = useState(task);
  if (shownTask !== task) {
    setShownTask(task);
    setChecked(task.completed);
  }

  function deleteFrom(element: Element) {
    const next = focusAfterRemoval(element);
    onDelete(task.id);
    next?.focus();
  }

  function finishEditing() {
    setEditing(false);
    requestAnimationFrame(() => editButtonRef.current?.focus());
  }

  if (editing) {
    return (
      <li className="task task-editing" data-task-id={task.id}>
        <TaskEditor
          task={task}
          onSave={(changes, base) => {
            if (Object.keys(changes).length > 0) onSave(task.id, changes, base);
            finishEditing();
          }}
          onCancel={finishEditing}
          onDelete={deleteFrom}
        />
      </li>
    );
  }

  return (
    <li
      className={task.completed ? "task task-completed" : unsaved ? "task task-unsaved" : "task"}
      data-task-id={task.id}
    >
      <input
        type="checkbox"
        aria-labelledby={`${id}-title`}
        checked={checked}
        // Nothing to complete on the server until the task is there.
        disabled={unsaved !== null}
        onChange={(event) => {
          setChecked(event.target.checked);
          onToggle(task.id, event.target.checked);
        }}
      />
      <div className="task-body">
        {/* Not a label: a double-click edits the title (TodoMVC's habit) instead of toggling it twice. */}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: a pointer shortcut; keyboards have Edit and "e" */}
        <span
          id={`${id}-title`}
          className="task-title"
          onDoubleClick={unsaved === null ? () => setEditing(true) : undefined}
        >
          {task.title}
        </span>
        {task.description && <p className="task-description">{task.description}</p>}
        {(task.priority !== DEFAULT_PRIORITY || due || task.tags.length > 0 || task.recurrence) && (
          <div className="task-meta">
            {task.priority !== DEFAULT_PRIORITY && (
              <span className={`badge priority-${task.priority}`}>
                {PRIORITY_LABELS[task.priority]} priority
              </span>
            )}
            {due && (
              <span className={`badge due-${due.state}`}>
                {due.state === "overdue" ? `Overdue · ${due.text}` : `Due ${due.text}`}
              </span>
            )}
            {task.recurrence && (
              <Suspense>
                <RepeatBadge recurrence={task.recurrence} />
              </Suspense>
            )}
            {task.tags.map((tag) => (
              <button
                key={tag}
                type="button"
                className="tag"
                onClick={() => onTagClick(tag)}
                aria-label={`Show tasks tagged ${tag}`}
              >
                #{tag}
              </button>
            ))}
          </div>
        )}
        {unsaved && (
          <p role="alert" className="field-error">
            {unsaved}
          </p>
        )}
      </div>
      {unsaved ? (
        <div className="task-actions">
          <button
            type="button"
            className="secondary"
            aria-label={`Retry saving ${task.title}`}
            onClick={() => onRetry(task.id)}
          >
            Retry
          </button>
          <button
            type="button"
            className="ghost"
            aria-label={`Discard ${task.title}`}
            onClick={(event) => {
              const next = focusAfterRemoval(event.currentTarget);
              onDiscard(task.id);
              next?.focus();
            }}
          >
            Discard
          </button>
        </div>
      ) : (
        <div className="task-actions">
          <button
            ref={editButtonRef}
            type="button"
            className="ghost"
            aria-label={`Edit ${task.title}`}
            data-shortcut="edit"
            onClick={() => setEditing(true)}
          >
            Edit
          </button>
          <button
            type="button"
            className="danger-ghost"
            aria-label={`Delete ${task.title}`}
            data-shortcut="delete"
            onClick={(event) => deleteFrom(event.currentTarget)}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
});

interface TaskEditorProps {
  task: Task;
  onSave: (changes: TaskChanges, base: Task) => void;
  onCancel: () => void;
  /** Deletes the task; `from` is the control used, to move focus to what comes next. */
  onDelete: (from: Element) => void;
}

/** Enter or leaving the editor saves; Esc cancels; an emptied title offers to delete the task. */
function TaskEditor({ task: shown, onSave, onCancel, onDelete }: TaskEditorProps) {
  // The task as it was when editing began: the form starts from it, the changes are measured
  // against it, and its version goes with them, so a change made elsewhere meanwhile (shown
  // live in the list) is never overwritten without the person seeing it.
  const [task] = useState(shown);
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const done = useRef(false);

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
    return result;
  }

  function save() {
    if (done.current) return;
    const result = changes();
    if (result === null) {
      setConfirmingDelete(true);
      return;
    }
    if (result.tags && result.tags.length > TAGS_MAX_COUNT) {
      setError(TAGS_HINT);
      return;
    }
    const after = { ...task, ...result };
    if (after.recurrence && !after.dueDate) {
      setError(TASK_INPUT_MESSAGES.recurrenceNeedsDate);
      return;
    }
    done.current = true;
    onSave(result, task);
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
        <Suspense>
          <RepeatField initial={task.recurrence} />
        </Suspense>
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
          <span className="field-hint">Enter saves · Esc cancels</span>
        </div>
      )}
    </form>
  );
}
