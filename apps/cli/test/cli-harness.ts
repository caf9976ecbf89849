/**
 * Runs the built CLI (dist/doable.js, as users get it) against a real production server of the
 * web app with a fresh database, each test file with its own HOME and XDG_CONFIG_HOME.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SECOND_MS } from "@doable/domain";
import { afterAll, beforeAll } from "vitest";
// The web app's own test helpers, by path: they start the production build on a free port.
import { rawClient, resultData } from "@doable/test-support/http-client";
import { type ProductionServer, startProductionServer } from "@doable/test-support/production-server";

export const CLI_PATH = fileURLToPath(new URL("../dist/doable.js", import.meta.url));
export const PASSWORD = "a perfectly fine password";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to standard input, which is then closed. */
  input?: string;
  /** Another config dir: a second "machine" for the same or another user. */
  configHome?: string;
  env?: Record<string, string>;
  /** Closes our end of its stdout at once, like `doable ls | head -0`: its first write fails with EPIPE. */
  closeStdout?: boolean;
}

/** A CLI still running (`ls --watch`): its output so far, and a way to wait for more. */
export interface RunningCli {
  stdout(): string;
  stderr(): string;
  /** Resolves once `predicate` holds for the output so far; rejects after `timeoutMs`. */
  waitFor(predicate: (stdout: string, stderr: string) => boolean, timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  /** Resolves when it has exited. */
  exited: Promise<CliResult>;
}

const WAIT_FOR_MS = 15_000;

export interface Harness {
  server: ProductionServer;
  baseUrl: string;
  home: string;
  configHome: string;
  /** Runs `node dist/doable.js ...args`. */
  doable(args: string[], options?: RunOptions): Promise<CliResult>;
  /** Starts `node dist/doable.js ...args` and returns at once (standard input left open). */
  start(args: string[], options?: RunOptions): RunningCli;
  /** A new account, created through the API (not the CLI). */
  signUp(label: string): Promise<string>;
  /** `doable login` with --password-stdin; throws unless it succeeds. */
  login(email: string, options?: RunOptions): Promise<CliResult>;
  /** The stored credentials of a config dir. */
  credentials(configHome?: string): Promise<{ server: string; token: string; user: { id: string } }>;
  api: ReturnType<typeof rawClient>;
  /**
   * Creates tasks through the API for the user behind `token`, one call each, waiting as told
   * whenever the per-user write rate answers 429 (so a fixture may be larger than its burst).
   */
  createTasks(token: string, inputs: Array<Record<string, unknown>>): Promise<void>;
}

let emailCounter = 0;

export function useCliHarness(): Harness {
  const harness = {} as Harness;

  beforeAll(async () => {
    if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run pnpm build in apps/cli first`);
    const server = await startProductionServer();
    const home = await mkdtemp(join(tmpdir(), "doable-cli-test-"));
    const configHome = join(home, "config");
    const api = rawClient(server.baseUrl);

    const spawnCli = (args: string[], options: RunOptions) =>
      spawn(process.execPath, [CLI_PATH, ...args], {
        env: {
          PATH: process.env.PATH ?? "",
          TZ: process.env.TZ ?? "UTC",
          HOME: home,
          XDG_CONFIG_HOME: options.configHome ?? configHome,
          DOABLE_SERVER: server.baseUrl,
          ...options.env,
        },
        stdio: ["pipe", "pipe", "pipe"],
      });

    const start = (args: string[], options: RunOptions = {}): RunningCli => {
      const child = spawnCli(args, options);
      let stdout = "";
      let stderr = "";
      const waiters = new Set<() => void>();
      const notify = (): void => {
        for (const waiter of waiters) waiter();
      };
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
        notify();
      });
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
        notify();
      });
      const exited = new Promise<CliResult>((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => {
          resolve({ code, stdout, stderr });
          notify();
        });
      });
      const waitFor = (predicate: (out: string, err: string) => boolean, timeoutMs = WAIT_FOR_MS) =>
        new Promise<void>((resolve, reject) => {
          const check = (): void => {
            if (!predicate(stdout, stderr)) return;
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          };
          const timer = setTimeout(() => {
            waiters.delete(check);
            reject(new Error(`timed out waiting; stdout:\n${stdout}\nstderr:\n${stderr}`));
          }, timeoutMs);
          waiters.add(check);
          check();
        });
      return {
        stdout: () => stdout,
        stderr: () => stderr,
        waitFor,
        kill: (signal) => child.kill(signal),
        exited,
      };
    };

    const doable = (args: string[], options: RunOptions = {}): Promise<CliResult> =>
      new Promise((resolve, reject) => {
        const child = spawnCli(args, options);
        let stdout = "";
        let stderr = "";
        if (options.closeStdout) child.stdout.destroy();
        else {
          child.stdout.on("data", (chunk) => {
            stdout += chunk;
          });
        }
        child.stderr.on("data", (chunk) => {
          stderr += chunk;
        });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(options.input ?? "");
      });

    const signUp = async (label: string): Promise<string> => {
      emailCounter += 1;
      const email = `cli-${label}-${emailCounter}-${Date.now()}@example.com`;
      const response = await api.mutation("auth.signUp", { email, password: PASSWORD });
      if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${response.text}`);
      return email;
    };

    const login = async (email: string, options: RunOptions = {}): Promise<CliResult> => {
      const result = await doable(["login", "--email", email, "--password-stdin"], {
        ...options,
        input: `${PASSWORD}\n`,
      });
      if (result.code !== 0) throw new Error(`login failed (${result.code}): ${result.stderr}`);
      return result;
    };

    const credentials = async (dir = configHome) =>
      JSON.parse(await readFile(join(dir, "doable", "credentials.json"), "utf8"));

    const createTasks = async (token: string, inputs: Array<Record<string, unknown>>): Promise<void> => {
      const headers = { authorization: `Bearer ${token}` };
      for (const input of inputs) {
        for (;;) {
          const response = await api.mutation("task.create", input, headers);
          if (response.status === 200) break;
          if (response.status !== 429)
            throw new Error(`task.create failed: ${response.status} ${response.text}`);
          const waitSeconds = Number(response.headers.get("retry-after") ?? "1");
          await new Promise((resolve) => setTimeout(resolve, waitSeconds * SECOND_MS));
        }
      }
    };

    Object.assign(harness, {
      server,
      baseUrl: server.baseUrl,
      home,
      configHome,
      doable,
      start,
      signUp,
      login,
      credentials,
      api,
      createTasks,
    });
  });

  afterAll(async () => {
    await harness.server?.stop();
    if (harness.home) await rm(harness.home, { recursive: true, force: true });
  });

  return harness;
}

/** The parsed JSON a command printed. */
export function json<T>(result: CliResult): T {
  if (result.code !== 0) throw new Error(`command failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

export { resultData };
