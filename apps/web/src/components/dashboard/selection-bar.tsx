"use client";

import { TAG_MAX_LENGTH, tagsProblem } from "@doable/domain";
import { useId, useRef, useState } from "react";
import { NEW_TASK_FIELD_SELECTOR } from "./new-task-fields";
import type { Project } from "./types";

/** The dashboard's "Select tasks" toggle (dashboard.tsx): where focus goes back to after Done. */
const SELECT_TOGGLE_SELECTOR = "button.select-toggle";
const ENABLED_CONTROL_SELECTOR = "button:not(:disabled), select:not(:disabled), input:not(:disabled)";

interface SelectionBarProps {
  count: number;
  /** Every task shown is chosen, or as many as one action takes. */
  allChosen: boolean;
  /** The most tasks one action takes (selection.ts). */
  limit: number;
  projects: readonly Project[];
  onSelectAll: (all: boolean) => void;
  onComplete: () => void;
  onMove: (projectId: string) => void;
  onTag: (tag: string) => void;
  onDelete: () => void;
  onDone: () => void;
}

/**
 * True when a keyboard user has nothing focused to act from: focus is on the page itself, or on a
 * control just disabled or removed (which the browser is about to drop it from).
 */
function focusLost(): boolean {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || active === document.body) return true;
  return !active.isConnected || active.matches(":disabled");
}

/**
 * After an action empties the selection, the control pressed is disabled and the browser drops
 * focus to the page. Once the page shows the result, focus goes to the toolbar's first enabled
 * control; if the list emptied and took the toolbar away, to the "Select tasks" toggle if still
 * there, else the "New task" field (where deleting the last task by its row puts it too).
 */
function refocusAfterAction(toolbar: HTMLElement | null): void {
  requestAnimationFrame(() => {
    if (!focusLost()) return;
    const target = toolbar?.isConnected
      ? toolbar.querySelector<HTMLElement>(ENABLED_CONTROL_SELECTOR)
      : (document.querySelector<HTMLElement>(SELECT_TOGGLE_SELECTOR) ??
        document.querySelector<HTMLElement>(NEW_TASK_FIELD_SELECTOR));
    target?.focus();
  });
}

/**
 * What can be done to the tasks chosen together (bulk actions, issue 14 item 8): complete, move to
 * a project, tag or delete them at once; each offers Undo. Loaded when "Select tasks" is first pressed.
 */
export function SelectionBar({
  count,
  allChosen,
  limit,
  projects,
  onSelectAll,
  onComplete,
  onMove,
  onTag,
  onDelete,
  onDone,
}: SelectionBarProps) {
  const id = useId();
  const toolbarRef = useRef<HTMLDivElement>(null);
  const [projectId, setProjectId] = useState("");
  const [tag, setTag] = useState("");
  const [tagError, setTagError] = useState<string | null>(null);
  const none = count === 0;
  const live = projects.filter((project) => !project.archived);
  const canAddTag = !none && tag.trim() !== "";

  /** `action`, then focus kept where a keyboard user can go on from. */
  function act(action: () => void): void {
    action();
    refocusAfterAction(toolbarRef.current);
  }

  function done(): void {
    // The toolbar and its controls go away: focus goes back to the toggle that opened it.
    const toggle = document.querySelector<HTMLElement>(SELECT_TOGGLE_SELECTOR);
    onDone();
    toggle?.focus();
  }

  function addTag(): void {
    // Enter in the field does what the button does, so nothing while the button is disabled: a
    // call for no tasks, or with no tag, would change nothing.
    if (!canAddTag) return;
    const problem = tagsProblem([tag.trim()]);
    setTagError(problem);
    if (problem) return;
    act(() => onTag(tag.trim()));
    setTag("");
  }

  return (
    <div ref={toolbarRef} role="toolbar" aria-label="Selected tasks" className="selection-bar">
      <p id={`${id}-count`} role="status" className="selection-count">
        {count} selected{count >= limit ? ` (at most ${limit} at once)` : ""}
      </p>
      <button type="button" className="secondary" onClick={() => onSelectAll(!allChosen)}>
        {allChosen ? "Select none" : "Select all"}
      </button>
      <button type="button" disabled={none} onClick={() => act(onComplete)}>
        Complete
      </button>
      <span className="selection-field">
        <label htmlFor={`${id}-project`} className="visually-hidden">
          Move to project
        </label>
        <select id={`${id}-project`} value={projectId} onChange={(event) => setProjectId(event.target.value)}>
          <option value="">Move to…</option>
          {live.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="secondary"
          disabled={none || projectId === ""}
          onClick={() => act(() => onMove(projectId))}
        >
          Move
        </button>
      </span>
      <span className="selection-field">
        <label htmlFor={`${id}-tag`} className="visually-hidden">
          Tag to add
        </label>
        <input
          id={`${id}-tag`}
          type="text"
          value={tag}
          maxLength={TAG_MAX_LENGTH}
          placeholder="Tag"
          aria-invalid={tagError ? true : undefined}
          // With no tasks chosen, "0 selected" says why Enter here does nothing.
          aria-describedby={tagError ? `${id}-tag-error` : none ? `${id}-count` : undefined}
          onChange={(event) => setTag(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") addTag();
          }}
        />
        <button type="button" className="secondary" disabled={!canAddTag} onClick={addTag}>
          Add tag
        </button>
      </span>
      <button type="button" className="danger" disabled={none} onClick={() => act(onDelete)}>
        Delete
      </button>
      <button type="button" className="ghost" onClick={done}>
        Done
      </button>
      {tagError && (
        <p id={`${id}-tag-error`} role="alert" className="field-error">
          {tagError}
        </p>
      )}
    </div>
  );
}
