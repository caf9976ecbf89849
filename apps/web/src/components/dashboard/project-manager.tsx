"use client";

import {
  DEFAULT_PROJECT_COLOR,
  PROJECT_COLORS,
  PROJECT_NAME_MAX_LENGTH,
  projectColorName,
} from "@doable/domain";
import { type FormEvent, useId, useState } from "react";
import { humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { Field } from "../field";
import type { Project } from "./types";

/** The palette, and the project's own colour when it is not one of them (set from the CLI). */
function colourChoices(current: string) {
  return PROJECT_COLORS.some((color) => color.value === current)
    ? PROJECT_COLORS
    : [...PROJECT_COLORS, { name: projectColorName(current), value: current }];
}

function ColourSelect({ id, defaultValue }: { id: string; defaultValue: string }) {
  return (
    <Field id={id} label="Colour">
      {(control) => (
        <select {...control} name="color" defaultValue={defaultValue}>
          {colourChoices(defaultValue).map((color) => (
            <option key={color.value} value={color.value}>
              {color.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function NameField({ id, defaultValue }: { id: string; defaultValue?: string }) {
  return (
    <Field id={id} label="Project name">
      {(control) => (
        <input
          {...control}
          name="name"
          type="text"
          required
          maxLength={PROJECT_NAME_MAX_LENGTH}
          defaultValue={defaultValue}
          autoComplete="off"
          // biome-ignore lint/a11y/noAutofocus: the person just asked for this form
          autoFocus
        />
      )}
    </Field>
  );
}

function formValues(event: FormEvent<HTMLFormElement>): { name: string; color: string } {
  const data = new FormData(event.currentTarget);
  return { name: String(data.get("name") ?? "").trim(), color: String(data.get("color") ?? "") };
}

/** "New project": a name and a colour; the new project is shown at once. */
export function NewProjectForm({
  onCreated,
  onCancel,
}: {
  onCreated: (project: Project) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const utils = api.useUtils();
  const [error, setError] = useState<string | null>(null);
  const create = api.project.create.useMutation({
    onSuccess: (project) => {
      void utils.project.list.invalidate();
      onCreated(project);
    },
    onError: (problem) => setError(humanMessage(problem)),
  });
  return (
    <form
      className="card project-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        const { name, color } = formValues(event);
        if (name === "") return setError("Type a name for the project.");
        create.mutate({ name, color });
      }}
      onKeyDown={(event) => event.key === "Escape" && onCancel()}
    >
      <h2 id={`${id}-title`}>New project</h2>
      <div className="project-form-fields">
        <NameField id={`${id}-name`} />
        <ColourSelect id={`${id}-color`} defaultValue={DEFAULT_PROJECT_COLOR} />
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={create.isPending}>
          Create project
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * A project's settings: rename and recolour, archive (or unarchive), and delete after asking, its
 * tasks going to the trash (the page then offers Undo). The Inbox only takes a colour.
 */
export function ProjectSettings({
  project,
  onClose,
  onDeleted,
}: {
  project: Project;
  onClose: () => void;
  onDeleted: (project: Project) => void;
}) {
  const id = useId();
  const utils = api.useUtils();
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => {
    void utils.project.list.invalidate();
  };
  const update = api.project.update.useMutation({
    onSuccess: () => {
      refresh();
      onClose();
    },
    onError: (problem) => setError(humanMessage(problem)),
  });
  const remove = api.project.delete.useMutation({
    onSuccess: () => {
      refresh();
      void utils.task.invalidate();
      onDeleted(project);
    },
    onError: (problem) => setError(humanMessage(problem)),
  });
  const tasks = `${project.taskCount} ${project.taskCount === 1 ? "task" : "tasks"}`;

  return (
    <form
      className="card project-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        const { name, color } = formValues(event);
        if (!project.isInbox && name === "") return setError("Type a name for the project.");
        update.mutate({ id: project.id, ...(project.isInbox ? {} : { name }), color });
      }}
      onKeyDown={(event) => event.key === "Escape" && onClose()}
    >
      <h2 id={`${id}-title`}>Project settings</h2>
      <div className="project-form-fields">
        {!project.isInbox && <NameField id={`${id}-name`} defaultValue={project.name} />}
        <ColourSelect id={`${id}-color`} defaultValue={project.color} />
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            Delete “{project.name}”? Its {tasks} go to the trash with it.
          </p>
          <div className="row">
            <button
              type="button"
              className="danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ id: project.id })}
            >
              Delete project
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep project
            </button>
          </div>
        </div>
      ) : (
        <div className="row">
          <button type="submit" disabled={update.isPending}>
            Save project
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          {!project.isInbox && (
            <>
              <button
                type="button"
                className="secondary"
                onClick={() => update.mutate({ id: project.id, archived: !project.archived })}
              >
                {project.archived ? "Unarchive project" : "Archive project"}
              </button>
              <button type="button" className="danger-ghost" onClick={() => setConfirming(true)}>
                Delete project…
              </button>
            </>
          )}
        </div>
      )}
    </form>
  );
}
