import { describe, expect, it } from "vitest";
import { FACTORY_NOW, taskWith } from "./task-factory";
import { confirmedChange, nextOccurrenceIn } from "./task-send";
import { canWaitOffline, shownChange, type TaskWrite, taskIdsOf } from "./task-write";
import type { Task } from "./types";
import { undoOfUpdateMany } from "./undo-offer";

const NOW = FACTORY_NOW;
const ID = "00000000-0000-4000-8000-000000000001";

function task(overrides: Partial<Task> = {}): Task {
  return taskWith({ version: 3, ...overrides });
}

const none = (): Task | null => null;

describe("shownChange", () => {
  it("shows a new task as it will be, made now, version 1", () => {
    const write: TaskWrite = { kind: "create", input: { id: ID, title: "  Buy milk ", tags: ["home"] } };
    expect(shownChange(write, none, NOW)).toEqual({
      type: "create",
      // Its project is the server's to say (the Inbox) until the answer comes; first in the manual order.
      task: task({ version: 1, tags: ["home"], projectId: "", position: "" }),
    });
    const inProject: TaskWrite = {
      kind: "create",
      input: { id: ID, title: "Buy milk", tags: ["home"], projectId: "00000000-0000-4000-8000-0000000000bb" },
    };
    expect(shownChange(inProject, none, NOW)).toMatchObject({
      task: { projectId: "00000000-0000-4000-8000-0000000000bb" },
    });
  });

  it("shows an edit as the fields it changes, the title trimmed", () => {
    const write: TaskWrite = {
      kind: "update",
      input: { id: ID, title: " Oat milk ", priority: "high", expectedVersion: 3 },
      base: task(),
    };
    // The expected version travels to the server only: it is not a field of the task.
    expect(shownChange(write, none, NOW)).toEqual({
      type: "patch",
      id: ID,
      fields: { title: "Oat milk", priority: "high" },
    });
  });

  it("keeps the first completion time of a task completed again, and clears it when reopened", () => {
    const earlier = new Date("2026-11-01T00:00:00.000Z");
    const shown = (): Task => task({ completed: true, completedAt: earlier });
    const complete: TaskWrite = { kind: "setCompleted", input: { id: ID, completed: true } };
    expect(shownChange(complete, shown, NOW)).toMatchObject({ fields: { completedAt: earlier } });
    expect(shownChange(complete, none, NOW)).toMatchObject({ fields: { completed: true, completedAt: NOW } });
    const reopen: TaskWrite = { kind: "setCompleted", input: { id: ID, completed: false } };
    expect(shownChange(reopen, shown, NOW)).toMatchObject({
      fields: { completed: false, completedAt: null },
    });
  });

  it("shows a new subtask in its task's project, where the server puts it", () => {
    const parent = task({
      id: "00000000-0000-4000-8000-0000000000b1",
      projectId: "00000000-0000-4000-8000-0000000a0001",
    });
    const write: TaskWrite = { kind: "create", input: { id: ID, title: "Passport", parentId: parent.id } };
    const change = shownChange(write, (id) => (id === parent.id ? parent : null), NOW);
    expect(change).toMatchObject({
      type: "create",
      task: { parentId: parent.id, projectId: parent.projectId },
    });
  });

  it("shows a delete as a removal and a clear as a clear", () => {
    expect(shownChange({ kind: "delete", input: { id: ID }, task: null }, none, NOW)).toEqual({
      type: "remove",
      ids: [ID],
    });
    expect(shownChange({ kind: "clearCompleted", input: null, tasks: [] }, none, NOW)).toEqual({
      type: "clearCompleted",
      projectId: null,
    });
    const projectId = "00000000-0000-4000-8000-0000000a0001";
    expect(shownChange({ kind: "clearCompleted", input: { projectId }, tasks: [] }, none, NOW)).toEqual({
      type: "clearCompleted",
      projectId,
    });
    expect(
      shownChange({ kind: "setAllCompleted", input: { completed: true, projectId } }, none, NOW),
    ).toEqual({
      type: "completeAll",
      projectId,
      completed: true,
      at: NOW,
    });
  });
});

describe("confirmedChange", () => {
  it("puts the server's task in the cache, counted as new only for a create", () => {
    const answer = task({ version: 4 });
    expect(confirmedChange({ kind: "create", input: { id: ID, title: "x" } }, answer)).toEqual({
      type: "create",
      task: answer,
    });
    expect(confirmedChange({ kind: "update", input: { id: ID, title: "x" }, base: null }, answer)).toEqual({
      type: "upsert",
      task: answer,
    });
    expect(confirmedChange({ kind: "delete", input: { id: ID }, task: null }, { id: ID })).toEqual({
      type: "remove",
      ids: [ID],
    });
  });
});

describe("task.setCompleted's answer, { task, next }", () => {
  it("upserts the task, and brings the next occurrence of a recurring one as the server has it", () => {
    const complete: TaskWrite = { kind: "setCompleted", input: { id: ID, completed: true } };
    const done = task({
      completed: true,
      completedAt: NOW,
      version: 3,
      recurrence: "FREQ=DAILY",
      dueDate: "2026-12-01",
    });
    const next = task({ id: "00000000-0000-4000-8000-000000000002", version: 1, dueDate: "2026-12-02" });
    expect(confirmedChange(complete, { task: done, next })).toEqual({ type: "upsert", task: done });
    expect(nextOccurrenceIn({ task: done, next })).toBe(next);
    expect(nextOccurrenceIn({ task: done, next: null })).toBeNull();
    // Other writes' answers (a task, tasks, ids) bring nothing else.
    for (const answer of [done, [done], { ids: [ID] }, null]) expect(nextOccurrenceIn(answer)).toBeNull();
  });
});

describe("which writes wait offline", () => {
  it("keeps every write that can be sent twice safely, and not a clear", () => {
    expect(canWaitOffline({ kind: "create", input: { id: ID, title: "x" } })).toBe(true);
    expect(canWaitOffline({ kind: "delete", input: { id: ID }, task: null })).toBe(true);
    expect(canWaitOffline({ kind: "clearCompleted", input: null, tasks: [] })).toBe(false);
    expect(taskIdsOf({ kind: "setCompleted", input: { id: ID, completed: true } })).toEqual([ID]);
    expect(taskIdsOf({ kind: "restore", input: { ids: [ID, "b"] }, tasks: [] })).toEqual([ID, "b"]);
    expect(taskIdsOf({ kind: "clearCompleted", input: null, tasks: [] })).toEqual([]);
    // A subtask waits for its parent's own create (ADR 0048).
    const subtask = { kind: "create", input: { id: ID, title: "Passport", parentId: "parent" } } as const;
    expect(taskIdsOf(subtask)).toEqual([ID, "parent"]);
  });
});

describe("a move in the manual order", () => {
  const move: TaskWrite = {
    kind: "move",
    input: { id: ID, afterId: "after", beforeId: "before" },
    position: "V2",
  };

  it("shows at its key between the neighbours here, and takes the server's answer", () => {
    expect(shownChange(move, none, NOW)).toEqual({ type: "patch", id: ID, fields: { position: "V2" } });
    const answer = task({ position: "V1V", version: 4 });
    expect(confirmedChange(move, answer)).toEqual({ type: "upsert", task: answer });
  });

  it("is sent after the neighbours' own changes, and can wait offline", () => {
    expect(taskIdsOf(move)).toEqual([ID, "after", "before"]);
    expect(taskIdsOf({ ...move, input: { id: ID, beforeId: "before" } })).toEqual([ID, "before"]);
    expect(canWaitOffline(move)).toBe(true);
  });
});

describe("bulk writes", () => {
  const GARDEN = "00000000-0000-4000-8000-0000000000bb";
  const INBOX = "00000000-0000-4000-8000-0000000000aa";
  const one = task({ id: "one", tags: ["home"] });
  const two = task({ id: "two", tags: [], projectId: GARDEN });
  const shown = (id: string) => [one, two].find((candidate) => candidate.id === id) ?? null;

  it("shows a move or a tag on every chosen task as the server will save it", () => {
    const tag: TaskWrite = {
      kind: "updateMany",
      input: { ids: ["one", "two", "gone"], addTags: ["home", "weekend"], removeTags: [] },
      before: [one, two],
    };
    expect(shownChange(tag, shown, NOW)).toEqual({
      type: "patchMany",
      patches: [
        { id: "one", fields: { tags: ["home", "weekend"] } },
        { id: "two", fields: { tags: ["home", "weekend"] } },
      ],
    });
    const untag: TaskWrite = {
      kind: "updateMany",
      input: { ids: ["one"], removeTags: ["home"] },
      before: null,
    };
    expect(shownChange(untag, shown, NOW)).toEqual({
      type: "patchMany",
      patches: [{ id: "one", fields: { tags: [] } }],
    });
    const deleted: TaskWrite = { kind: "deleteMany", input: { ids: ["one", "two"] }, tasks: [one, two] };
    expect(shownChange(deleted, shown, NOW)).toEqual({ type: "remove", ids: ["one", "two"] });
    expect(taskIdsOf(deleted)).toEqual(["one", "two"]);
    expect(canWaitOffline(deleted)).toBe(true);
  });

  it("undoes a move by sending each task back to its own project, and a tag by taking it off where it was added", () => {
    const move: Extract<TaskWrite, { kind: "updateMany" }> = {
      kind: "updateMany",
      input: { ids: ["one", "two"], projectId: GARDEN },
      before: [one, two],
    };
    // Only "one" changed ("two" was in the project already).
    expect(undoOfUpdateMany(move, [{ ...one, projectId: GARDEN }])).toEqual([
      { kind: "updateMany", input: { ids: ["one"], projectId: INBOX }, before: null },
    ]);
    const tag: Extract<TaskWrite, { kind: "updateMany" }> = {
      kind: "updateMany",
      input: { ids: ["one", "two"], addTags: ["home"] },
      before: [one, two],
    };
    expect(undoOfUpdateMany(tag, [{ ...two, tags: ["home"] }])).toEqual([
      { kind: "updateMany", input: { ids: ["two"], removeTags: ["home"] }, before: null },
    ]);
    expect(undoOfUpdateMany(tag, [])).toEqual([]);
  });
});
