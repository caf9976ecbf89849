"use client";

import { TAG_MAX_LENGTH, tagsProblem } from "@doable/domain";
import { useId, useState } from "react";
import type { Project } from "./types";

interface SelectionBarProps {
  count: number;
  /** Every task shown is chosen. */
  allChosen: boolean;
  projects: readonly Project[];
  onSelectAll: (all: boolean) => void;
  onComplete: () => void;
  onMove: (projectId: string) => void;
  onTag: (tag: string) => void;
  onDelete: () => void;
  onDone: () => void;
}

/**
 * What can be done to the tasks chosen together (bulk actions, issue 14 item 8): complete, move to
 * a project, tag or delete them at once; each offers Undo. Loaded when "Select tasks" is first pressed.
 */
export function SelectionBar({
  count,
  allChosen,
  projects,
  onSelectAll,
  onComplete,
  onMove,
  onTag,
  onDelete,
  onDone,
}: SelectionBarProps) {
  const id = useId();
  const [projectId, setProjectId] = useState("");
  const [tag, setTag] = useState("");
  const [tagError, setTagError] = useState<string | null>(null);
  const none = count === 0;
  const live = projects.filter((project) => !project.archived);

  function addTag(): void {
    const problem = tagsProblem([tag.trim()]);
    setTagError(problem);
    if (problem) return;
    onTag(tag.trim());
    setTag("");
  }

  return (
    <div role="toolbar" aria-label="Selected tasks" className="selection-bar">
      <p role="status" className="selection-count">
        {count} selected
      </p>
      <button type="button" className="secondary" onClick={() => onSelectAll(!allChosen)}>
        {allChosen ? "Select none" : "Select all"}
      </button>
      <button type="button" disabled={none} onClick={onComplete}>
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
          onClick={() => onMove(projectId)}
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
          aria-describedby={tagError ? `${id}-tag-error` : undefined}
          onChange={(event) => setTag(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") addTag();
          }}
        />
        <button type="button" className="secondary" disabled={none || tag.trim() === ""} onClick={addTag}>
          Add tag
        </button>
      </span>
      <button type="button" className="danger" disabled={none} onClick={onDelete}>
        Delete
      </button>
      <button type="button" className="ghost" onClick={onDone}>
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
