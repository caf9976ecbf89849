"use client";

import { useId, useState } from "react";
import type { Project } from "./types";

/**
 * The "Projects" navigation (docs/decisions/0042): "All tasks", the Inbox, every project with its
 * colour and open count, archived ones folded away. On a phone it is a menu behind the button
 * "Projects". Choosing one changes the URL's `project` (like the other filters).
 */
export function ProjectSidebar({
  projects,
  selected,
  onSelect,
  onNewProject,
}: {
  projects: readonly Project[];
  selected: string | null;
  onSelect: (project: string | null) => void;
  onNewProject: () => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const live = projects.filter((project) => !project.archived);
  const archived = projects.filter((project) => project.archived);

  function link(project: Project | null) {
    const current = (project?.id ?? null) === selected;
    return (
      <li key={project?.id ?? "all"}>
        <a
          href={project ? `/dashboard?project=${project.id}` : "/dashboard"}
          aria-current={current ? "page" : undefined}
          onClick={(event) => {
            if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
            event.preventDefault();
            setOpen(false);
            onSelect(project?.id ?? null);
          }}
        >
          {project ? (
            <>
              {/* A fill, not a style attribute: the page's CSP allows no inline styles. */}
              <svg className="project-dot" viewBox="0 0 10 10" aria-hidden="true">
                <circle cx="5" cy="5" r="5" fill={project.color} />
              </svg>
              {/* Named "<name> <N> open" (punctuation around hidden text picks up stray spaces). */}
              <span className="project-name">{project.name}</span>
              <span className="project-count">
                {project.openCount}
                <span className="visually-hidden"> open</span>
              </span>
            </>
          ) : (
            <span className="project-name">All tasks</span>
          )}
        </a>
      </li>
    );
  }

  return (
    <div className="projects-panel">
      <button
        type="button"
        className="secondary projects-menu-button"
        aria-expanded={open}
        aria-controls={`${id}-nav`}
        onClick={() => setOpen((shown) => !shown)}
      >
        Projects
      </button>
      <nav id={`${id}-nav`} aria-label="Projects" className={open ? "projects-nav open" : "projects-nav"}>
        <ul className="project-links">
          {link(null)}
          {live.map(link)}
        </ul>
        {archived.length > 0 && (
          <details className="archived-projects">
            <summary>Archived ({archived.length})</summary>
            <ul className="project-links">{archived.map(link)}</ul>
          </details>
        )}
        <button
          type="button"
          className="ghost new-project-button"
          onClick={() => {
            setOpen(false);
            onNewProject();
          }}
        >
          New project
        </button>
      </nav>
    </div>
  );
}
