"use client";

import type { RouterOutputs } from "@doable/api";
import { TRASH_RETENTION_DAYS } from "@doable/domain";
import { useId, useRef, useState } from "react";
import { formatDateTime } from "~/lib/dates";
import { humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";

type TrashedTask = RouterOutputs["task"]["trash"]["items"][number];

/** One page of the trash; "Load more" asks for the next. */
export const TRASH_PAGE_INPUT = { limit: 25 };

function tasksText(count: number): string {
  return count === 1 ? "1 task" : `${count} tasks`;
}

/**
 * The trash (ADR 0029): each task with when it was deleted, "Restore <title>" and
 * "Delete <title> forever" (confirmed first), and "Empty trash" (confirmed, naming the count).
 */
export function TrashList({ timeZone }: { timeZone: string }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const utils = api.useUtils();
  const list = api.task.trash.useInfiniteQuery(TRASH_PAGE_INPUT, {
    getNextPageParam: (page) => page.nextCursor,
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirming, setConfirming] = useState<string | "all" | null>(null);

  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages.at(-1)?.total ?? items.length;

  /** Takes tasks out of the cached pages at once, with the message; the refetch then confirms. */
  function removeFromTrash(ids: readonly string[] | "all"): void {
    const gone = ids === "all" ? null : new Set(ids);
    utils.task.trash.setInfiniteData(TRASH_PAGE_INPUT, (data) => {
      if (!data) return data;
      const removed = gone === null ? Number.POSITIVE_INFINITY : gone.size;
      return {
        ...data,
        pages: data.pages.map((page) => ({
          ...page,
          items: gone === null ? [] : page.items.filter((task) => !gone.has(task.id)),
          nextCursor: gone === null ? null : page.nextCursor,
          total: Math.max(0, page.total - removed),
        })),
      };
    });
  }

  /** The row a button was in is gone: focus goes back to the heading, and every list refetches. */
  async function settled(): Promise<void> {
    setConfirming(null);
    heading.current?.focus();
    await utils.task.invalidate();
  }
  const onError = (error: unknown) => setMessage({ ok: false, text: humanMessage(error) });

  const restore = api.task.restore.useMutation({
    onSuccess: (restored) => {
      removeFromTrash(restored.map((task) => task.id));
      const [first] = restored;
      setMessage({
        ok: true,
        text:
          restored.length === 1 && first
            ? `Restored “${first.title}”.`
            : `Restored ${tasksText(restored.length)}.`,
      });
    },
    onError,
    onSettled: settled,
  });
  const deleteForever = api.task.deleteForever.useMutation({
    onSuccess: ({ ids }, { ids: asked }) => {
      removeFromTrash(ids);
      const title = items.find((task) => task.id === asked[0])?.title;
      setMessage({
        ok: true,
        text:
          ids.length === 1 && title
            ? `Deleted “${title}” forever.`
            : `Deleted ${tasksText(ids.length)} forever.`,
      });
    },
    onError,
    onSettled: settled,
  });
  const emptyTrash = api.task.emptyTrash.useMutation({
    onSuccess: ({ deleted }) => {
      removeFromTrash("all");
      setMessage({ ok: true, text: `Emptied the trash: ${tasksText(deleted)} deleted forever.` });
    },
    onError,
    onSettled: settled,
  });
  const busy = restore.isPending || deleteForever.isPending || emptyTrash.isPending;

  return (
    <div className="stack">
      <div className="section-heading">
        <h1 id={`${id}-heading`} ref={heading} tabIndex={-1}>
          Trash
        </h1>
        {items.length > 0 && confirming !== "all" && (
          <button type="button" className="danger-ghost" onClick={() => setConfirming("all")} disabled={busy}>
            Empty trash
          </button>
        )}
      </div>
      <p className="muted">
        Deleted tasks stay here for {TRASH_RETENTION_DAYS} days, then they are deleted for good.
      </p>
      {confirming === "all" && (
        <div className="confirm" role="alertdialog" aria-labelledby={`${id}-empty`}>
          <p id={`${id}-empty`}>Delete all {tasksText(total)} in the trash forever? This cannot be undone.</p>
          <div className="row">
            <button type="button" className="danger" onClick={() => emptyTrash.mutate()} disabled={busy}>
              Delete {tasksText(total)} forever
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <p role="status" className={message?.ok === false ? "field-error" : "muted"}>
        {message?.text}
      </p>
      <section className="card task-list-card" aria-labelledby={`${id}-heading`}>
        {list.isError && !list.data ? (
          <p role="alert" className="field-error empty-state">
            {humanMessage(list.error)}
          </p>
        ) : items.length === 0 ? (
          <div className="empty-state">
            <p className="empty-title">The trash is empty</p>
            <p className="muted">Tasks you delete appear here, and you can restore them.</p>
          </div>
        ) : (
          <ul className="task-list" aria-label="Deleted tasks">
            {items.map((task) => (
              <TrashItem
                key={task.id}
                task={task}
                timeZone={timeZone}
                busy={busy}
                confirming={confirming === task.id}
                onRestore={() => restore.mutate({ ids: [task.id] })}
                onAskDelete={() => setConfirming(task.id)}
                onDelete={() => deleteForever.mutate({ ids: [task.id] })}
                onCancel={() => setConfirming(null)}
              />
            ))}
          </ul>
        )}
        {list.hasNextPage && (
          <div className="load-more">
            <button
              type="button"
              className="secondary"
              onClick={() => void list.fetchNextPage()}
              disabled={list.isFetchingNextPage}
            >
              {list.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          </div>
        )}
        {list.isError && list.data && (
          <p role="alert" className="field-error load-more">
            {humanMessage(list.error)}
          </p>
        )}
      </section>
    </div>
  );
}

interface TrashItemProps {
  task: TrashedTask;
  timeZone: string;
  busy: boolean;
  confirming: boolean;
  onRestore(): void;
  onAskDelete(): void;
  onDelete(): void;
  onCancel(): void;
}

function TrashItem({
  task,
  timeZone,
  busy,
  confirming,
  onRestore,
  onAskDelete,
  onDelete,
  onCancel,
}: TrashItemProps) {
  const id = useId();
  return (
    <li className="task">
      <div className="task-body">
        <span className="task-title">{task.title}</span>
        <span className="task-meta small muted">
          {task.parentTitle !== null && <>Subtask of “{task.parentTitle}” · </>}
          Deleted{" "}
          <time dateTime={task.deletedAt.toISOString()}>{formatDateTime(task.deletedAt, timeZone)}</time>
        </span>
        {confirming && (
          <div className="confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
            <p id={`${id}-confirm`}>Delete “{task.title}” forever? This cannot be undone.</p>
            <div className="row">
              <button type="button" className="danger" onClick={onDelete} disabled={busy}>
                Delete forever
              </button>
              <button type="button" className="secondary" onClick={onCancel}>
                Cancel
              </button>
            </div>
          </div>
        )}
      </div>
      {!confirming && (
        <div className="task-actions">
          <button
            type="button"
            className="secondary"
            aria-label={`Restore ${task.title}`}
            onClick={onRestore}
            disabled={busy}
          >
            Restore
          </button>
          <button
            type="button"
            className="danger-ghost"
            aria-label={`Delete ${task.title} forever`}
            onClick={onAskDelete}
            disabled={busy}
          >
            {/* The visible text is part of the name (WCAG 2.5.3); the confirmation says "forever". */}
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
