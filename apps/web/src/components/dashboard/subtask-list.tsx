"use client";

import { TITLE_MAX_LENGTH } from "@doable/domain";
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import type { Subtask, Task } from "./types";

/** Said when a subtask is added or renamed with no words. */
const EMPTY_SUBTASK_MESSAGE = "Type the subtask first.";

/**
 * A task's checklist (ADR 0048), loaded the first time one is opened: its subtasks in order, each
 * completed, renamed or deleted on its own, and a field that adds one at the end. Every change
 * goes through the dashboard's one write path, like a task's, so it shows at once and waits offline.
 */
export function SubtaskList({
  parent,
  onToggle,
  onRename,
  onDelete,
  onAdd,
  unsaved,
  onRetry,
  onDiscard,
  focusNew,
}: {
  parent: Task;
  onToggle: (id: string, completed: boolean) => void;
  /** `subtask` as shown when renaming began: the version the change is made against. */
  onRename: (subtask: Subtask, title: string) => void;
  onDelete: (id: string) => void;
  onAdd: (parentId: string, title: string) => void;
  /** Why a new subtask is not saved (refused, or the server out of reach), by id; null: all are. */
  unsaved: ReadonlyMap<string, string> | null;
  onRetry: (id: string) => void;
  onDiscard: (id: string) => void;
  /** Put the cursor in the new-subtask field when the list opens (asked for from the editor). */
  focusNew: boolean;
}) {
  const id = useId();
  const fieldRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  /** The subtask whose title is being changed, and why the last try was refused. */
  const [renaming, setRenaming] = useState<{ id: string; problem: string | null } | null>(null);
  /** Where focus goes once renaming ends: that subtask's box. */
  const renamed = useRef<string | null>(null);
  const subtasks = parent.subtasks ?? [];

  useEffect(() => {
    if (focusNew) fieldRef.current?.focus();
  }, [focusNew]);

  useEffect(() => {
    if (renaming !== null || renamed.current === null) return;
    document.getElementById(`${id}-${renamed.current}`)?.focus();
    renamed.current = null;
  }, [renaming, id]);

  function endRenaming(subtask: Subtask) {
    renamed.current = subtask.id;
    setRenaming(null);
  }

  function rename(event: FormEvent<HTMLFormElement>, subtask: Subtask) {
    event.preventDefault();
    const title = String(new FormData(event.currentTarget).get("title") ?? "").trim();
    if (title === "") {
      setRenaming({ id: subtask.id, problem: EMPTY_SUBTASK_MESSAGE });
      return;
    }
    if (title !== subtask.title) onRename(subtask, title);
    endRenaming(subtask);
  }

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const field = fieldRef.current;
    const title = field?.value.trim() ?? "";
    if (title === "") {
      setProblem(EMPTY_SUBTASK_MESSAGE);
      return;
    }
    setProblem(null);
    onAdd(parent.id, title);
    if (field) field.value = "";
  }

  function deleteSubtask(subtask: Subtask, from: HTMLElement) {
    // Focus stays in the checklist: on the next subtask's box, else the field.
    const item = from.closest("li");
    const neighbour = item?.nextElementSibling ?? item?.previousElementSibling;
    onDelete(subtask.id);
    (neighbour?.querySelector<HTMLElement>("input") ?? fieldRef.current)?.focus();
  }

  return (
    <section className="subtasks" aria-label={`Subtasks of ${parent.title}`}>
      {subtasks.length > 0 && (
        <ul className="subtask-list">
          {subtasks.map((subtask) => {
            const problem = unsaved?.get(subtask.id) ?? null;
            return (
              <li
                key={subtask.id}
                className={`subtask${subtask.completed ? " subtask-completed" : ""}${problem ? " task-unsaved" : ""}`}
              >
                <input
                  type="checkbox"
                  id={`${id}-${subtask.id}`}
                  checked={subtask.completed}
                  // Its label gives way to the title field while renaming: the box keeps its name.
                  aria-label={renaming?.id === subtask.id ? subtask.title : undefined}
                  // Nothing to complete on the server until the subtask is there.
                  disabled={problem !== null}
                  onChange={(event) => onToggle(subtask.id, event.target.checked)}
                />
                {renaming?.id === subtask.id ? (
                  <form className="subtask-rename" onSubmit={(event) => rename(event, subtask)}>
                    <input
                      name="title"
                      type="text"
                      aria-label={`New title of ${subtask.title}`}
                      defaultValue={subtask.title}
                      maxLength={TITLE_MAX_LENGTH}
                      autoComplete="off"
                      // biome-ignore lint/a11y/noAutofocus: the person just asked to rename this subtask
                      autoFocus
                      aria-invalid={renaming.problem ? true : undefined}
                      aria-describedby={renaming.problem ? `${id}-rename-problem` : undefined}
                      onKeyDown={(event) => {
                        if (event.key !== "Escape") return;
                        // Esc leaves the title as it was, and goes no further (an open dialog stays).
                        event.stopPropagation();
                        endRenaming(subtask);
                      }}
                    />
                    <button type="submit" className="secondary">
                      Save
                    </button>
                    {renaming.problem && (
                      <span id={`${id}-rename-problem`} role="alert" className="field-error subtask-problem">
                        {renaming.problem}
                      </span>
                    )}
                  </form>
                ) : (
                  <label htmlFor={`${id}-${subtask.id}`} className="subtask-title">
                    {subtask.title}
                    {problem && (
                      <span role="alert" className="field-error subtask-problem">
                        {problem}
                      </span>
                    )}
                  </label>
                )}
                {renaming?.id === subtask.id ? null : problem ? (
                  <>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Retry saving ${subtask.title}`}
                      onClick={() => onRetry(subtask.id)}
                    >
                      Retry
                    </button>
                    <button
                      type="button"
                      className="ghost"
                      aria-label={`Discard ${subtask.title}`}
                      onClick={() => onDiscard(subtask.id)}
                    >
                      Discard
                    </button>
                  </>
                ) : (
                  <>
                    <button
                      type="button"
                      className="ghost"
                      aria-label={`Rename ${subtask.title}`}
                      onClick={() => setRenaming({ id: subtask.id, problem: null })}
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      className="danger-ghost"
                      aria-label={`Delete ${subtask.title}`}
                      onClick={(event) => deleteSubtask(subtask, event.currentTarget)}
                    >
                      Delete
                    </button>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <form className="subtask-new" onSubmit={add}>
        <input
          ref={fieldRef}
          name="title"
          type="text"
          aria-label={`New subtask of ${parent.title}`}
          placeholder="Add a subtask"
          maxLength={TITLE_MAX_LENGTH}
          autoComplete="off"
          aria-describedby={problem ? `${id}-problem` : undefined}
        />
        <button type="submit" className="secondary">
          Add
        </button>
      </form>
      {problem && (
        <p id={`${id}-problem`} role="alert" className="field-error">
          {problem}
        </p>
      )}
    </section>
  );
}

/**
 * Asked when a task with open subtasks is completed (issue 14: "completing a parent asks about
 * open subtasks"): complete them too, complete the task alone, or leave it open. Esc leaves it.
 */
export function CompleteParentQuestion({
  parent,
  onAnswer,
}: {
  parent: Task;
  onAnswer: (answer: "all" | "task" | "cancel") => void;
}) {
  const id = useId();
  const firstRef = useRef<HTMLButtonElement>(null);
  const open = (parent.subtasks ?? []).filter((subtask) => !subtask.completed).length;

  useEffect(() => {
    firstRef.current?.focus();
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      onAnswer("cancel");
    }
  }

  return (
    <div className="confirm" role="alertdialog" aria-labelledby={`${id}-question`} onKeyDown={onKeyDown}>
      <p id={`${id}-question`}>
        {open === 1 ? "1 subtask is" : `${open} subtasks are`} still open. Complete them too?
      </p>
      <div className="row">
        <button ref={firstRef} type="button" onClick={() => onAnswer("all")}>
          Complete all
        </button>
        <button type="button" className="secondary" onClick={() => onAnswer("task")}>
          Only the task
        </button>
        <button type="button" className="ghost" onClick={() => onAnswer("cancel")}>
          Cancel
        </button>
      </div>
    </div>
  );
}
