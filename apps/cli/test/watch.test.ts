/** `doable ls --watch` against the production server: changes made elsewhere show up live. */
import { readFile, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket, connect } from "node:net";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useCliHarness } from "./cli-harness";

const h = useCliHarness();

interface TaskJson {
  id: string;
  title: string;
  tags: string[];
}

let email = "";
let token = "";

/** A task created through the API, as the web app or another terminal would. */
async function createTask(bearer: string, input: Record<string, unknown>): Promise<TaskJson> {
  const response = await h.api.mutation("task.create", input, { authorization: `Bearer ${bearer}` });
  if (response.status !== 200) throw new Error(`task.create failed: ${response.status} ${response.text}`);
  return (response.body as { result: { data: { json: TaskJson } } }).result.data.json;
}

async function deleteTask(bearer: string, id: string): Promise<void> {
  const response = await h.api.mutation("task.delete", { id }, { authorization: `Bearer ${bearer}` });
  if (response.status !== 200) throw new Error(`task.delete failed: ${response.status} ${response.text}`);
}

function jsonLines(stdout: string): unknown[] {
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}

/** A TCP relay to the server that can be cut (listener closed, connections dropped) and restored. */
async function startRelay(targetPort: number) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve) =>
      server.listen(port, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
    );
  const port = await listen(0);
  return {
    url: `http://127.0.0.1:${port}`,
    cut: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    restore: () => listen(port),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}

beforeAll(async () => {
  email = await h.signUp("watch");
  await h.login(email);
  token = (await h.credentials()).token;
  await createTask(token, { title: "Already there" });
});

describe("doable ls --watch", () => {
  it("--json: the list as one line, then a line per change made elsewhere; never another user's", async () => {
    const otherEmail = await h.signUp("watch-other");
    const otherHome = join(h.home, "other");
    await h.login(otherEmail, { configHome: otherHome });
    const otherToken = (await h.credentials(otherHome)).token;

    const watch = h.start(["ls", "--watch", "--json"]);
    try {
      await watch.waitFor((stdout) => stdout.includes("\n"));
      const [initial] = jsonLines(watch.stdout()) as [TaskJson[]];
      expect(initial.map((task) => task.title)).toEqual(["Already there"]);
      // The stream is opened just after the list is printed: give it a moment to connect.
      await new Promise((resolve) => setTimeout(resolve, 1000));

      await createTask(otherToken, { title: "Not yours" });
      const added = await createTask(token, { title: "Added elsewhere", tags: ["live"] });
      await watch.waitFor((stdout) => stdout.includes("Added elsewhere"));
      expect(jsonLines(watch.stdout())[1]).toMatchObject({
        type: "upsert",
        task: { id: added.id, title: "Added elsewhere", tags: ["live"], completed: false },
      });

      await deleteTask(token, added.id);
      await watch.waitFor((stdout) => stdout.includes('"type":"remove"'));
      expect(jsonLines(watch.stdout()).slice(1)).toEqual([
        expect.objectContaining({ type: "upsert" }),
        { type: "remove", id: added.id },
      ]);
      expect(watch.stdout()).not.toContain("Not yours");
    } finally {
      watch.kill("SIGINT");
    }
    const result = await watch.exited;
    expect(result).toMatchObject({ code: 0, stderr: "" });
  });

  it("piped, with a filter: the whole filtered list again after each change to it", async () => {
    const watch = h.start(["ls", "--watch", "--tag", "errand"]);
    try {
      await watch.waitFor((_, stderr) => stderr.includes("No tasks."));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await createTask(token, { title: "Not an errand" });
      await createTask(token, { title: "Buy milk", tags: ["errand"] });
      await watch.waitFor((stdout) => stdout.includes("Buy milk"));
      expect(watch.stdout()).toMatch(/^\n[0-9a-f]+ {2}\[ \] {2}medium {2}- +Buy milk {2}#errand\n$/);
      await createTask(token, { title: "Post the letter", tags: ["errand"] });
      // The newest first, then the one before: the whole list, not only what changed.
      await watch.waitFor((stdout) =>
        /Post the letter[\s\S]*Buy milk/.test(stdout.split("\n\n").at(-1) ?? ""),
      );
      expect(watch.stdout().split("\n\n").at(-1)).toMatch(
        /Post the letter {2}#errand\n.*Buy milk {2}#errand\n$/,
      );
      expect(watch.stdout()).not.toContain("Not an errand");
      expect(watch.stdout()).not.toContain("\x1b");
    } finally {
      watch.kill("SIGINT");
    }
    expect(await watch.exited).toMatchObject({ code: 0, stderr: "No tasks.\n" });
  });

  it("a reminder that fires prints a line naming the task (piped), or a reminder line (--json); the list stays", async () => {
    const json = h.start(["ls", "--watch", "--json"]);
    const text = h.start(["ls", "--watch", "--tag", "nothing-here"]);
    try {
      await json.waitFor((stdout) => stdout.includes("\n"));
      await text.waitFor((_, stderr) => stderr.includes("No tasks."));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // Due in a few seconds: the server looks for due reminders every 5 s.
      const soon = new Date(Date.now() + 3000).toISOString();
      const added = await h.doable(["add", "--literal", "Stretch", "--remind", soon]);
      expect(added.code, added.stderr).toBe(0);
      const short = /^Added ([0-9a-f]{8}) {2}/.exec(added.stdout)?.[1];

      await json.waitFor((stdout) => stdout.includes('"type":"reminder"'), 30_000);
      const changes = jsonLines(json.stdout()).slice(1) as Array<{ type: string; task: TaskJson }>;
      expect(changes.map((change) => [change.type, change.task.title])).toEqual([
        ["upsert", "Stretch"],
        ["reminder", "Stretch"],
      ]);
      // Reminded about any task of the account's, whatever the list shows.
      await text.waitFor((stdout) => stdout.includes("Reminder:"), 10_000);
      expect(text.stdout()).toBe(`Reminder: Stretch (${short})\n`);
      // Fired once, and no longer to come.
      expect((await h.doable(["due"])).stdout).not.toContain("Stretch");
    } finally {
      json.kill("SIGINT");
      text.kill("SIGINT");
    }
    expect(await json.exited).toMatchObject({ code: 0, stderr: "" });
    expect(await text.exited).toMatchObject({ code: 0, stderr: "No tasks.\n" });
  }, 60_000);

  it("ends with exit code 2 and says to sign in again when its session is revoked", async () => {
    const watched = join(h.home, "revoked");
    await h.login(email, { configHome: watched });
    const watch = h.start(["ls", "--watch"], { configHome: watched });
    await watch.waitFor((stdout) => stdout.includes("Already there"));
    await new Promise((resolve) => setTimeout(resolve, 1000));

    // Another session of the same user ends every other one, the watching one included.
    const revoke = await h.api.mutation("account.revokeOtherSessions", undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(revoke.status).toBe(200);

    const result = await watch.exited;
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "doable: Your session has ended (signed out, revoked or expired). Not signed in: run doable login\n",
    );
  });

  it("says so on stderr when the connection is lost, reconnects and catches up", async () => {
    const relay = await startRelay(Number(new URL(h.baseUrl).port));
    const relayed = join(h.home, "relayed");
    await h.login(email, { configHome: relayed });
    // The same session, reached through the relay (signing in itself must name the server's origin).
    const file = join(relayed, "doable", "credentials.json");
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, "utf8")), server: relay.url }));
    const watch = h.start(["ls", "--watch", "--json"], {
      configHome: relayed,
      env: { DOABLE_SERVER: relay.url },
    });
    try {
      await watch.waitFor((stdout) => stdout.includes("\n"));
      await new Promise((resolve) => setTimeout(resolve, 1000));

      await relay.cut();
      await watch.waitFor((_, stderr) => stderr.includes("Connection lost, reconnecting…"));
      const missed = await createTask(token, { title: "Added while cut off" });
      await relay.restore();

      await watch.waitFor((stdout) => stdout.includes("Added while cut off"), 30_000);
      expect(watch.stderr()).toBe("Connection lost, reconnecting…\nReconnected.\n");
      expect(jsonLines(watch.stdout()).at(-1)).toMatchObject({ type: "upsert", task: { id: missed.id } });
    } finally {
      watch.kill("SIGINT");
      await relay.close();
    }
    expect(await watch.exited).toMatchObject({ code: 0 });
  }, 60_000);

  it("Ctrl-C ends it at once even while it waits to reconnect", async () => {
    const relay = await startRelay(Number(new URL(h.baseUrl).port));
    const relayed = join(h.home, "relayed-gone");
    await h.login(email, { configHome: relayed });
    const file = join(relayed, "doable", "credentials.json");
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, "utf8")), server: relay.url }));
    const watch = h.start(["ls", "--watch"], { configHome: relayed, env: { DOABLE_SERVER: relay.url } });
    try {
      await watch.waitFor((stdout) => stdout.includes("Already there"));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await relay.cut();
      await watch.waitFor((_, stderr) => stderr.includes("Connection lost"));
      // Attempts at about 3 and 6 s have failed: the one at 9 s pauses 3 s more before connecting.
      await new Promise((resolve) => setTimeout(resolve, 10_000));
    } finally {
      await relay.close();
    }
    const sentAt = Date.now();
    watch.kill("SIGINT");
    const result = await watch.exited;
    expect(Date.now() - sentAt).toBeLessThan(1000);
    expect(result).toMatchObject({ code: 0, stderr: "Connection lost, reconnecting…\n" });
  }, 60_000);
});
