"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { keepUnchangedTasks } from "~/lib/keep-unchanged-tasks";
import {
  filtersFromParams,
  filtersToParams,
  hasNarrowingFilters,
  listInput,
  statsInput,
  type TaskFilters,
  taskQueryOf,
} from "~/lib/task-filters";
import { humanMessage, isUnavailable } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { AccountZoneNote } from "./account-zone-note";
import { FilterBar } from "./filter-bar";
import { NewTaskForm } from "./new-task-form";
import { ProjectSidebar } from "./project-sidebar";
import { allChoosable, allChosen, CHOSEN_MAX, withChoice } from "./selection";
import { showPending } from "./task-cache";
import { createTaskCacheSync } from "./task-cache-sync";
import { loadRowDrag, type MoveTarget, rowPlace, TaskItem } from "./task-item";
import type { Project, Task, TaskChanges } from "./types";
import { useKeyboardShortcuts } from "./use-keyboard-shortcuts";
import { useLiveTaskChanges } from "./use-live-task-changes";
import { useStableCallback } from "./use-stable-callback";
import { useTaskWrites } from "./use-task-writes";

// Behind a click or a rare event: loaded when first shown, so the page's first load carries neither.
const KeyboardShortcutsDialog = lazy(() =>
  import("./keyboard-shortcuts-dialog").then((module) => ({ default: module.KeyboardShortcutsDialog })),
);
const NewProjectForm = lazy(() =>
  import("./project-manager").then((module) => ({ default: module.NewProjectForm })),
);
const ProjectSettings = lazy(() =>
  import("./project-manager").then((module) => ({ default: module.ProjectSettings })),
);
const UndoToast = lazy(() => import("./undo-toast").then((module) => ({ default: module.UndoToast })));
const SelectionBar = lazy(() =>
  import("./selection-bar").then((module) => ({ default: module.SelectionBar })),
);
const EditConflictPanel = lazy(() =>
  import("./edit-conflict-panel").then((module) => ({ default: module.EditConflictPanel })),
);

/** Loaded once the list is in manual order (ADR 0046), with what a move says and does to focus. */
const loadManualOrder = () => import("./manual-order");

const CLOCK_TICK_MS = 60 * 1000;
/** Start loading the next page this far before the end of the list comes into view. */
const LOAD_MORE_MARGIN = "400px";

/** Every narrowing filter off; the sort stays as chosen. */
function withoutNarrowing(filters: TaskFilters): TaskFilters {
  return { ...filters, status: "all", search: "", priority: null, tag: null, due: null };
}

function changes(count: number): string {
  return `${count} ${count === 1 ? "change" : "changes"}`;
}

function itemsLeft(count: number): string {
  return `${count} ${count === 1 ? "item" : "items"} left`;
}

/** "Now", refreshed each minute, so "Overdue" appears without a reload. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * `liveFrom`: the last change made before the server rendered the page (see the page).
 * `timeZone`: the account's zone, where due dates are read (docs/decisions/0034).
 */
export function Dashboard({
  timeZone,
  liveFrom,
  userId,
}: {
  timeZone: string;
  liveFrom: string;
  userId: string;
}) {
  const searchParams = useSearchParams();
  const filters = useMemo(() => filtersFromParams(searchParams), [searchParams]);
  const input = useMemo(() => listInput(filters), [filters]);
  const query = useMemo(() => taskQueryOf(input, timeZone), [input, timeZone]);
  const now = useNow();

  const list = api.task.list.useInfiniteQuery(input, {
    getNextPageParam: (page) => page.nextCursor,
    // A refetch after each change keeps the objects of unchanged tasks, so their rows do not re-render.
    structuralSharing: keepUnchangedTasks,
  });
  const stats = api.task.stats.useQuery(statsInput(filters.project));
  const queryClient = useQueryClient();
  const utils = api.useUtils();
  const projectList = api.project.list.useQuery();
  const projects = projectList.data ?? [];
  const project = projects.find((one) => one.id === filters.project) ?? null;
  const [managing, setManaging] = useState<"new" | "settings" | null>(null);
  const [projectUndo, setProjectUndo] = useState<{ message: string; id: string } | null>(null);
  // A project's counts follow each task change, but not the project's own (deleted, restored with
  // its tasks): read again whenever the projects are.
  useEffect(() => {
    if (projectList.dataUpdatedAt && filters.project)
      void utils.task.stats.invalidate(statsInput(filters.project));
  }, [projectList.dataUpdatedAt, filters.project, utils]);
  const sync = useMemo(
    () => createTaskCacheSync(queryClient, utils, timeZone),
    [queryClient, utils, timeZone],
  );
  useEffect(() => () => sync.dispose(), [sync]);
  useLiveTaskChanges(sync, liveFrom, timeZone);

  // Shown: what the server confirmed, with this tab's changes still on their way laid over it.
  const shownTasks = useRef<Task[]>([]);
  const mutations = useTaskWrites({
    query,
    sync,
    userId,
    // A subtask is shown inside its parent's row (ADR 0048).
    shownTask: (id) =>
      shownTasks.current.flatMap((task) => [task, ...(task.subtasks ?? [])]).find((task) => task.id === id) ??
      null,
  });
  const shown = useMemo(
    () =>
      showPending(
        {
          list: list.data,
          stats: stats.data,
          ...(filters.project ? { statsProjectId: filters.project } : {}),
        },
        mutations.pending.map((write) => write.change),
        { query, now },
      ),
    [list.data, stats.data, mutations.pending, query, now],
  );
  const tasks = useMemo(() => shown.list?.pages.flatMap((page) => page.items) ?? [], [shown.list]);
  shownTasks.current = tasks;
  const unsaved = useMemo(() => {
    const byId = new Map<string, string>();
    for (const write of mutations.pending)
      if (write.state === "unsaved" && write.change.type === "create")
        byId.set(write.change.task.id, write.problem ?? "Not saved");
    return byId;
  }, [mutations.pending]);

  const changeFilters = useCallback((next: TaskFilters, options: { replace?: boolean } = {}) => {
    const query = filtersToParams(next).toString();
    const url = query ? `?${query}` : window.location.pathname;
    // The native history API updates useSearchParams without a server round trip; Back still works.
    if (options.replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  }, []);

  // One identity for the whole life of the page, handed to every (memoized) row.
  const toggleTask = useStableCallback((id: string, completed: boolean) =>
    mutations.setTaskCompleted(id, completed),
  );
  const saveTask = useStableCallback((id: string, changes: TaskChanges, base: Task) =>
    mutations.updateTask(id, changes, base),
  );
  const deleteTask = useStableCallback((id: string) => mutations.deleteTask(id));
  const addSubtask = useStableCallback((parentId: string, title: string) =>
    mutations.createTask({ title, parentId }),
  );
  const completeMany = useStableCallback((ids: string[]) => mutations.completeMany(ids));
  // The person's own order, top to bottom, is the one they can rearrange (ADR 0046).
  const reorderable = filters.sort === "manual" && (filters.order ?? "asc") === "asc";
  const [moveNote, setMoveNote] = useState("");
  // "Select tasks": the tasks chosen for a bulk action; null while not choosing.
  const [chosen, setChosen] = useState<ReadonlySet<string> | null>(null);
  const chooseTask = useStableCallback((id: string, selected: boolean) =>
    setChosen((current) => withChoice(current ?? new Set(), id, selected)),
  );
  /**
   * The tasks that can be chosen, those saved (`unsaved` holds subtasks' ids too, which are not in
   * `tasks`), and the chosen ones still shown (one deleted elsewhere drops out), in the list's order.
   */
  const choosableIds = chosen ? tasks.filter((task) => !unsaved.has(task.id)).map((task) => task.id) : [];
  const chosenIds = choosableIds.filter((id) => chosen?.has(id));
  const afterBulk = (action: (ids: string[]) => void) => () => {
    action(chosenIds);
    setChosen(new Set());
  };
  // The moves' arithmetic and the drag load with the manual order, not with every list.
  useEffect(() => {
    if (!reorderable) return;
    // Loaded ahead of need: a failure here is tried again when the code is used.
    void loadManualOrder().catch(() => undefined);
    void loadRowDrag().catch(() => undefined);
  }, [reorderable]);
  const moveTask = useStableCallback(async (id: string, to: MoveTarget) => {
    const focused = document.activeElement;
    const order = await loadManualOrder();
    const move = order.plannedMove(tasks, id, to, (taskId) => !unsaved.has(taskId));
    if (!move) return;
    mutations.moveTask(move.input, move.position);
    setMoveNote(order.moveNote(tasks, id, move));
    order.keepFocusAfterMove(focused);
  });
  const showTag = useStableCallback((tag: string) => changeFilters({ ...filters, tag }));
  const retryTask = useStableCallback((id: string) => mutations.retryUnsaved(id));
  const discardTask = useStableCallback((id: string) => mutations.discardUnsaved(id));

  const selectProject = useCallback(
    (id: string | null) => {
      setManaging(null);
      changeFilters({ ...filters, project: id });
    },
    [changeFilters, filters],
  );
  const projectDeleted = useCallback(
    (gone: Project) => {
      const tasks = `${gone.taskCount} ${gone.taskCount === 1 ? "task" : "tasks"}`;
      setProjectUndo({ id: gone.id, message: `Deleted “${gone.name}”: its ${tasks} went to the trash.` });
      selectProject(null);
    },
    [selectProject],
  );
  const undoProjectDelete = useCallback(() => {
    const offer = projectUndo;
    setProjectUndo(null);
    if (!offer) return;
    void utils.client.project.restore.mutate({ id: offer.id }).then(() => {
      void utils.project.list.invalidate();
      void utils.task.invalidate();
    });
  }, [projectUndo, utils]);

  const [showingShortcuts, setShowingShortcuts] = useState(false);
  const showShortcuts = useCallback(() => setShowingShortcuts(true), []);
  useKeyboardShortcuts(showShortcuts);

  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: LOAD_MORE_MARGIN },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const counts = shown.stats;
  const noTasksAtAll = counts?.total === 0;

  return (
    <div className="dashboard-layout">
      <ProjectSidebar
        projects={projects}
        selected={filters.project}
        onSelect={selectProject}
        onNewProject={() => setManaging("new")}
      />
      <div className="stack dashboard">
        <div className="dashboard-heading">
          <div className="row">
            <h1>{project ? project.name : filters.project ? "Project" : "Tasks"}</h1>
            {project && (
              <button
                type="button"
                className="ghost small"
                aria-expanded={managing === "settings"}
                onClick={() => setManaging(managing === "settings" ? null : "settings")}
              >
                Project settings
              </button>
            )}
          </div>
          {counts && (
            <dl className="stats" aria-label="Task counts">
              <div>
                <dt>Total</dt>
                <dd>{counts.total}</dd>
              </div>
              <div>
                <dt>Active</dt>
                <dd>{counts.active}</dd>
              </div>
              <div>
                <dt>Completed</dt>
                <dd>{counts.completed}</dd>
              </div>
              <div className={counts.overdue > 0 ? "stat-overdue" : undefined}>
                <dt>Overdue</dt>
                <dd>{counts.overdue}</dd>
              </div>
            </dl>
          )}
        </div>

        <div className="row sync-status">
          <p role="status">
            {mutations.syncState === "waiting"
              ? `Offline: ${changes(mutations.waiting)} kept on this device, sent when the connection is back.`
              : mutations.syncState === "saving"
                ? "Saving…"
                : mutations.syncState === "saved"
                  ? "All changes saved"
                  : ""}
          </p>
          {mutations.syncState === "waiting" && (
            <button type="button" className="ghost" onClick={mutations.sendWaitingNow}>
              Send now
            </button>
          )}
        </div>

        <AccountZoneNote timeZone={timeZone} />

        {managing === "new" && (
          <Suspense fallback={null}>
            <NewProjectForm
              onCreated={(created) => selectProject(created.id)}
              onCancel={() => setManaging(null)}
            />
          </Suspense>
        )}
        {managing === "settings" && project && (
          <Suspense fallback={null}>
            <ProjectSettings
              key={project.id}
              project={project}
              onClose={() => setManaging(null)}
              onDeleted={projectDeleted}
            />
          </Suspense>
        )}

        <NewTaskForm
          timeZone={timeZone}
          view={filtersToParams(filters).toString()}
          onCreate={(values) =>
            mutations.createTask(filters.project ? { ...values, projectId: filters.project } : values)
          }
        />

        {mutations.problem && (
          <div role="alert" className="alert problem">
            <span>{mutations.problem.text}</span>
            <span className="row">
              {mutations.problem.retry && (
                <button type="button" className="secondary" onClick={mutations.problem.retry}>
                  Retry
                </button>
              )}
              <button type="button" className="ghost" onClick={mutations.dismissProblem}>
                Dismiss
              </button>
            </span>
          </div>
        )}

        {mutations.conflict && (
          <Suspense fallback={null}>
            <EditConflictPanel conflict={mutations.conflict} timeZone={timeZone} />
          </Suspense>
        )}

        {mutations.hiddenNewTask && (
          <div role="status" className="alert notice">
            <span>“{mutations.hiddenNewTask.title}” was added. The current filters hide it.</span>
            <span className="row">
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  mutations.dismissHiddenNewTask();
                  changeFilters(withoutNarrowing(filters));
                }}
              >
                Show all tasks
              </button>
              <button type="button" className="ghost" onClick={mutations.dismissHiddenNewTask}>
                Dismiss
              </button>
            </span>
          </div>
        )}

        <FilterBar filters={filters} onChange={changeFilters} />

        {filters.tag && (
          <p className="row small">
            <span>
              Showing tasks tagged <strong>#{filters.tag}</strong>
            </span>
            <button type="button" className="ghost" onClick={() => changeFilters({ ...filters, tag: null })}>
              Clear tag filter
            </button>
          </p>
        )}

        <section aria-label="Task list" className="card task-list-card">
          {list.isError && !list.data ? (
            <div role="alert" className="empty-state">
              <p>
                {isUnavailable(list.error)
                  ? "Doable is temporarily unavailable, so your tasks could not be loaded."
                  : humanMessage(list.error)}
              </p>
              <button type="button" onClick={() => void list.refetch()}>
                Retry
              </button>
            </div>
          ) : tasks.length === 0 && list.isSuccess ? (
            <div className="empty-state">
              {noTasksAtAll ? (
                <>
                  <p className="empty-title">Nothing to do yet.</p>
                  <p className="muted">
                    Type your first task in the box above and press Enter. Add a due date, priority or tags
                    under “More options”.
                  </p>
                </>
              ) : (
                <>
                  <p className="empty-title">No tasks match these filters.</p>
                  {hasNarrowingFilters(filters) && (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => changeFilters(withoutNarrowing(filters))}
                    >
                      Show all tasks
                    </button>
                  )}
                </>
              )}
            </div>
          ) : (
            <>
              <div className="list-tools">
                {counts && !noTasksAtAll && (
                  // TodoMVC's toggle-all: ticked while every task is complete, whichever way that came about.
                  <label className="mark-all">
                    <input
                      type="checkbox"
                      checked={counts.active === 0}
                      disabled={mutations.markingAll}
                      onChange={(event) => mutations.setAllCompleted(event.target.checked)}
                    />
                    Mark all as complete
                  </label>
                )}
                <button
                  type="button"
                  className="ghost select-toggle"
                  aria-pressed={chosen !== null}
                  onClick={() => setChosen(chosen ? null : new Set())}
                >
                  Select tasks
                </button>
              </div>
              {chosen && (
                <Suspense fallback={null}>
                  <SelectionBar
                    count={chosenIds.length}
                    allChosen={allChosen(chosenIds.length, choosableIds.length)}
                    limit={CHOSEN_MAX}
                    projects={projects}
                    onSelectAll={(all) => setChosen(all ? allChoosable(choosableIds) : new Set())}
                    onComplete={afterBulk(mutations.completeMany)}
                    onMove={(projectId) => afterBulk((ids) => mutations.updateMany({ ids, projectId }))()}
                    onTag={(tag) => afterBulk((ids) => mutations.updateMany({ ids, addTags: [tag] }))()}
                    onDelete={afterBulk(mutations.deleteMany)}
                    onDone={() => setChosen(null)}
                  />
                </Suspense>
              )}
              <ul className="task-list">
                {tasks.map((task, index) => (
                  <TaskItem
                    key={task.id}
                    task={task}
                    timeZone={timeZone}
                    now={task.dueDate ? now : null}
                    onToggle={toggleTask}
                    onSave={saveTask}
                    onDelete={deleteTask}
                    onTagClick={showTag}
                    unsaved={unsaved.get(task.id) ?? null}
                    // Only a row whose checklist holds an unsaved subtask gets the map: the others keep their props.
                    unsavedSubtasks={
                      task.subtasks?.some((subtask) => unsaved.has(subtask.id)) ? unsaved : null
                    }
                    onRetry={retryTask}
                    onDiscard={discardTask}
                    place={reorderable && !unsaved.has(task.id) ? rowPlace(index, tasks.length) : null}
                    onMove={moveTask}
                    selected={chosen && !unsaved.has(task.id) ? chosen.has(task.id) : null}
                    onSelect={chooseTask}
                    onAddSubtask={addSubtask}
                    onCompleteMany={completeMany}
                  />
                ))}
              </ul>
              <p role="status" className="visually-hidden">
                {moveNote}
              </p>
            </>
          )}
          {hasNextPage && (
            <div ref={sentinel} className="load-more">
              <button
                type="button"
                className="secondary"
                onClick={() => void fetchNextPage()}
                disabled={isFetchingNextPage}
              >
                {isFetchingNextPage ? "Loading…" : "Load more tasks"}
              </button>
            </div>
          )}
          {list.isError && list.data && (
            <p role="alert" className="field-error load-more">
              {humanMessage(list.error)}
            </p>
          )}
        </section>

        {/* With no tasks at all there is nothing to count or clear (TodoMVC's habit). */}
        {counts && !noTasksAtAll && (
          <footer className="list-footer">
            <span aria-live="polite">{itemsLeft(counts.active)}</span>
            {/* The completed tasks the counts are of: a project's in its view, else every project's. */}
            {counts.completed > 0 && (
              <button
                type="button"
                className="secondary"
                onClick={() => mutations.clearCompleted(tasks.filter((task) => task.completed))}
                disabled={mutations.clearingCompleted}
              >
                Clear completed ({counts.completed})
              </button>
            )}
          </footer>
        )}
        <p className="shortcuts-hint">
          <button type="button" className="ghost small" aria-keyshortcuts="?" onClick={showShortcuts}>
            Keyboard shortcuts
          </button>
        </p>
        {showingShortcuts && (
          <Suspense fallback={null}>
            <KeyboardShortcutsDialog open={showingShortcuts} onClose={() => setShowingShortcuts(false)} />
          </Suspense>
        )}
        {/* Always there, so a toast put in it is announced. */}
        <div role="status" className="toast-region">
          <Suspense>
            {projectUndo ? (
              <UndoToast
                offer={projectUndo}
                onUndo={undoProjectDelete}
                onDismiss={() => setProjectUndo(null)}
              />
            ) : (
              mutations.undo && (
                <UndoToast
                  offer={mutations.undo}
                  onUndo={mutations.undoLast}
                  onDismiss={mutations.dismissUndo}
                />
              )
            )}
          </Suspense>
        </div>
      </div>
    </div>
  );
}
