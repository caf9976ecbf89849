/**
 * The fresh-sign-in rule in the browser (docs/decisions/0040): more than 10 minutes after signing
 * in, "Sign out other sessions" and "Revoke" ask for the password in place, and go ahead with it.
 * A server process's clock cannot be moved, so the server is stopped, the sessions' sign-in time
 * moved back in its database, and the server started again on it.
 */
import { ageTestServerSessions, createTestServerDatabase, type TestServerDatabase } from "@doable/db/testing";
import { FRESH_SIGN_IN_MINUTES, MINUTE_MS } from "@doable/domain";
import { rawClient } from "@doable/test-support/http-client";
import { startProductionServer } from "@doable/test-support/production-server";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";
import { addVirtualAuthenticator } from "./webauthn";
import { type App, createUser, signInAgain, unexpectedErrors, usePages } from "./fixtures";

/** WebAuthn needs a secure context: http://localhost is one, http://127.0.0.1 is not. */
const ORIGIN_HOST = "localhost";
/** Past the fresh window by a minute. */
const STALE_BY_MS = (FRESH_SIGN_IN_MINUTES + 1) * MINUTE_MS;

const app = {} as App;
let database: TestServerDatabase;
beforeAll(async () => {
  database = await createTestServerDatabase();
  const [server, browser] = await Promise.all([
    startProductionServer({}, { database, originHost: ORIGIN_HOST }),
    launchChromium(),
  ]);
  Object.assign(app, { server, browser, baseUrl: server.baseUrl });
});
afterAll(async () => {
  await app.browser?.close();
  await app.server?.stop();
  await database?.cleanup();
});

const openPage = usePages(app);

/** As if every session had been signed in `STALE_BY_MS` ago: the server restarts on its database. */
async function letSessionsGoStale(): Promise<void> {
  await app.server.stop();
  await ageTestServerSessions(database, STALE_BY_MS);
  const server = await startProductionServer({}, { database, originHost: ORIGIN_HOST });
  Object.assign(app, { server, baseUrl: server.baseUrl });
}

async function status(cookie: string): Promise<number> {
  return (await rawClient(app.baseUrl).query("task.list", {}, { cookie })).status;
}

function sessionsSection(page: Page) {
  return page.getByRole("region", { name: "Sessions" });
}

describe("fresh sign-in for ending sessions", () => {
  it("asks for the password in place when the sign-in is older than 10 minutes; a wrong one is refused, the right one ends them", async () => {
    const user = await createUser(app);
    const phone = await signInAgain(app, user);
    const laptop = await signInAgain(app, user);
    await letSessionsGoStale();

    const { page, errors } = await openPage(user.cookie);
    await page.goto("/account");
    const sessions = sessionsSection(page);
    await sessions.getByRole("button", { name: "Sign out other sessions" }).click();
    const prompt = sessions.getByRole("form", { name: "Sign out other sessions" });
    await prompt.getByText(`You signed in more than ${FRESH_SIGN_IN_MINUTES} minutes ago`).waitFor();
    await prompt.getByRole("alert").getByText("Enter your password again to continue").waitFor();
    expect(await status(phone)).toBe(200);

    const password = prompt.getByLabel("Password to continue");
    await password.fill("not my password");
    await prompt.getByRole("button", { name: "Confirm" }).click();
    await prompt.getByRole("alert").getByText("Password is incorrect").waitFor();
    expect(await status(phone)).toBe(200);

    await password.fill(user.password);
    await prompt.getByRole("button", { name: "Confirm" }).click();
    await sessions.getByRole("status").getByText("Signed out 2 other sessions.").waitFor();
    await prompt.waitFor({ state: "detached" });
    expect(await status(phone)).toBe(401);
    expect(await status(laptop)).toBe(401);
    expect(await status(user.cookie)).toBe(200);
    expect(unexpectedErrors(errors, [400])).toEqual([]);
  });

  it("'Revoke' asks the same, and Cancel leaves the session as it was", async () => {
    const user = await createUser(app);
    const phone = await signInAgain(app, user);
    await letSessionsGoStale();

    const { page, errors } = await openPage(user.cookie);
    await page.goto("/account");
    const sessions = sessionsSection(page);
    const other = sessions.getByRole("listitem").filter({ hasNotText: "This device" });
    await other.getByRole("button", { name: /^Revoke/ }).click();
    const prompt = sessions.getByRole("form", { name: "Revoke the session" });
    await prompt.getByRole("button", { name: "Cancel" }).click();
    await prompt.waitFor({ state: "detached" });
    expect(await status(phone)).toBe(200);

    await other.getByRole("button", { name: /^Revoke/ }).click();
    await prompt.getByLabel("Password to continue").fill(user.password);
    await prompt.getByRole("button", { name: "Confirm" }).click();
    await sessions.getByRole("status").getByText("Session revoked.").waitFor();
    expect(await status(phone)).toBe(401);
    expect(unexpectedErrors(errors, [400])).toEqual([]);
  });

  it("'Use a passkey instead' confirms with a passkey: the sign-in is renewed and the sessions end", async () => {
    const user = await createUser(app);
    const phone = await signInAgain(app, user);
    await letSessionsGoStale();

    const { page, context, errors } = await openPage(user.cookie);
    await addVirtualAuthenticator(context, page);
    await page.goto("/account");
    const passkeys = page.getByRole("region", { name: "Passkeys" });
    await passkeys.getByRole("button", { name: "Add a passkey" }).click();
    await passkeys.getByText(/Passkey ".*" added\./).waitFor();

    const sessions = sessionsSection(page);
    await sessions.getByRole("button", { name: "Sign out other sessions" }).click();
    const prompt = sessions.getByRole("form", { name: "Sign out other sessions" });
    await prompt.getByRole("button", { name: "Use a passkey instead" }).click();
    await sessions.getByRole("status").getByText("Signed out 1 other session.").waitFor();
    await prompt.waitFor({ state: "detached" });
    expect(await status(phone)).toBe(401);
    // The passkey replaced this browser's session with a new one: the old cookie is spent, the page carries on.
    expect(await status(user.cookie)).toBe(401);
    await sessions.getByText("This device").waitFor();
    expect(unexpectedErrors(errors, [400])).toEqual([]);
  });
});
