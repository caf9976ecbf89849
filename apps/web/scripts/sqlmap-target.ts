/**
 * The target for scripts/sqlmap.sh: the production server (the `next build` output must exist)
 * on a free port of 127.0.0.1, with a throwaway PGlite database and one trusted proxy hop, and
 * one user with a few tasks. Writes `{ baseUrl, email, password, token }` as JSON to the file
 * named by the first argument once everything is ready, then serves until SIGTERM or SIGINT;
 * on the way out it writes everything the server logged to the file named by the second.
 *
 *   tsx scripts/sqlmap-target.ts <target.json> <server.log>
 */
import { writeFile } from "node:fs/promises";
import { rawClient, resultData } from "@doable/test-support/http-client";
import { startProductionServer } from "@doable/test-support/production-server";

const EMAIL = "sqlmap-probe@example.com";
const PASSWORD = "sqlmap probe passphrase 7";
/** task.list's search is scanned with "milk" as its original value: some tasks match, some do not. */
const TASKS = ["Buy milk", "Milk the cow", "Water the plants", "File the tax return"];

const [targetFile, logFile] = process.argv.slice(2);
if (!targetFile || !logFile) {
  console.error("usage: tsx scripts/sqlmap-target.ts <target.json> <server.log>");
  process.exit(2);
}

// TEST_DATABASE_URL would make the helper use a PostgreSQL server: this scan wants a throwaway PGlite
// (and TEST_PGBOUNCER without TEST_DATABASE_URL is an invalid setting).
delete process.env.TEST_DATABASE_URL;
delete process.env.TEST_PGBOUNCER;
const server = await startProductionServer({ TRUST_PROXY_HOPS: "1" });

async function stop(): Promise<void> {
  await server.stop();
  await writeFile(logFile as string, server.output());
}

try {
  const api = rawClient(server.baseUrl);
  const signUp = await api.mutation("auth.signUp", { email: EMAIL, password: PASSWORD });
  if (signUp.status !== 200) throw new Error(`sign-up failed: ${signUp.status} ${signUp.text}`);
  const signIn = await api.mutation("auth.signIn", { email: EMAIL, password: PASSWORD, transport: "bearer" });
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${signIn.text}`);
  const { token } = resultData<{ token: string }>(signIn);
  const bearer = { authorization: `Bearer ${token}` };
  for (const title of TASKS) {
    const created = await api.mutation("task.create", { title }, bearer);
    if (created.status !== 200) throw new Error(`task.create failed: ${created.status} ${created.text}`);
  }
  await writeFile(
    targetFile,
    `${JSON.stringify({ baseUrl: server.baseUrl, email: EMAIL, password: PASSWORD, token })}\n`,
  );
  console.log(`sqlmap target ready on ${server.baseUrl}`);
} catch (error) {
  console.error(error);
  await stop();
  process.exit(1);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void stop().then(() => process.exit(0));
  });
}
// Serve until signalled.
setInterval(() => {}, 60_000);
