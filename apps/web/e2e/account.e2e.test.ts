import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { rawClient, resultData } from "@doable/test-support/http-client";
import {
  createTasks,
  createUser,
  FIREFOX_MAC_USER_AGENT,
  sessionCookieIn,
  signInFrom,
  type TestUser,
  unexpectedErrors,
  useApp,
  usePages,
  waitForHydration,
  waitForPath,
} from "./fixtures";

const app = useApp();

const WINDOWS_EDGE_USER_AGENT =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0";
/** What apps/cli sends (client.ts `userAgent()`). */
const CLI_USER_AGENT = "doable-cli/0.1.0 (node v20.19.0; linux)";

const openPage = usePages(app);

/** Signs `user` in through the form, so the session carries this browser's own user agent. */
async function signInThroughForm(page: Page, user: TestUser): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await waitForPath(page, "/dashboard");
}

function banner(page: Page) {
  return page.getByRole("banner");
}

function section(page: Page, heading: string) {
  return page.getByRole("region", { name: heading });
}

/** The HTTP status of a protected call made with `cookie` (or a bearer token). */
async function protectedStatus(credential: { cookie?: string; bearer?: string }): Promise<number> {
  const headers: Record<string, string> = credential.bearer
    ? { authorization: `Bearer ${credential.bearer}` }
    : { cookie: credential.cookie ?? "" };
  return (await rawClient(app.baseUrl).query("task.list", {}, headers)).status;
}

async function signInStatus(email: string, password: string): Promise<number> {
  return (await rawClient(app.baseUrl).mutation("auth.signIn", { email, password })).status;
}

interface ListedSession {
  id: string;
  createdAt: string;
  lastVerifiedAt: string;
  current: boolean;
}

async function sessionsOf(cookie: string): Promise<ListedSession[]> {
  const response = await rawClient(app.baseUrl).query("account.sessions", undefined, { cookie });
  expect(response.status).toBe(200);
  return resultData<ListedSession[]>(response);
}

describe("account", () => {
  it("changes the name, and the header shows it at once and after navigating", async () => {
    const user = await createUser(app);
    const { page, errors } = await openPage(user.cookie);
    await page.goto("/account");
    await page.getByRole("heading", { name: "Account", level: 1 }).waitFor();
    await banner(page).getByText(`Signed in as ${user.email}`).waitFor();

    const profile = section(page, "Profile");
    const name = profile.getByLabel("Name", { exact: true });
    expect(await name.getAttribute("maxlength")).toBe("100");
    await name.fill("  Grace Hopper ");
    await profile.getByRole("button", { name: "Save name" }).click();
    await profile.getByRole("status").getByText("Name saved.").waitFor();
    await banner(page).getByText("Signed in as Grace Hopper").waitFor();
    const me = await rawClient(app.baseUrl).query("auth.me", undefined, { cookie: user.cookie });
    expect(resultData(me)).toMatchObject({ email: user.email, name: "Grace Hopper" });

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tasks" }).click();
    await waitForPath(page, "/dashboard");
    await banner(page).getByText("Signed in as Grace Hopper").waitFor();

    // An emptied name means none: the email is shown again.
    await page.goto("/account");
    await name.fill("");
    await profile.getByRole("button", { name: "Save name" }).click();
    await banner(page).getByText(`Signed in as ${user.email}`).waitFor();
    await page.reload();
    await banner(page).getByText(`Signed in as ${user.email}`).waitFor();
    expect(await name.inputValue()).toBe("");
    expect(errors).toEqual([]);

    // The server keeps the limit the form keeps.
    const tooLong = await rawClient(app.baseUrl).mutation(
      "account.update",
      { name: "n".repeat(101) },
      { cookie: user.cookie },
    );
    expect(tooLong.status).toBe(400);
  });

  it("changes the password only with the current one; other sessions end, this one keeps working", async () => {
    const user = await createUser(app);
    const desk = await openPage(user.cookie);
    const phoneCookie = await signInFrom(app, user, FIREFOX_MAC_USER_AGENT);
    const phone = await openPage(phoneCookie, { userAgent: FIREFOX_MAC_USER_AGENT });
    await phone.page.goto("/dashboard");
    await phone.page.getByRole("textbox", { name: "New task" }).waitFor();

    await desk.page.goto("/account");
    const form = section(desk.page, "Change password");
    const current = form.getByLabel("Current password", { exact: true });
    const next = form.getByLabel("New password", { exact: true });
    const submit = form.getByRole("button", { name: "Change password" });
    const newPassword = "a brand new passphrase";

    // The current password is required...
    await next.fill(newPassword);
    await submit.click();
    await form.getByText("Enter your current password.").waitFor();
    expect(await current.getAttribute("aria-invalid")).toBe("true");

    // ...and must be right: a wrong one is refused in place and changes nothing.
    await current.fill("not my password");
    const refused = desk.page.waitForResponse((response) =>
      response.url().includes("/api/trpc/account.changePassword"),
    );
    await submit.click();
    expect((await refused).status()).toBe(400);
    await form.getByText("Password is incorrect").waitFor();
    expect(new URL(desk.page.url()).pathname).toBe("/account");
    expect(await protectedStatus({ cookie: phoneCookie })).toBe(200);
    expect(await protectedStatus({ cookie: user.cookie })).toBe(200);

    // The new password is held to the same rule as at sign-up.
    await current.fill(user.password);
    await next.fill("short");
    await submit.click();
    await form.getByText(/at least 8 characters/).waitFor();

    await next.fill(newPassword);
    await submit.click();
    await form
      .getByRole("status")
      .getByText("Password changed. Your other sessions were signed out.")
      .waitFor();

    // Every other session is over: by the API, and for the phone's next action.
    expect(await protectedStatus({ cookie: phoneCookie })).toBe(401);
    await phone.page.reload();
    await waitForPath(phone.page, "/signin");
    await phone.page.getByRole("status").getByText("Session expired").waitFor();

    // This browser got a fresh session (the old token is dead too) and carries on.
    const rotated = await sessionCookieIn(app, desk.context);
    expect(rotated).not.toBeNull();
    expect(rotated).not.toBe(user.cookie);
    expect(await protectedStatus({ cookie: user.cookie })).toBe(401);
    expect(await sessionsOf(rotated as string)).toEqual([expect.objectContaining({ current: true })]);
    const sessions = section(desk.page, "Sessions");
    await sessions.getByText("This device").waitFor();
    expect(await sessions.getByRole("listitem").count()).toBe(1);
    await desk.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tasks" }).click();
    await waitForPath(desk.page, "/dashboard");
    // A plain link: the dashboard is a new page load, interactive once hydrated.
    await waitForHydration(desk.page.getByRole("textbox", { name: "New task" }));
    await desk.page.getByRole("textbox", { name: "New task" }).fill("Still signed in");
    await desk.page.getByRole("button", { name: "Add task" }).click();
    await desk.page.getByRole("checkbox", { name: "Still signed in" }).waitFor();
    await desk.page.reload();
    await desk.page.getByRole("checkbox", { name: "Still signed in" }).waitFor();

    // Success first: a failure would (rightly) make the next attempt for this email wait a second.
    expect(await signInStatus(user.email, newPassword)).toBe(200);
    expect(await signInStatus(user.email, user.password)).toBe(401);
    expect(unexpectedErrors(desk.errors, [400])).toEqual([]);
    expect(phone.errors).toEqual([]);
  });

  it("lists every session with its device, dates and 'This device'; 'Revoke' and 'Sign out other sessions' end them", async () => {
    const user = await createUser(app);
    const desk = await openPage(null);
    // Signed in through the form, so this session carries the browser's own user agent.
    await signInThroughForm(desk.page, user);
    const deskCookie = (await sessionCookieIn(app, desk.context)) as string;
    const phoneCookie = await signInFrom(app, user, FIREFOX_MAC_USER_AGENT);
    const cli = await rawClient(app.baseUrl).mutation(
      "auth.signIn",
      { email: user.email, password: user.password, transport: "bearer" },
      { "user-agent": CLI_USER_AGENT },
    );
    const cliToken = resultData<{ token: string }>(cli).token;
    // The session sign-up opened goes first, so the list is exactly the three below.
    await rawClient(app.baseUrl).mutation("auth.signOut", undefined, { cookie: user.cookie });

    await desk.page.goto("/account");
    const list = section(desk.page, "Sessions");
    const rows = list.getByRole("listitem");
    expect(await rows.count()).toBe(3);
    const deskRow = rows.filter({ hasText: "Headless Chrome on Linux" });
    const phoneRow = rows.filter({ hasText: "Firefox on macOS" });
    const cliRow = rows.filter({ hasText: "Doable CLI 0.1.0 on Linux" });
    for (const row of [deskRow, phoneRow, cliRow]) expect(await row.count()).toBe(1);

    // "This device" marks this browser's session only.
    expect(await rows.filter({ hasText: "This device" }).count()).toBe(1);
    expect(await deskRow.getByText("This device").count()).toBe(1);

    // Created and last used, as the server recorded them, in this browser's time zone (UTC).
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone: "UTC",
      dateStyle: "medium",
      timeStyle: "short",
    });
    const normalise = (text: string) => text.replace(/\s+/gu, " ").trim();
    const listed = await sessionsOf(deskCookie);
    const deskSession = listed.find((session) => session.current) as ListedSession;
    expect(normalise((await deskRow.textContent()) ?? "")).toContain(
      normalise(
        `Signed in ${format.format(new Date(deskSession.createdAt))} · Last used ${format.format(new Date(deskSession.lastVerifiedAt))}`,
      ),
    );

    // Revoke the phone: it is signed out, the others are not.
    const revokePhone = phoneRow.getByRole("button", { name: /^Revoke/ });
    expect(await revokePhone.textContent()).toBe("Revoke");
    await revokePhone.click();
    await list.getByRole("status").getByText("Session revoked.").waitFor();
    await phoneRow.waitFor({ state: "detached" });
    expect(await protectedStatus({ cookie: phoneCookie })).toBe(401);
    expect(await protectedStatus({ bearer: cliToken })).toBe(200);
    expect(await protectedStatus({ cookie: deskCookie })).toBe(200);

    // "Sign out other sessions" ends all the rest but this one.
    const laptopCookie = await signInFrom(app, user, WINDOWS_EDGE_USER_AGENT);
    await desk.page.reload();
    await rows.filter({ hasText: "Edge on Windows" }).waitFor();
    expect(await rows.count()).toBe(3);
    const signOutOthers = list.getByRole("button", { name: "Sign out other sessions" });
    await signOutOthers.click();
    await list.getByRole("status").getByText("Signed out 2 other sessions.").waitFor();
    await cliRow.waitFor({ state: "detached" });
    expect(await rows.count()).toBe(1);
    expect(await signOutOthers.isDisabled()).toBe(true);
    expect(await protectedStatus({ bearer: cliToken })).toBe(401);
    expect(await protectedStatus({ cookie: laptopCookie })).toBe(401);
    expect(await protectedStatus({ cookie: deskCookie })).toBe(200);

    // Revoking this device's own session signs this browser out.
    await deskRow.getByRole("button", { name: /^Revoke this device/ }).click();
    await waitForPath(desk.page, "/signin");
    expect(await sessionCookieIn(app, desk.context)).toBeNull();
    expect(await protectedStatus({ cookie: deskCookie })).toBe(401);
    expect(desk.errors).toEqual([]);
  });

  it("deletes the account only with the password, removing every task and session", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "One" }, { title: "Two" }, { title: "Three" }]);
    const phoneCookie = await signInFrom(app, user, FIREFOX_MAC_USER_AGENT);
    const cli = await rawClient(app.baseUrl).mutation("auth.signIn", {
      email: user.email,
      password: user.password,
      transport: "bearer",
    });
    const cliToken = resultData<{ token: string }>(cli).token;

    const { context, page, errors } = await openPage(user.cookie);
    await page.goto("/account");
    const zone = section(page, "Delete account");
    const password = zone.getByLabel("Password to confirm", { exact: true });
    const submit = zone.getByRole("button", { name: "Delete my account" });

    await submit.click();
    await zone.getByRole("alert").getByText("Enter your password to confirm.").waitFor();
    await password.fill("not my password");
    await submit.click();
    await zone.getByRole("alert").getByText("Password is incorrect").waitFor();
    expect(new URL(page.url()).pathname).toBe("/account");
    const stillThere = await rawClient(app.baseUrl).query("task.list", {}, { cookie: user.cookie });
    expect(resultData<{ items: unknown[] }>(stillThere).items).toHaveLength(3);

    await password.fill(user.password);
    await submit.click();
    await waitForPath(page, "/signup");
    await page.getByRole("status").getByText("Your account and all its tasks were deleted.").waitFor();
    expect(await sessionCookieIn(app, context)).toBeNull();

    // Every session is gone: this browser's, the phone's and the script's.
    expect(await protectedStatus({ cookie: user.cookie })).toBe(401);
    expect(await protectedStatus({ cookie: phoneCookie })).toBe(401);
    expect(await protectedStatus({ bearer: cliToken })).toBe(401);

    // Signing in again fails like any unknown account.
    await page.goto("/signin");
    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.locator("form").getByRole("alert").getByText("Invalid credentials").waitFor();
    expect(new URL(page.url()).pathname).toBe("/signin");

    // The address is free again, and a new account under it starts with no tasks.
    const again = await createUser(app, { email: user.email });
    const tasks = await rawClient(app.baseUrl).query("task.list", {}, { cookie: again.cookie });
    expect(resultData<{ items: unknown[] }>(tasks).items).toEqual([]);
    const stats = await rawClient(app.baseUrl).query("task.stats", undefined, { cookie: again.cookie });
    expect(resultData(stats)).toMatchObject({ total: 0 });
    expect(unexpectedErrors(errors, [400, 401])).toEqual([]);
  });
});
