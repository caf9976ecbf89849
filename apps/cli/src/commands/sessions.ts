import { booleanValue } from "../args";
import type { Command } from "../command";
import { requireSession } from "../context";
import { deleteCredentials } from "../credentials";
import { UsageError } from "../exit-codes";
import { formatSessionTable } from "../format";
import { matchIdPrefix } from "../id-prefix";
import { writeLine } from "../io";

export const sessions: Command = {
  spec: {
    name: "sessions",
    summary:
      "List your sessions, or revoke one. Sessions are browsers and scripts signed in to your account; ids may be shortened to any unique start.",
    usage: ["sessions [--json]", "sessions revoke <id>"],
    options: {
      json: { type: "boolean", description: "Print the sessions as JSON" },
    },
    positionals: { min: 0, max: 2, name: "" },
    details: ["Revoking this CLI's own session signs it out, like doable logout."],
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
    const result = await api.account.revokeSession.mutate({ id: session.id });
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
