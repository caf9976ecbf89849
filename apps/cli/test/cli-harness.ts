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

export interface Harness {
  server: ProductionServer;
  baseUrl: string;
  home: string;
  configHome: string;
  /** Runs `node dist/doable.js ...args`. */
  doable(args: string[], options?: RunOptions): Promise<CliResult>;
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

const SECOND_MS = 1000;

let emailCounter = 0;

export function useCliHarness(): Harness {
  const harness = {} as Harness;

  beforeAll(async () => {
    if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run pnpm build in apps/cli first`);
    const server = await startProductionServer();
    const home = await mkdtemp(join(tmpdir(), "doable-cli-test-"));
    const configHome = join(home, "config");
    const api = rawClient(server.baseUrl);

    const doable = (args: string[], options: RunOptions = {}): Promise<CliResult> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI_PATH, ...args], {
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
