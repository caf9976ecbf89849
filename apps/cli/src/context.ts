import type { ErrorContext } from "./api-errors";
import { type Api, createApi } from "./client";
import { type Credentials, readCredentials } from "./credentials";
import { CliError, EXIT, NOT_SIGNED_IN_MESSAGE } from "./exit-codes";
import { type Io, writeLine } from "./io";
import { normalizeServerUrl } from "./server-url";

export interface CommandContext {
  io: Io;
  /** Filled in as the command learns which server it talks to, so errors can name it. */
  errors: ErrorContext;
}

export function createContext(io: Io): CommandContext {
  return { io, errors: { server: null, hadCredentials: false } };
}

export interface SignedIn {
  api: Api;
  credentials: Credentials;
}

/**
 * The API client for the stored session. The token only ever goes to the server that issued it:
 * a DOABLE_SERVER naming another one is refused rather than followed.
 */
export async function requireSession(context: CommandContext): Promise<SignedIn> {
  const { io } = context;
  const stored = await readCredentials(io.env);
  if (stored === null) throw new CliError(NOT_SIGNED_IN_MESSAGE, EXIT.notSignedIn);
  const { credentials } = stored;
  if (stored.looseMode) {
    writeLine(
      io.stderr,
      `warning: others can read ${stored.path}; make it private with: chmod 600 '${stored.path}'`,
    );
  }
  const wanted = io.env.DOABLE_SERVER ? normalizeServerUrl(io.env.DOABLE_SERVER) : null;
  if (wanted !== null && wanted !== credentials.server) {
    throw new CliError(
      `Signed in to ${credentials.server}, but DOABLE_SERVER is ${wanted}. ${NOT_SIGNED_IN_MESSAGE} --server ${wanted}`,
      EXIT.notSignedIn,
    );
  }
  context.errors.server = credentials.server;
  context.errors.hadCredentials = true;
  return { api: createApi({ server: credentials.server, token: credentials.token }), credentials };
}
