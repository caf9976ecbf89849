import { FRESH_SIGN_IN_MINUTES } from "@doable/domain";
import { TRPCClientError } from "@trpc/client";
import { booleanValue } from "../args";
import type { Command } from "../command";
import { type CommandContext, requireSession } from "../context";
import { deleteCredentials } from "../credentials";
import { CliError, UsageError } from "../exit-codes";
import { formatSessionTable } from "../format";
import { matchIdPrefix } from "../id-prefix";
import { writeLine } from "../io";
import { passwordFromStdinText, promptHidden, readAll } from "../prompt";

/**
 * Whether the server asked for the password again: revoking another session on a session older
 * than the fresh window is answered with a field error on `password` (docs/decisions/0040).
 */
function asksForPassword(error: unknown): boolean {
  return error instanceof TRPCClientError && Array.isArray(error.data?.fieldErrors?.password);
}

/** The password, from --password-stdin or asked for on the terminal; neither is a clear error. */
async function passwordAgain(context: CommandContext, fromStdin: boolean): Promise<string> {
  const { io } = context;
  if (fromStdin) return passwordFromStdinText(await readAll(io.stdin));
  if (io.stdin.isTTY !== true) {
    throw new CliError(
      `You signed in more than ${FRESH_SIGN_IN_MINUTES} minutes ago: confirm with your password ` +
        "(--password-stdin, or run it on a terminal), or run doable login again",
    );
  }
  writeLine(io.stderr, `You signed in more than ${FRESH_SIGN_IN_MINUTES} minutes ago: confirm it is you.`);
  return promptHidden(io, "Password: ");
}

export const sessions: Command = {
  spec: {
    name: "sessions",
    summary:
      "List your sessions, or revoke one. Sessions are browsers and scripts signed in to your account; ids may be shortened to any unique start.",
    usage: ["sessions [--json]", "sessions revoke <id> [--password-stdin]"],
    options: {
      json: { type: "boolean", description: "Print the sessions as JSON" },
      "password-stdin": {
        type: "boolean",
        description: "Read the password from standard input, when the server asks for it again",
      },
    },
    positionals: { min: 0, max: 2, name: "" },
    details: [
      "Revoking this CLI's own session signs it out, like doable logout.",
      `Revoking another session more than ${FRESH_SIGN_IN_MINUTES} minutes after doable login asks for the\n` +
        "password again (on a terminal, or with --password-stdin).",
    ],
  },
  async run(context, { values, positionals }) {
    const [action, idPrefix] = positionals;
    if (action !== undefined && action !== "revoke") {
      throw new UsageError(`unknown action '${action}' (did you mean: sessions revoke <id>?)`, "sessions");
    }
    if (action === "revoke" && idPrefix === undefined)
      throw new UsageError("missing <id> to revoke", "sessions");

    const { io } = context;
    const { api, credentials } = await requireSession(context);
    const list = await api.account.sessions.query();

    if (action === undefined) {
      if (booleanValue(values, "json")) writeLine(io.stdout, JSON.stringify(list, null, 2));
      else for (const line of formatSessionTable(list)) writeLine(io.stdout, line);
      return;
    }

    const session = matchIdPrefix(list, idPrefix ?? "", {
      kind: "session",
      describe: (candidate) => `${candidate.id}  ${candidate.userAgent ?? "unknown client"}`,
    });
    const result = await api.account.revokeSession
      .mutate({ id: session.id })
      .catch(async (error: unknown) => {
        if (!asksForPassword(error)) throw error;
        const password = await passwordAgain(context, booleanValue(values, "password-stdin"));
        return api.account.revokeSession.mutate({ id: session.id, password });
      });
    if (result.current) {
      await deleteCredentials(io.env);
      writeLine(
        io.stdout,
        `Revoked ${session.id}: that was this CLI's session, so you are signed out of ${credentials.server}`,
      );
    } else {
      writeLine(io.stdout, `Revoked ${session.id}`);
    }
  },
};
