/**
 * The signed-in state: one file, `$XDG_CONFIG_HOME/doable/credentials.json` (or
 * `~/.config/doable/credentials.json`), readable by its owner only, holding the server it belongs
 * to and the bearer token.
 */
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { CliError, EXIT } from "./exit-codes";

export interface Credentials {
  server: string;
  token: string;
  user: { id: string; email: string; name: string | null };
  signedInAt: string;
}

const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;
const GROUP_OR_OTHER_BITS = 0o077;

export function configDirectory(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec: a relative value is invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), ".config");
  return join(base, "doable");
}

export function credentialsPath(env: NodeJS.ProcessEnv): string {
  return join(configDirectory(env), "credentials.json");
}

function isCredentials(value: unknown): value is Credentials {
  const candidate = value as Partial<Credentials> | null;
  return (
    typeof candidate?.server === "string" &&
    typeof candidate.token === "string" &&
    typeof candidate.user?.id === "string" &&
    typeof candidate.user.email === "string"
  );
}

export interface StoredCredentials {
  credentials: Credentials;
  path: string;
  /** Group or others may read the file: worth a warning, as ssh gives for keys. */
  looseMode: boolean;
}

export async function readCredentials(env: NodeJS.ProcessEnv): Promise<StoredCredentials | null> {
  const path = credentialsPath(env);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (!isCredentials(parsed)) {
    throw new CliError(`${path} is damaged. Not signed in: run doable login`, EXIT.notSignedIn);
  }
  const { mode } = await stat(path);
  return {
    credentials: parsed,
    path,
    looseMode: process.platform !== "win32" && (mode & GROUP_OR_OTHER_BITS) !== 0,
  };
}

/** Written to a private temporary file and renamed over the old one: never briefly world-readable. */
export async function writePrivateJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: DIRECTORY_MODE });
  const temporary = `${path}.${process.pid}.tmp`;
  await rm(temporary, { force: true });
  try {
    // "wx": created here, so the mode applies from the first byte.
    await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: FILE_MODE, flag: "wx" });
    await chmod(temporary, FILE_MODE);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function writeCredentials(env: NodeJS.ProcessEnv, credentials: Credentials): Promise<string> {
  const path = credentialsPath(env);
  await writePrivateJson(path, credentials);
  return path;
}

export async function deleteCredentials(env: NodeJS.ProcessEnv): Promise<void> {
  await rm(credentialsPath(env), { force: true });
}
