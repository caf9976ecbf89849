import { stringValue } from "../args";
import type { User } from "../client";
import type { Command } from "../command";
import { requireSession } from "../context";
import { CliError, EXIT, NOT_SIGNED_IN_MESSAGE } from "../exit-codes";
import { writeLine } from "../io";

/** The zone this computer's clock is set to: what a new account gets as its hint, and what is suggested. */
export function processTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function accountLines(user: User): string[] {
  return [`Email:      ${user.email}`, `Name:       ${user.name ?? "-"}`, `Time zone:  ${user.timeZone}`];
}

export const account: Command = {
  spec: {
    name: "account",
    summary: "Show your account, or change its name or time zone.",
    usage: ["account [--time-zone <zone>] [--name <name>]"],
    options: {
      "time-zone": {
        type: "string",
        value: "zone",
        description: "The IANA time zone due times are read in, e.g. Europe/Berlin",
      },
      name: { type: "string", value: "name", description: "Your name" },
    },
    positionals: { min: 0, max: 0, name: "" },
    details: [
      "Due dates are calendar days, the same everywhere; a due time is on your account's clock,\n" +
        "not this computer's. Moving the account to another zone keeps every due day, and keeps each\n" +
        "due time at the same moment (17:00 in Berlin becomes 11:00 in New York).",
      "Example:\n  doable account --time-zone America/New_York",
    ],
  },
  async run(context, { values }) {
    const { io } = context;
    const timeZone = stringValue(values, "time-zone");
    const name = stringValue(values, "name");
    const { api } = await requireSession(context);
    let user: User | null;
    if (timeZone === undefined && name === undefined) {
      user = await api.auth.me.query();
      if (user === null) {
        throw new CliError(
          `Your session has ended (signed out, revoked or expired). ${NOT_SIGNED_IN_MESSAGE}`,
          EXIT.notSignedIn,
        );
      }
    } else {
      user = await api.account.update.mutate({
        ...(timeZone !== undefined ? { timeZone } : {}),
        ...(name !== undefined ? { name } : {}),
      });
    }
    for (const line of accountLines(user)) writeLine(io.stdout, line);
    const here = processTimeZone();
    if (timeZone === undefined && here !== user.timeZone) {
      writeLine(io.stderr, `This computer's time zone is ${here}: doable account --time-zone ${here}`);
    }
  },
};
