import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli";
import type { Io } from "../src/io";
import { type CliResult, PASSWORD, resultData, useCliHarness } from "./cli-harness";
import { totpCodeAt } from "./totp-code";

const h = useCliHarness();

interface SessionJson {
  id: string;
  kind: string;
  userAgent: string | null;
  current: boolean;
}

async function statusWithToken(token: string): Promise<number> {
  return (await h.api.query("task.stats", undefined, { authorization: `Bearer ${token}` })).status;
}

describe("doable login / whoami / logout", () => {
  it("logs in with --password-stdin and keeps the token, mode 0600, with the server URL", async () => {
    const email = await h.signUp("login");
    const result = await h.login(email);
    expect(result.stdout).toBe(`Signed in to ${h.baseUrl} as ${email}\n`);

    const file = join(h.configHome, "doable", "credentials.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(h.configHome, "doable"))).mode & 0o777).toBe(0o700);
    const stored = await h.credentials();
    expect(stored.server).toBe(h.baseUrl);
    expect(stored.token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(await statusWithToken(stored.token)).toBe(200);

    const whoami = await h.doable(["whoami"]);
    expect(whoami).toMatchObject({ code: 0, stdout: `${email} on ${h.baseUrl}, time zone UTC\n` });
  });

  it("takes the server from --server over DOABLE_SERVER, and sends the token only to that server", async () => {
    const email = await h.signUp("flag");
    const configHome = join(h.home, "flag");
    const elsewhere = { DOABLE_SERVER: "http://127.0.0.1:9" };
    const login = await h.doable(["login", "--server", h.baseUrl, "--email", email, "--password-stdin"], {
      configHome,
      env: elsewhere,
      input: PASSWORD,
    });
    expect(login).toMatchObject({ code: 0, stdout: `Signed in to ${h.baseUrl} as ${email}\n` });

    const refused = await h.doable(["ls"], { configHome, env: elsewhere });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `doable: Signed in to ${h.baseUrl}, but DOABLE_SERVER is http://127.0.0.1:9. ` +
        "Not signed in: run doable login --server http://127.0.0.1:9\n",
    );
  });

  it("a wrong password is 'Invalid credentials' (exit 2); hurrying is throttled with when to retry (exit 4)", async () => {
    const email = await h.signUp("wrong");
    const configHome = join(h.home, "wrong");
    const wrong = await h.doable(["login", "--email", email, "--password-stdin"], {
      configHome,
      input: "not the password\n",
    });
    expect(wrong).toMatchObject({ code: 2, stderr: "doable: Invalid credentials\n" });

    // Each failure locks the email for 1, 2, 4... seconds: retrying at once hits the lock.
    let throttled = wrong;
    for (let attempt = 0; attempt < 4 && throttled.code !== 4; attempt += 1) {
      throttled = await h.doable(["login", "--email", email, "--password-stdin"], {
        configHome,
        input: "not the password\n",
      });
    }
    expect(throttled.code).toBe(4);
    expect(throttled.stderr).toMatch(
      /^doable: Too many attempts\. Please try again in \d+ seconds? \(at \d\d:\d\d:\d\d\)\.\n$/,
    );
  });

  it("logging in again ends the previous session of that CLI", async () => {
    const email = await h.signUp("again");
    const configHome = join(h.home, "again");
    await h.login(email, { configHome });
    const first = await h.credentials(configHome);
    await h.login(email, { configHome });
    const second = await h.credentials(configHome);
    expect(second.token).not.toBe(first.token);
    expect(await statusWithToken(first.token)).toBe(401);
    expect(await statusWithToken(second.token)).toBe(200);
  });

  it("logout ends the session on the server (the old token gets 401) and deletes the file", async () => {
    const email = await h.signUp("logout");
    const configHome = join(h.home, "logout");
    await h.login(email, { configHome });
    const { token } = await h.credentials(configHome);

    const logout = await h.doable(["logout"], { configHome });
    expect(logout).toMatchObject({ code: 0, stdout: `Signed out of ${h.baseUrl}\n` });
    expect(await statusWithToken(token)).toBe(401);
    await expect(stat(join(configHome, "doable", "credentials.json"))).rejects.toMatchObject({
      code: "ENOENT",
    });

    const whoami = await h.doable(["whoami"], { configHome });
    expect(whoami).toMatchObject({ code: 2, stderr: "doable: Not signed in: run doable login\n" });
    expect(await h.doable(["logout"], { configHome })).toMatchObject({ code: 0, stdout: "Not signed in.\n" });
  });
});

describe("doable sessions", () => {
  it("lists this CLI's session as current and revokes another one by id prefix", async () => {
    const email = await h.signUp("sessions");
    const laptop = join(h.home, "laptop");
    const desktop = join(h.home, "desktop");
    await h.login(email, { configHome: laptop });
    await h.login(email, { configHome: desktop });

    const table = await h.doable(["sessions"], { configHome: laptop });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ID +KIND +SIGNED IN +LAST ACTIVE +CLIENT\n/);
    expect(table.stdout).toMatch(/script .*doable-cli\/\S+ \(node v\d+.*\(this session\)/);

    // Signing up (through the API) opened a browser session as well.
    const all = JSON.parse(
      (await h.doable(["sessions", "--json"], { configHome: laptop })).stdout,
    ) as SessionJson[];
    expect(all.map((session) => session.kind).sort()).toEqual(["browser", "cli", "cli"]);
    const listed = all.filter((session) => session.kind === "cli");
    const other = listed.find((session) => !session.current);
    if (!other) throw new Error("no other session listed");

    const revoke = await h.doable(["sessions", "revoke", other.id.slice(0, 6)], { configHome: laptop });
    expect(revoke).toMatchObject({ code: 0, stdout: `Revoked ${other.id}\n` });

    const revoked = await h.doable(["ls"], { configHome: desktop });
    expect(revoked.code).toBe(2);
    expect(revoked.stderr).toBe(
      "doable: Your session has ended (signed out, revoked or expired). Not signed in: run doable login\n",
    );
    expect((await h.doable(["whoami"], { configHome: desktop })).code).toBe(2);
    expect((await h.doable(["whoami"], { configHome: laptop })).code).toBe(0);
  });

  it("revoking its own session signs this CLI out", async () => {
    const email = await h.signUp("self");
    const configHome = join(h.home, "self");
    await h.login(email, { configHome });
    const listed = JSON.parse(
      (await h.doable(["sessions", "--json"], { configHome })).stdout,
    ) as SessionJson[];
    const own = listed.find((session) => session.current);
    const result = await h.doable(["sessions", "revoke", own?.id ?? ""], { configHome });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("that was this CLI's session");
    expect((await h.doable(["whoami"], { configHome })).stderr).toBe(
      "doable: Not signed in: run doable login\n",
    );
  });

  it("an unknown session id is an error naming it (exit 1)", async () => {
    const email = await h.signUp("unknown");
    const configHome = join(h.home, "unknown");
    await h.login(email, { configHome });
    const result = await h.doable(["sessions", "revoke", "zzzz"], { configHome });
    expect(result).toMatchObject({ code: 1, stderr: "doable: No session id starts with 'zzzz'\n" });
  });
});

const TOTP_STEP_MS = 30_000;

/** Turns two-factor on for `email` through the API, as /account does; returns the secret and recovery codes. */
async function turnOnTwoFactor(email: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const signedIn = await h.api.mutation("auth.signIn", { email, password: PASSWORD, transport: "bearer" });
  const bearer = { authorization: `Bearer ${resultData<{ token: string }>(signedIn).token}` };
  const begun = await h.api.mutation("account.twoFactor.begin", undefined, bearer);
  const { secret } = resultData<{ secret: string }>(begun);
  const enabled = await h.api.mutation(
    "account.twoFactor.enable",
    { code: totpCodeAt(secret, new Date()) },
    bearer,
  );
  if (enabled.status !== 200) throw new Error(`enable failed: ${enabled.status} ${enabled.text}`);
  return { secret, recoveryCodes: resultData<{ recoveryCodes: string[] }>(enabled).recoveryCodes };
}

describe("doable login with two-factor on", () => {
  it("takes --code for scripts, and without it (and no terminal) says how to pass one", async () => {
    const email = await h.signUp("totp");
    const { secret } = await turnOnTwoFactor(email);
    const configHome = join(h.home, "totp");

    const noCode = await h.doable(["login", "--email", email, "--password-stdin"], {
      configHome,
      input: PASSWORD,
    });
    expect(noCode.code).toBe(1);
    expect(noCode.stderr).toMatch(/two-factor sign-in is on for this account: pass --code <code>/);

    // The code that turned it on is spent: the next step's code (accepted with one step of drift).
    const code = totpCodeAt(secret, new Date(Date.now() + TOTP_STEP_MS));
    const login = await h.doable(["login", "--email", email, "--password-stdin", "--code", code], {
      configHome,
      input: PASSWORD,
    });
    expect(login).toMatchObject({ code: 0, stdout: `Signed in to ${h.baseUrl} as ${email}\n` });
    expect((await h.doable(["whoami"], { configHome })).stdout).toBe(
      `${email} on ${h.baseUrl}, time zone UTC\n`,
    );

    // The same code again is a replay: refused like a wrong one, and nothing is stored over the session.
    const replay = await h.doable(["login", "--email", email, "--password-stdin", "--code", code], {
      configHome: join(h.home, "totp-replay"),
      input: PASSWORD,
    });
    expect(replay).toMatchObject({ code: 2, stderr: "doable: Invalid code\n" });
  });

  it("accepts a recovery code once", async () => {
    const email = await h.signUp("recovery");
    const { recoveryCodes } = await turnOnTwoFactor(email);
    const [code = ""] = recoveryCodes;
    const run = (dir: string) =>
      h.doable(["login", "--email", email, "--password-stdin", "--code", code], {
        configHome: join(h.home, dir),
        input: PASSWORD,
      });
    expect((await run("recovery-1")).code).toBe(0);
    expect(await run("recovery-2")).toMatchObject({ code: 2, stderr: "doable: Invalid code\n" });
  });
});

/** A wrong password from another machine (config dir) for `email`. */
function guessFromElsewhere(email: string): Promise<CliResult> {
  return h.doable(["login", "--email", email, "--password-stdin"], {
    configHome: join(h.home, `elsewhere-${email}`),
    input: "not the password\n",
  });
}

/** The wait a throttled login was told, in seconds (0 when it was not throttled). */
function toldToWait(result: CliResult): number {
  return Number(/try again in (\d+) seconds?/.exec(result.stderr)?.[1] ?? 0);
}

/** Enough consecutive failures that the email's delay outlasts a login: each after the last delay ran out. */
const ATTACKER_FAILURES = 4;
const SECOND_MS = 1000;

describe("doable login's device token (docs/decisions/0037)", () => {
  it("keeps one per server, owner-only, through logout; with it, someone else's wrong passwords do not delay this CLI", async () => {
    const email = await h.signUp("device");
    const configHome = join(h.home, "device");
    await h.login(email, { configHome });
    const path = join(configHome, "doable", "devices.json");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const tokens = JSON.parse(await readFile(path, "utf8")) as Record<string, string>;
    expect(Object.keys(tokens)).toEqual([h.baseUrl]);
    expect(tokens[h.baseUrl]).toMatch(/^[\w-]{22}$/);
    expect((await h.doable(["logout"], { configHome })).code).toBe(0);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual(tokens);

    for (let failures = 0; failures < ATTACKER_FAILURES; ) {
      const guess = await guessFromElsewhere(email);
      if (guess.code === 4) await sleep(toldToWait(guess) * SECOND_MS);
      else failures += 1;
    }
    // The email now waits seconds for anyone else; this CLI signs in at once, and keeps its token.
    await h.login(email, { configHome });
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual(tokens);
    const attacker = await guessFromElsewhere(email);
    expect(attacker.code).toBe(4);
    expect(toldToWait(attacker)).toBeGreaterThan(0);
  });
});

/** A terminal for an in-process `doable`: what it writes, and a way to type once it asks. */
function fakeTerminal(env: NodeJS.ProcessEnv) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
  let stderr = "";
  const stderrStream = new PassThrough().on("data", (chunk) => {
    stderr += chunk;
  });
  let stdout = "";
  const stdoutStream = new PassThrough().on("data", (chunk) => {
    stdout += chunk;
  });
  const io: Io = { stdin, stdout: stdoutStream, stderr: stderrStream, env };
  /** Types `line` and Enter once the prompt `question` has been shown. */
  async function answer(question: string, line: string): Promise<void> {
    while (!stderr.includes(question)) await sleep(PROMPT_POLL_MS);
    stdin.write(`${line}\r`);
  }
  return { io, answer, stdout: () => stdout };
}

const PROMPT_POLL_MS = 20;

describe("doable login on a terminal with two-factor on", () => {
  it("asks for the password, then for the code, hidden, and signs in", async () => {
    const email = await h.signUp("prompt");
    const { secret } = await turnOnTwoFactor(email);
    const env = { HOME: h.home, XDG_CONFIG_HOME: join(h.home, "prompt"), DOABLE_SERVER: h.baseUrl };
    const terminal = fakeTerminal(env);
    const exitCode = run(["login", "--email", email], terminal.io);
    await terminal.answer("Password: ", PASSWORD);
    // The code that turned it on is spent: the next step's (accepted with one step of drift).
    await terminal.answer(
      "Code (from your authenticator app",
      totpCodeAt(secret, new Date(Date.now() + TOTP_STEP_MS)),
    );
    expect(await exitCode).toBe(0);
    expect(terminal.stdout()).toBe(`Signed in to ${h.baseUrl} as ${email}\n`);
  });
});
