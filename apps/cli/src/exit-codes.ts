/** Exit codes are part of the CLI's contract: scripts branch on them. */
export const EXIT = {
  ok: 0,
  /** Bad input, a usage mistake, a task that does not exist, anything else that retrying will not fix. */
  failure: 1,
  /** Not signed in, or the session ended (signed out, revoked, expired), or wrong credentials. */
  notSignedIn: 2,
  /** The server could not be reached or said it is temporarily unavailable: try again later. */
  unavailable: 3,
  /** Throttled (429): try again after the time the message names. */
  throttled: 4,
  /** Cancelled at a prompt with Ctrl-C (128 + SIGINT, as shells report it). */
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error meant for the user: its message is printed as is and the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failure,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** A mistake in the command line itself; the message is followed by a pointer to `--help`. */
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly command: string | null = null,
  ) {
    super(message, EXIT.failure);
    this.name = "UsageError";
  }
}

export const NOT_SIGNED_IN_MESSAGE = "Not signed in: run doable login";
