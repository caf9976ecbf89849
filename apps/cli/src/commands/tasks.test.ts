/**
 * `done`, `undo` and `rm` of several tasks print what the server answered, not what was asked:
 * a task trashed or changed elsewhere between the read that resolved the ids and the bulk call is
 * reported as such. The race is staged by a fake API (the built CLI against a real server cannot
 * stop between the two calls); test/tasks.test.ts covers the commands end to end.
 */
import { randomUUID } from "node:crypto";
import { PassThrough } from "node:stream";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Api, Task } from "../client";
import { createContext, requireSession } from "../context";
import type { Io } from "../io";
import { done, rm } from "./tasks";

vi.mock("../context", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../context")>()),
  requireSession: vi.fn(),
}));

function fakeTask(title: string, completed = false): Task {
  return { id: randomUUID(), title, completed } as Task;
}

interface Captured {
  io: Io;
  stdout(): string;
  stderr(): string;
}

function capturedIo(): Captured {
  let stdout = "";
  let stderr = "";
  const out = new PassThrough().on("data", (chunk) => {
    stdout += chunk;
  });
  const err = new PassThrough().on("data", (chunk) => {
    stderr += chunk;
  });
  return {
    io: { stdin: new PassThrough(), stdout: out, stderr: err, env: {} },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

/** An API whose list shows `shown`, and whose bulk calls answer as the server would by then. */
function useFakeApi(shown: Task[], answers: { trashed?: Task[]; changed?: Task[] }): void {
  const api = {
    task: {
      list: { query: async () => ({ items: shown, nextCursor: null }) },
      deleteMany: { mutate: async () => ({ ids: (answers.trashed ?? []).map((task) => task.id) }) },
      setCompletedMany: { mutate: async () => answers.changed ?? [] },
    },
  } as unknown as Api;
  vi.mocked(requireSession).mockResolvedValue({ api, credentials: {} as never });
}

const short = (task: Task): string => task.id.slice(0, 8);

beforeEach(() => {
  vi.mocked(requireSession).mockReset();
});

describe("rm of several tasks", () => {
  it("lists the tasks the server trashed, and says which had gone already", async () => {
    const [kept, gone] = [fakeTask("Sweep"), fakeTask("Dust")];
    useFakeApi([kept, gone], { trashed: [kept] });
    const out = capturedIo();
    await rm.run(createContext(out.io), { values: {}, help: false, positionals: [short(kept), short(gone)] });
    expect(out.stdout()).toBe(`Moved to trash: ${short(kept)}  Sweep\n`);
    expect(out.stderr()).toBe(`Not found: ${short(gone)}  Dust (already in the trash or deleted)\n`);
  });
});

describe("done of several tasks", () => {
  it("prints the server's answer: changed, already done, or changed elsewhere meanwhile", async () => {
    const [open, already, taken] = [fakeTask("Sweep"), fakeTask("Dust", true), fakeTask("Mop")];
    useFakeApi([open, already, taken], { changed: [{ ...open, title: "Sweep the hall", completed: true }] });
    const out = capturedIo();
    await done.run(createContext(out.io), {
      values: {},
      help: false,
      positionals: [short(open), short(already), short(taken)],
    });
    expect(out.stdout()).toBe(
      `Done: ${short(open)}  Sweep the hall\nDone: ${short(already)}  Dust (already done)\n`,
    );
    expect(out.stderr()).toBe(
      `Not changed: ${short(taken)}  Mop (it changed or went to the trash meanwhile)\n`,
    );
  });
});
