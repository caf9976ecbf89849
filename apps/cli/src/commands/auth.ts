import { apiErrorToCliError } from "../api-errors";
import { booleanValue, stringValue } from "../args";
import { createApi } from "../client";
import type { Command } from "../command";
import { type CommandContext, requireSession } from "../context";
import { deleteCredentials, readCredentials, writeCredentials } from "../credentials";
import { readDeviceToken, writeDeviceToken } from "../device-token";
import { CliError, EXIT, NOT_SIGNED_IN_MESSAGE, UsageError } from "../exit-codes";
import { writeLine } from "../io";
import { passwordFromStdinText, promptHidden, promptLine, readAll } from "../prompt";
import { DEFAULT_SERVER, isInsecureRemote, normalizeServerUrl } from "../server-url";

function describeUser(user: { email: string; name: string | null }): string {
  return user.name ? `${user.email} (${user.name})` : user.email;
}

type Api = ReturnType<typeof createApi>;
type SignInAnswer = Awaited<ReturnType<Api["auth"]["signIn"]["mutate"]>>;
type SignedIn = Exclude<SignInAnswer, { twoFactorRequired: true }>;

/**
 * The second step of a sign-in with two-factor on: the code from --code, else asked for on the
 * terminal like the password (a recovery code is a secret too), then `auth.completeSignIn`.
 */
async function finishSignIn(
  context: CommandContext,
  api: Api,
  answer: SignInAnswer,
  options: { code: string | undefined; interactive: boolean; deviceToken: string | undefined },
): Promise<SignedIn> {
  if (!("twoFactorRequired" in answer)) return answer;
  let code = options.code;
  if (code === undefined) {
    if (!options.interactive) {
      throw new UsageError("two-factor sign-in is on for this account: pass --code <code>", "login");
    }
    code = await promptHidden(context.io, "Code (from your authenticator app, or a recovery code): ");
  }
  return api.auth.completeSignIn.mutate({
    challenge: answer.challenge,
    code,
    deviceToken: options.deviceToken,
  });
}

export const login: Command = {
  spec: {
    name: "login",
    summary:
      "Sign in and keep the token for the next commands. It is stored in " +
      "$XDG_CONFIG_HOME/doable/credentials.json (~/.config/doable/credentials.json), readable only by you.",
    usage: [
      "login [--server <url>] [--email <email>]",
      "login --email <email> --password-stdin [--code <code>]  (scripts)",
    ],
    options: {
      server: {
        type: "string",
        value: "url",
        description: `Server to sign in to (default: $DOABLE_SERVER, else ${DEFAULT_SERVER})`,
      },
      email: { type: "string", value: "email", description: "Email; asked for when not given" },
      "password-stdin": {
        type: "boolean",
        description: "Read the password from standard input (one trailing line break is dropped)",
      },
      code: {
        type: "string",
        value: "code",
        description: "Two-factor code, for scripts; on a terminal it is asked for when the account needs one",
      },
    },
    positionals: { min: 0, max: 0, name: "" },
    details: [
      "On a terminal the password is asked for without echo. Never pass it as an argument: other\n" +
        "users can see command lines.",
      "With two-factor on, the code from your authenticator app (or a recovery code) is asked for\n" +
        "after the password. A code is accepted once and expires within a minute, so --code on a\n" +
        "command line gives little away; a recovery code is better typed at the prompt.",
      "Example:\n  printf '%s' \"$DOABLE_PASSWORD\" | doable login --email ada@example.com --password-stdin",
    ],
  },
  async run(context, { values }) {
    const { io } = context;
    const server = normalizeServerUrl(
      stringValue(values, "server") ?? io.env.DOABLE_SERVER ?? DEFAULT_SERVER,
    );
    context.errors.server = server;
    const passwordFromStdin = booleanValue(values, "password-stdin");
    const interactive = io.stdin.isTTY === true && !passwordFromStdin;

    let email = stringValue(values, "email");
    if (email === undefined) {
      if (!interactive)
        throw new UsageError(
          "--email is required when the password comes from standard input or no terminal",
          "login",
        );
      email = (await promptLine(io, "Email: ")).trim();
    }
    if (!passwordFromStdin && !interactive) {
      throw new UsageError("no terminal to ask for the password on: use --password-stdin", "login");
    }
    if (isInsecureRemote(server)) {
      writeLine(io.stderr, `warning: ${server} is not https: your password and token travel unencrypted`);
    }
    const password = passwordFromStdin
      ? passwordFromStdinText(await readAll(io.stdin))
      : await promptHidden(io, "Password: ");
    if (password === "") throw new UsageError("the password is empty", "login");

    // Presenting the previous token to the same server ends that session: one session per CLI.
    const previous = await readCredentials(io.env).catch(() => null);
    const previousToken = previous?.credentials.server === server ? previous.credentials.token : null;

    // This CLI's device token for the server: its own sign-in delay there (docs/decisions/0037).
    const deviceToken = await readDeviceToken(io.env, server);

    context.errors.signingIn = true;
    const api = createApi({ server, token: previousToken, signIn: true });
    const answer = await api.auth.signIn.mutate({ email, password, transport: "bearer", deviceToken });
    const result = await finishSignIn(context, api, answer, {
      code: stringValue(values, "code"),
      interactive,
      deviceToken,
    });
    context.errors.signingIn = false;
    if (!result.token) throw new CliError(`${server} signed in but returned no token`);
    if (result.deviceToken) await writeDeviceToken(io.env, server, result.deviceToken);

    const path = await writeCredentials(io.env, {
      server,
      token: result.token,
      user: { id: result.user.id, email: result.user.email, name: result.user.name },
      signedInAt: new Date().toISOString(),
    });
    writeLine(io.stdout, `Signed in to ${server} as ${describeUser(result.user)}`);
    writeLine(io.stderr, `Token saved in ${path}`);
  },
};

export const logout: Command = {
  spec: {
    name: "logout",
    summary: "End this session on the server, then delete the stored token.",
    usage: ["logout [--forget]"],
    options: {
      forget: {
        type: "boolean",
        description:
          "Delete the local token even when the server cannot be reached (the session stays valid there until it expires)",
      },
    },
    positionals: { min: 0, max: 0, name: "" },
  },
  async run(context, { values }) {
    const { io } = context;
    const stored = await readCredentials(io.env).catch(() => null);
    if (stored === null) {
      await deleteCredentials(io.env);
      writeLine(io.stdout, "Not signed in.");
      return;
    }
    const { api, credentials } = await requireSession(context);
    try {
      await api.auth.signOut.mutate();
    } catch (error) {
      if (!booleanValue(values, "forget")) {
        const failure = apiErrorToCliError(error, context.errors);
        if (failure?.exitCode === EXIT.unavailable) {
          throw new CliError(
            `${failure.message}\nYou are still signed in. To delete the local token anyway: doable logout --forget`,
            failure.exitCode,
          );
        }
        throw error;
      }
      await deleteCredentials(io.env);
      writeLine(
        io.stderr,
        `warning: could not end the session on ${credentials.server}; deleted the local token anyway. ` +
          "Revoke the session from the web app's account page to end it now.",
      );
      return;
    }
    await deleteCredentials(io.env);
    writeLine(io.stdout, `Signed out of ${credentials.server}`);
  },
};

export const whoami: Command = {
  spec: {
    name: "whoami",
    summary: "Show who is signed in, to which server, and the account's time zone.",
    usage: ["whoami"],
    options: {},
    positionals: { min: 0, max: 0, name: "" },
  },
  async run(context) {
    const { api, credentials } = await requireSession(context);
    const user = await api.auth.me.query();
    if (user === null) {
      throw new CliError(
        `Your session has ended (signed out, revoked or expired). ${NOT_SIGNED_IN_MESSAGE}`,
        EXIT.notSignedIn,
      );
    }
    writeLine(
      context.io.stdout,
      `${describeUser(user)} on ${credentials.server}, time zone ${user.timeZone}`,
    );
  },
};
