"use client";

import { SECOND_MS, type TaskQuery, taskMatchesQuery } from "@doable/domain";
import { notifyManager } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useCallback, useEffect, useRef, useState } from "react";
import { conflictCurrentOf, errorCode, humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
import type { FieldConflict } from "./edit-conflict";
import { indexedDbOutbox, type Outbox, outboxAvailable } from "./outbox";
import { reachesOverlap, SendOrder } from "./send-order";
import type { TaskCacheChange } from "./task-cache";
import type { TaskCacheSync } from "./task-cache-sync";
import type { OwnSteps } from "./task-send";
import { canWaitOffline, reachOf, shownChange, type TaskWrite, taskIdsOf } from "./task-write";
import type { Task, TaskChanges } from "./types";
import type { UndoOffer } from "./undo-offer";

/** The first pause before sending waiting changes again; doubled each time, up to the maximum. */
const RESEND_BASE_MS = SECOND_MS;
const RESEND_MAX_MS = 30 * SECOND_MS;
/**
 * How long "Mark all" or "Clear completed" waits for the changes before it to be sent (another
 * tab may hold the outbox's lock): past it, it is not made, and Retry is offered.
 */
const WAITING_AHEAD_MAX_MS = 10 * SECOND_MS;

export interface MutationProblem {
  text: string;
  /** Offered when trying again may work. */
  retry: (() => void) | null;
}

/**
 * A change shown before the server has confirmed it: being sent, waiting for the connection (kept
 * in the outbox), or a new task the server refused (kept, marked, until saved or discarded).
 */
export interface PendingWrite {
  key: number;
  /**
   * The order it was made in, kept when it is sent again: it is sent after every earlier write to
   * the same tasks (send-order.ts). What an earlier page left in the outbox comes first.
   */
  place: number;
  write: TaskWrite;
  change: TaskCacheChange;
  state: "sending" | "waiting" | "unsaved";
  problem: string | null;
  /** Its outbox entry, once stored. */
  seq: Promise<number | null>;
  /** The version of the task as shown when the change was made (null when unknown). */
  baseVersion: number | null;
}

/** A task that the current filters leave out, just added: said so, with a way to see it. */
export interface HiddenNewTask {
  id: string;
  title: string;
}

export type SyncState = "idle" | "saving" | "waiting" | "saved";

/** An edit that met another one to the same fields: shown with both, for the person to choose. */
export interface EditConflict {
  /** The task as it is now, with the other change. */
  task: Task;
  conflicts: FieldConflict[];
  keepMine: () => void;
  keepTheirs: () => void;
}

type TaskSend = typeof import("./task-send");

let taskSend: Promise<TaskSend> | null = null;

/**
 * How writes are sent and answered (task-send.ts), loaded with the first write sent: no part of the
 * first load. A failed load (offline before it ever was) fails that send as a lost connection
 * does, so the write waits and goes again; the next send loads it again.
 */
function loadTaskSend(): Promise<TaskSend> {
  taskSend ??= import("./task-send").catch((error: unknown) => {
    taskSend = null;
    throw TRPCClientError.from(error instanceof Error ? error : new Error(String(error)));
  });
  return taskSend;
}

/** Why the server refused a change, in words; a missing task was most likely deleted elsewhere. */
function refusal(error: unknown): string {
  if (error instanceof WaitingAheadError) return error.message;
  if (errorCode(error) === "NOT_FOUND") {
    return "this task no longer exists. It may have been deleted in another window or on another device.";
  }
  return humanMessage(error);
}

/**
 * Why a write was not sent: an earlier change to the same tasks is waiting for the connection, and
 * must reach the server first. A write that can wait waits behind it; one that reaches every task
 * (which cannot wait, ADR 0033) is not made, and can be tried again.
 */
class WaitingAheadError extends Error {
  constructor() {
    super("changes made before it are still waiting for the connection. Try again once they are saved.");
  }
}

/** No answer from the application, or one that says "later": sending again can work. */
function isTransient(error: unknown): boolean {
  const code = errorCode(error);
  return code === null || code === "SERVICE_UNAVAILABLE" || code === "TOO_MANY_REQUESTS";
}

interface TaskWritesOptions {
  /** The list shown, as the domain rules read it: a new task it hides is pointed out. */
  query: TaskQuery;
  sync: TaskCacheSync;
  /** The signed-in user: whose outbox entries this page reads and sends. */
  userId: string;
  shownTask: (id: string) => Task | null;
  outbox?: Outbox;
}

/**
 * The dashboard's changes, each through one path (`submit`): shown at once as a pending change
 * over the confirmed cache (ADR 0032), stored in the outbox, sent (changes to one task in order),
 * then confirmed (the answer goes into the cache and the pending change goes, in one render) or
 * refused (dropped, with a message). When the server cannot be reached the change waits — shown,
 * kept in IndexedDB across a closed tab, and sent again in order when the connection is back
 * (ADR 0033). A new task the server refused stays, marked "Not saved", with Retry and Discard.
 */
export function useTaskWrites({ query, sync, userId, shownTask, outbox: given }: TaskWritesOptions) {
  const utils = api.useUtils();
  const client = utils.client;
  const outbox = given ?? (outboxAvailable() ? indexedDbOutbox : null);
  const [pending, setPending] = useState<PendingWrite[]>([]);
  const pendingRef = useRef<PendingWrite[]>([]);
  const [problem, setProblem] = useState<MutationProblem | null>(null);
  const [hiddenNewTask, setHiddenNewTask] = useState<HiddenNewTask | null>(null);
  const [savedOnce, setSavedOnce] = useState(false);
  const [conflict, setConflict] = useState<EditConflict | null>(null);
  const [undo, setUndo] = useState<UndoOffer | null>(null);
  // Stable: the toast's timer restarts when its props change.
  const dismissUndo = useCallback(() => setUndo(null), []);
  const nextKey = useRef(0);
  /** The next write's place, and the first place taken so far (an earlier page's writes go before it). */
  const places = useRef({ next: 0, first: 0 });
  // "Clear completed" and "Mark all" reach the tasks of the list's project, or every project's.
  const projectScope = query.projectId ? { projectId: query.projectId } : undefined;
  /** Outbox entries this page stored itself. */
  const storedHere = useRef(new Set<number>());
  const sendOrder = useRef(new SendOrder());
  const resend = useRef<{
    timer: ReturnType<typeof setTimeout> | null;
    attempts: number;
    run: Promise<void> | null;
  }>({
    timer: null,
    attempts: 0,
    run: null,
  });

  const update = useCallback((change: (all: PendingWrite[]) => PendingWrite[]) => {
    pendingRef.current = change(pendingRef.current);
    setPending(pendingRef.current);
  }, []);
  const patchEntry = useCallback(
    (key: number, fields: Partial<PendingWrite>) =>
      update((all) => all.map((one) => (one.key === key ? { ...one, ...fields } : one))),
    [update],
  );

  function forget(entry: PendingWrite): void {
    void entry.seq.then((seq) => (seq === null ? undefined : outbox?.remove(seq))).catch(() => undefined);
  }

  /** This page's own changes to each task, once the first write is sent (task-send.ts). */
  const ownSteps = useRef<OwnSteps | null>(null);

  /** Whether a write made before `entry`, to a task it reaches, waits for the connection. */
  function waitingAhead(entry: PendingWrite): boolean {
    const reach = reachOf(entry.write);
    return pendingRef.current.some(
      (one) =>
        one.place < entry.place && one.state === "waiting" && reachesOverlap(reachOf(one.write), reach),
    );
  }

  /** Sends one pending write; says whether it is done (sent or refused) or still waiting. */
  function send(entry: PendingWrite): Promise<"done" | "waiting"> {
    patchEntry(entry.key, { state: "sending", problem: null });
    const ended = sync.beginWrite();
    const changesOneTask =
      entry.write.kind === "update" || entry.write.kind === "setCompleted" || entry.write.kind === "move";
    const taskId = taskIdsOf(entry.write)[0] ?? "";
    /** The version the task had just before this change reached the server, when known. */
    let sentOver: number | null = null;
    const sendNow = async (): Promise<{ answer: unknown; sent: TaskSend }> => {
      // Never ahead of an earlier change still waiting: a write to every task first sends those.
      if (waitingAhead(entry) && !canWaitOffline(entry.write)) {
        await Promise.race([
          resendWhenAlone(),
          new Promise((resolve) => setTimeout(resolve, WAITING_AHEAD_MAX_MS)),
        ]);
      }
      if (waitingAhead(entry)) throw new WaitingAheadError();
      const sent = await loadTaskSend();
      ownSteps.current ??= new sent.OwnSteps();
      const steps = ownSteps.current;
      // Decided when it goes, after this page's earlier changes to the task have been answered.
      if (changesOneTask && entry.baseVersion !== null) sentOver = steps.follow(taskId, entry.baseVersion);
      return { answer: await sent.sendTaskWrite(client, steps.rebased(entry.write)), sent };
    };
    return sendOrder.current.after(entry.place, reachOf(entry.write), sendNow).then(
      ({ answer, sent }) => {
        if (changesOneTask) ownSteps.current?.record(taskId, sentOver, answer);
        sync.apply(sent.confirmedChange(entry.write, answer));
        const next = sent.nextOccurrenceIn(answer);
        if (next) sync.apply({ type: "upsert", task: next });
        // After the cache's own notification, in the same batch: no frame shows neither.
        notifyManager.schedule(() => update((all) => all.filter((one) => one.key !== entry.key)));
        forget(entry);
        setSavedOnce(true);
        ended();
        offerUndo(entry.write, answer);
        return "done" as const;
      },
      (error: unknown) => {
        ended();
        const current = conflictCurrentOf(error);
        if (current && entry.write.kind === "update") return resolveConflict(entry, entry.write, current);
        const text = `Not saved: ${refusal(error)}`;
        if (isTransient(error) && canWaitOffline(entry.write)) {
          const problem = error instanceof WaitingAheadError ? null : humanMessage(error);
          patchEntry(entry.key, { state: "waiting", problem });
          scheduleResend();
          return "waiting" as const;
        }
        if (entry.write.kind === "create") {
          patchEntry(entry.key, { state: "unsaved", problem: text });
          return "done" as const;
        }
        update((all) => all.filter((one) => one.key !== entry.key));
        forget(entry);
        setProblem({ text, retry: isTransient(error) ? () => submit(entry.write) : null });
        return "done" as const;
      },
    );
  }

  /**
   * An edit the server refused because the task changed elsewhere since the edit began. When the
   * two changed different fields, this one goes again on top of the current version: nothing is
   * overwritten. Otherwise the current version is shown and the person chooses (EditConflict).
   */
  async function resolveConflict(
    entry: PendingWrite,
    write: Extract<TaskWrite, { kind: "update" }>,
    current: Task,
  ): Promise<"done" | "waiting"> {
    const { id, expectedVersion: _expected, ...changes } = write.input;
    // Loaded with the first conflict: rare, and no part of the first load.
    const { conflictsOf } = await import("./edit-conflict");
    const conflicts = write.base ? conflictsOf(write.base, changes, current) : [];
    const rebased: TaskWrite = {
      kind: "update",
      input: { ...write.input, expectedVersion: current.version },
      base: current,
    };
    if (conflicts.length === 0) {
      const again: PendingWrite = { ...entry, write: rebased };
      update((all) => all.map((one) => (one.key === entry.key ? again : one)));
      return send(again);
    }
    sync.apply({ type: "upsert", task: current });
    update((all) => all.filter((one) => one.key !== entry.key));
    forget(entry);
    setConflict({
      task: current,
      conflicts,
      keepMine: () => {
        setConflict(null);
        submit(rebased);
      },
      keepTheirs: () => setConflict(null),
    });
    return "done";
  }

  /**
   * After a delete or a clear, "Undo" restores exactly what went to the trash, for a while; after
   * marking all or a bulk action, it puts back exactly the tasks that changed. What to offer is
   * worked out by undo-offer.ts (which says which writes offer it), loaded with the first answer:
   * not in the first load.
   */
  function offerUndo(write: TaskWrite, answer: unknown): void {
    void import("./undo-offer")
      .then(({ undoOffer }) => {
        const offer = undoOffer(write, answer);
        if (offer) setUndo(offer);
      })
      // Not loaded (a new release deployed meanwhile): the change is saved, only Undo is missing.
      .catch(() => undefined);
  }

  /**
   * Sends the waiting changes again, oldest first, stopping at the first that still cannot go.
   * One run at a time: a call during a run answers when that run ends.
   */
  function resendWaiting(): Promise<void> {
    const state = resend.current;
    state.run ??= sendWaitingInOrder().finally(() => {
      state.run = null;
    });
    return state.run;
  }

  async function sendWaitingInOrder(): Promise<void> {
    const tried = new Set<number>();
    // Again while there is more: a change made during a run may have come to wait behind one in it.
    for (;;) {
      const waiting = pendingRef.current
        .filter((one) => one.state === "waiting" && !tried.has(one.key))
        .sort((one, other) => one.place - other.place);
      if (waiting.length === 0) break;
      for (const entry of waiting) {
        tried.add(entry.key);
        // Another tab of this user may have sent it from the outbox meanwhile.
        const seq = await entry.seq;
        if (seq !== null && outbox && !(await outbox.has(seq).catch(() => true))) {
          update((all) => all.filter((one) => one.key !== entry.key));
          continue;
        }
        if ((await send(entry)) === "waiting") return;
      }
    }
    resend.current.attempts = 0;
  }

  function scheduleResend(): void {
    const state = resend.current;
    if (state.timer !== null) return;
    const pause = Math.min(RESEND_MAX_MS, RESEND_BASE_MS * 2 ** state.attempts);
    state.attempts += 1;
    state.timer = setTimeout(() => {
      state.timer = null;
      void resendWhenAlone();
    }, pause);
  }

  /** One tab of a user sends from the outbox at a time (others check what is left after it). */
  function resendWhenAlone(): Promise<void> {
    if (typeof navigator !== "undefined" && navigator.locks) {
      return navigator.locks.request(`doable-outbox-${userId}`, () => resendWaiting()).then(() => undefined);
    }
    return resendWaiting();
  }

  function submit(write: TaskWrite, key = nextKey.current++): void {
    setProblem(null);
    const change = shownChange(write, shownTask, new Date());
    const stored =
      outbox && canWaitOffline(write)
        ? outbox
            .add({ userId, write, change })
            .then((seq) => {
              storedHere.current.add(seq);
              return seq;
            })
            .catch(() => null)
        : Promise.resolve(null);
    const baseVersion = write.kind === "create" ? 0 : (shownTask(taskIdsOf(write)[0] ?? "")?.version ?? null);
    const entry: PendingWrite = {
      key,
      place: places.current.next++,
      write,
      change,
      state: "sending",
      problem: null,
      seq: stored,
      baseVersion,
    };
    update((all) => [...all.filter((one) => one.key !== key), entry]);
    void send(entry);
  }

  // What an earlier page of this user left waiting (offline, then closed): shown, then sent.
  useEffect(() => {
    if (!outbox) return;
    let cancelled = false;
    void outbox
      .list(userId)
      .then((entries) => {
        if (cancelled || entries.length === 0) return;
        const earlier = entries
          // Stored by this page already (made while the list was being read): shown once. Only
          // changes that can wait are ever stored; any other would wait for its own resend.
          .filter((entry) => !storedHere.current.has(entry.seq) && canWaitOffline(entry.write));
        const firstPlace = places.current.first - earlier.length;
        places.current.first = firstPlace;
        const loaded: PendingWrite[] = earlier.map((entry, index) => ({
          key: nextKey.current++,
          place: firstPlace + index,
          write: entry.write,
          change: entry.change,
          state: "waiting",
          problem: null,
          seq: Promise.resolve(entry.seq),
          baseVersion: null,
        }));
        update((all) => [...loaded, ...all]);
        void resendWhenAlone();
      })
      .catch(() => undefined);
    const online = (): void => {
      resend.current.attempts = 0;
      void resendWhenAlone();
    };
    window.addEventListener("online", online);
    return () => {
      cancelled = true;
      window.removeEventListener("online", online);
      if (resend.current.timer !== null) clearTimeout(resend.current.timer);
      resend.current.timer = null;
    };
  }, [userId, outbox]);

  function createTask(
    values: Omit<Extract<TaskWrite, { kind: "create" }>["input"], "id"> & { id?: string },
  ): void {
    const write: TaskWrite = { kind: "create", input: { ...values, id: values.id ?? crypto.randomUUID() } };
    const change = shownChange(write, shownTask, new Date());
    if (change.type === "create") {
      // A new subtask shows in its parent's checklist, never as a row of its own.
      const hidden = change.task.parentId === null && !taskMatchesQuery(change.task, query, new Date());
      setHiddenNewTask(hidden ? { id: change.task.id, title: change.task.title } : null);
    }
    submit(write);
  }

  /** Tries an unsaved new task again, with the same id: the server never makes it twice. */
  function retryUnsaved(id: string): void {
    const entry = pendingRef.current.find((one) => one.write.kind === "create" && one.write.input.id === id);
    if (!entry) return;
    void send(entry);
  }

  function discardUnsaved(id: string): void {
    const entry = pendingRef.current.find((one) => one.write.kind === "create" && one.write.input.id === id);
    if (!entry) return;
    update((all) => all.filter((one) => one.key !== entry.key));
    forget(entry);
  }

  const waiting = pending.filter((one) => one.state === "waiting").length;
  const syncState: SyncState =
    waiting > 0
      ? "waiting"
      : pending.some((one) => one.state === "sending")
        ? "saving"
        : savedOnce
          ? "saved"
          : "idle";

  return {
    pending,
    problem,
    dismissProblem: () => setProblem(null),
    hiddenNewTask,
    dismissHiddenNewTask: () => setHiddenNewTask(null),
    syncState,
    waiting,
    /** Sends what waits now, instead of at the next attempt. */
    sendWaitingNow: () => {
      resend.current.attempts = 0;
      void resendWhenAlone();
    },
    createTask,
    retryUnsaved,
    discardUnsaved,
    /** `base`: the task as it was when the edit began, so a change made elsewhere since is not overwritten. */
    updateTask: (id: string, changes: TaskChanges, base: Task | null) =>
      submit({
        kind: "update",
        input: { id, ...changes, ...(base ? { expectedVersion: base.version } : {}) },
        base,
      }),
    setTaskCompleted: (id: string, completed: boolean) =>
      submit({ kind: "setCompleted", input: { id, completed } }),
    deleteTask: (id: string) => submit({ kind: "delete", input: { id }, task: shownTask(id) }),
    /** Bulk actions on the tasks chosen together, each undoable. */
    completeMany: (ids: string[]) =>
      submit({ kind: "setCompletedMany", input: { ids, completed: true }, undoable: true }),
    deleteMany: (ids: string[]) =>
      submit({ kind: "deleteMany", input: { ids }, tasks: ids.flatMap((id) => shownTask(id) ?? []) }),
    updateMany: (input: Extract<TaskWrite, { kind: "updateMany" }>["input"]) =>
      submit({ kind: "updateMany", input, before: input.ids.flatMap((id) => shownTask(id) ?? []) }),
    /** Puts a task between two others in the manual order; `position`: its key between them here. */
    moveTask: (input: Extract<TaskWrite, { kind: "move" }>["input"], position: string) =>
      submit({ kind: "move", input, position }),
    /** The list's completed tasks go: every project's, or in a project's view that project's. */
    clearCompleted: (shownCompleted: Task[]) =>
      submit({ kind: "clearCompleted", input: projectScope, tasks: shownCompleted }),
    /** "Mark all as complete" (or, unticked, all active): every task of the list's scope, loaded or not. */
    setAllCompleted: (completed: boolean) =>
      submit({ kind: "setAllCompleted", input: { completed, ...projectScope } }),
    conflict,
    undo,
    /** Takes back the last delete, clear or "Mark all". */
    undoLast: () => {
      if (!undo) return;
      setUndo(null);
      for (const write of undo.writes) submit(write);
    },
    dismissUndo,
    clearingCompleted: pending.some((one) => one.write.kind === "clearCompleted"),
    markingAll: pending.some((one) => one.write.kind === "setAllCompleted"),
  };
}
