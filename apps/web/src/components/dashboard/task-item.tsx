"use client";

import { DEFAULT_PRIORITY, PRIORITY_LABELS } from "@doable/domain";
import { lazy, memo, Suspense, useId, useRef, useState } from "react";
import { describeDue } from "~/lib/dates";
import { loadTaskEditor } from "./editor-focus";
import { NEW_TASK_FIELD_SELECTOR } from "./new-task-fields";
import type { DropPlace } from "./row-drag";
import type { Task, TaskChanges } from "./types";

/** The editor is loaded when first opened (or when the pointer or focus reaches an Edit button). */
const TaskEditor = lazy(() => loadTaskEditor().then((module) => ({ default: module.TaskEditor })));
/** Recurring tasks' words (ADR 0043), loaded when first shown: not in the first load. */
const RepeatBadge = lazy(() => import("./repeat-badge"));
/** A reminder still to come (ADR 0049), loaded with the first task that has one. */
const ReminderBadge = lazy(() => import("./reminder-badge"));
/** A task's checklist and the question completing it asks (ADR 0048), loaded when first needed. */
const SubtaskList = lazy(() => import("./subtask-list").then((module) => ({ default: module.SubtaskList })));
const CompleteParentQuestion = lazy(() =>
  import("./subtask-list").then((module) => ({ default: module.CompleteParentQuestion })),
);

/**
 * The drag's code (ADR 0046). Loaded with the manual order, before anyone drags: loaded on the
 * press, a quick drag on a slow connection ended before the code arrived and did nothing.
 */
export const loadRowDrag = (): Promise<typeof import("./row-drag")> => import("./row-drag");

/**
 * Where a row stands in a list that can be reordered (the manual order, ADR 0046): which way it can
 * move. Null where the order is not the person's own (another sort) or the task is not saved yet.
 */
export type RowPlace = "first" | "middle" | "last" | "only" | null;

/** Which way the row at `index` of `count` can move. */
export function rowPlace(index: number, count: number): RowPlace {
  if (count === 1) return "only";
  if (index === 0) return "first";
  return index === count - 1 ? "last" : "middle";
}

/** Up or down one place (the buttons, J and K), or between the rows a drag let it go between. */
export type MoveTarget = "up" | "down" | DropPlace;

/**
 * Every prop but `task` and `place` is the same for every row and stable across renders (the callbacks take
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
  /** Why each new subtask of this task is not saved, by id; null when every one is. */
  unsavedSubtasks: ReadonlyMap<string, string> | null;
  onRetry: (id: string) => void;
  onDiscard: (id: string) => void;
  place: RowPlace;
  onMove: (id: string, to: MoveTarget) => void;
  /** Chosen for a bulk action; null while the list is not in "Select tasks" mode. */
  selected: boolean | null;
  onSelect: (id: string, selected: boolean) => void;
  /** Adds a subtask at the end of the task `parentId`'s checklist. */
  onAddSubtask: (parentId: string, title: string) => void;
  /** Completes the tasks `ids` at once, undoably: a task and its open subtasks. */
  onCompleteMany: (ids: string[]) => void;
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
  unsavedSubtasks,
  onRetry,
  onDiscard,
  place,
  onMove,
  selected,
  onSelect,
  onAddSubtask,
  onCompleteMany,
}: TaskItemProps) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  /** The checklist is open; "new": opened from the editor to add to it, the cursor in its field. */
  const [checklist, setChecklist] = useState<"closed" | "open" | "new">("closed");
  const [askingToComplete, setAskingToComplete] = useState(false);
  const subtasks = task.subtasks ?? [];
  const subtasksDone = subtasks.filter((subtask) => subtask.completed).length;
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const due = task.dueDate && now ? describeDue({ ...task, dueDate: task.dueDate }, now, timeZone) : null;
  const reminder = task.remindAt && now && !task.completed && task.remindAt > now ? task.remindAt : null;
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

  /** Set when the editor closes to open the checklist: its field takes the focus, not Edit. */
  const checklistAsked = useRef(false);

  function finishEditing() {
    setEditing(false);
    requestAnimationFrame(() => {
      if (!checklistAsked.current) editButtonRef.current?.focus();
      checklistAsked.current = false;
    });
  }

  function completeWithChecklist(completed: boolean) {
    // Completing a task with open subtasks asks first what to do with them.
    if (completed && subtasks.some((subtask) => !subtask.completed)) {
      setAskingToComplete(true);
      return;
    }
    setChecked(completed);
    onToggle(task.id, completed);
  }

  function answerCompletion(answer: "all" | "task" | "cancel") {
    setAskingToComplete(false);
    if (answer === "all") {
      const open = subtasks.filter((subtask) => !subtask.completed).map((subtask) => subtask.id);
      onCompleteMany([task.id, ...open]);
    } else if (answer === "task") onToggle(task.id, true);
    if (answer !== "cancel") setChecked(true);
    requestAnimationFrame(() => document.getElementById(`${id}-complete`)?.focus());
  }

  if (editing) {
    return (
      <li className="task task-editing" data-task-id={task.id}>
        <Suspense fallback={<p className="muted small">Opening the editor…</p>}>
          <TaskEditor
            task={task}
            timeZone={timeZone}
            onSave={(changes, base) => {
              if (Object.keys(changes).length > 0) onSave(task.id, changes, base);
              finishEditing();
            }}
            onCancel={finishEditing}
            onDelete={deleteFrom}
            onAddSubtasks={
              task.parentId === null && unsaved === null
                ? () => {
                    checklistAsked.current = true;
                    setChecklist("new");
                  }
                : undefined
            }
          />
        </Suspense>
      </li>
    );
  }

  return (
    <li
      className={task.completed ? "task task-completed" : unsaved ? "task task-unsaved" : "task"}
      data-task-id={task.id}
    >
      {place && (
        // A pointer's way to move the row; the Move up and Move down buttons are everyone's.
        <span
          className="drag-handle"
          aria-hidden="true"
          title="Drag to move"
          onPointerDown={(event) => {
            // Not a text selection or a scroll: a drag. Its code loads on the first one.
            event.preventDefault();
            const { nativeEvent, currentTarget } = event;
            void loadRowDrag().then(({ startRowDrag }) =>
              startRowDrag(nativeEvent, currentTarget, (place) => onMove(task.id, place)),
            );
          }}
        />
      )}
      {selected !== null && (
        <input
          type="checkbox"
          className="select-box"
          aria-label={`Select ${task.title}`}
          checked={selected}
          onChange={(event) => onSelect(task.id, event.target.checked)}
        />
      )}
      {/* While choosing tasks, a row has one box: whether it is chosen ("Complete" is in the toolbar). */}
      {selected === null && (
        <input
          type="checkbox"
          id={`${id}-complete`}
          data-shortcut="complete"
          aria-labelledby={`${id}-title`}
          checked={checked}
          // Nothing to complete on the server until the task is there.
          disabled={unsaved !== null}
          onChange={(event) => completeWithChecklist(event.target.checked)}
        />
      )}
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
        {(task.priority !== DEFAULT_PRIORITY ||
          due ||
          task.tags.length > 0 ||
          task.recurrence ||
          reminder ||
          subtasks.length > 0) && (
          <div className="task-meta">
            {subtasks.length > 0 && (
              <button
                type="button"
                className="badge subtask-progress"
                aria-expanded={checklist !== "closed"}
                // The visible "2/5" is part of the name, so a voice user can say what they see.
                aria-label={`Subtasks of ${task.title}: ${subtasksDone}/${subtasks.length} done`}
                onClick={() => setChecklist(checklist === "closed" ? "open" : "closed")}
              >
                {subtasksDone}/{subtasks.length}
              </button>
            )}
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
            {reminder && (
              <Suspense>
                <ReminderBadge remindAt={reminder} timeZone={timeZone} />
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
        {askingToComplete && (
          <Suspense>
            <CompleteParentQuestion parent={task} onAnswer={answerCompletion} />
          </Suspense>
        )}
        {/* Open while a subtask is not saved, so its message and Retry are in sight. */}
        {(checklist !== "closed" || unsavedSubtasks !== null) && (
          <Suspense fallback={<p className="muted small">Opening the subtasks…</p>}>
            <SubtaskList
              parent={task}
              onToggle={onToggle}
              onRename={(subtask, title) => onSave(subtask.id, { title }, subtask)}
              onDelete={onDelete}
              onAdd={onAddSubtask}
              unsaved={unsavedSubtasks}
              onRetry={onRetry}
              onDiscard={onDiscard}
              focusNew={checklist === "new"}
            />
          </Suspense>
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
          {place && (
            <>
              <button
                type="button"
                className="ghost move-button"
                aria-label={`Move ${task.title} up`}
                data-shortcut="move-up"
                disabled={place === "first" || place === "only"}
                onClick={() => onMove(task.id, "up")}
              >
                ↑
              </button>
              <button
                type="button"
                className="ghost move-button"
                aria-label={`Move ${task.title} down`}
                data-shortcut="move-down"
                disabled={place === "last" || place === "only"}
                onClick={() => onMove(task.id, "down")}
              >
                ↓
              </button>
            </>
          )}
          <button
            ref={editButtonRef}
            type="button"
            className="ghost"
            aria-label={`Edit ${task.title}`}
            data-shortcut="edit"
            onPointerEnter={() => void loadTaskEditor()}
            onFocus={() => void loadTaskEditor()}
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
