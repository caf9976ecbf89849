import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { rawClient, resultData } from "@doable/test-support/http-client";
import {
  createTasks,
  createUser,
  FIREFOX_MAC_USER_AGENT,
  sessionCookieIn,
  signInAgain,
  signInFrom,
  unexpectedErrors,
  useApp,
  usePages,
  waitForPath,
} from "./fixtures";

const app = useApp();

const openPage = usePages(app);

/** The HTTP status the API answers a protected call made with `cookie`. */
async function protectedStatus(cookie: string): Promise<number> {
  return (await rawClient(app.baseUrl).query("task.list", {}, { cookie })).status;
}

async function taskTitles(cookie: string): Promise<string[]> {
  const response = await rawClient(app.baseUrl).query("task.list", {}, { cookie });
  expect(response.status).toBe(200);
  return resultData<{ items: Array<{ title: string }> }>(response).items.map((task) => task.title);
}

/** On the sign-in page, with or without the note that a session ended. */
async function expectSignInPage(page: Page, { expired }: { expired: boolean }): Promise<void> {
  await waitForPath(page, "/signin");
  await page.getByRole("heading", { name: "Sign in", level: 1 }).waitFor();
  await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
  if (expired) await page.getByRole("status").getByText("Session expired").waitFor();
  else expect(await page.getByText("Session expired").count()).toBe(0);
}

describe("sessions in the UI", () => {
  it("'Sign out' ends the session on the server, clears the cookie and lands on /signin", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Private errand" }]);
    const { context, page, errors } = await openPage(user.cookie);
    await page.goto("/dashboard");
    await page.getByRole("checkbox", { name: "Private errand" }).waitFor();

    await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
    await expectSignInPage(page, { expired: false });
    expect(new URL(page.url()).search).toBe("");

    // The cookie is gone from the browser, and the old token is dead on the server.
    expect(await sessionCookieIn(app, context)).toBeNull();
    expect(await protectedStatus(user.cookie)).toBe(401);
    const me = await rawClient(app.baseUrl).query("auth.me", undefined, { cookie: user.cookie });
    expect(resultData(me)).toBeNull();

    // Neither Back nor a direct visit shows the signed-out user's tasks again.
    await page.goBack();
    await expectSignInPage(page, { expired: false });
    expect(await page.getByText("Private errand").count()).toBe(0);
    await page.goto("/dashboard");
    await expectSignInPage(page, { expired: false });
    expect(errors).toEqual([]);
  });

  it("sends a visitor who never signed in from every signed-in page to /signin, with no 'Session expired'", async () => {
    const { page, errors } = await openPage(null);
    for (const path of ["/dashboard", "/account", "/trash", "/import-export", "/dashboard?status=active"]) {
      const response = await page.goto(path);
      expect(response?.ok()).toBe(true);
      await expectSignInPage(page, { expired: false });
      expect(new URL(page.url()).search).toBe("");
    }
    expect(errors).toEqual([]);
  });

  it("says 'Session expired' on the sign-in page when the session was revoked elsewhere, and signing in again works", async () => {
    const user = await createUser(app, { name: "Revoked Elsewhere" });
    const laptop = await signInAgain(app, user);
    // Signed out everywhere else from another device.
    const revoked = await rawClient(app.baseUrl).mutation("account.revokeOtherSessions", undefined, {
      cookie: user.cookie,
    });
    expect(resultData(revoked)).toEqual({ revoked: 1 });

    const { page, errors } = await openPage(laptop);
    for (const path of ["/dashboard", "/account"]) {
      await page.goto(path);
      await expectSignInPage(page, { expired: true });
    }

    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await waitForPath(page, "/dashboard");
    await page.getByRole("banner").getByText("Signed in as Revoked Elsewhere").waitFor();
    expect(errors).toEqual([]);
  });

  it("sends an open dashboard whose session was revoked from /account in another context to /signin with 'Session expired', by itself", async () => {
    const user = await createUser(app);
    const phoneCookie = await signInFrom(app, user, FIREFOX_MAC_USER_AGENT);

    // Device B: the dashboard is open and working.
    const phone = await openPage(phoneCookie, { userAgent: FIREFOX_MAC_USER_AGENT });
    await phone.page.goto("/dashboard");
    const newTask = phone.page.getByRole("textbox", { name: "New task" });
    await newTask.fill("Written before the revoke");
    await phone.page.getByRole("button", { name: "Add task" }).click();
    await phone.page.getByRole("checkbox", { name: "Written before the revoke" }).waitFor();
    await phone.page.getByText("1 item left").waitFor();

    // Device A revokes B from its account page.
    const desk = await openPage(user.cookie);
    await desk.page.goto("/account");
    const phoneRow = desk.page
      .getByRole("region", { name: "Sessions" })
      .getByRole("listitem")
      .filter({ hasText: "Firefox on macOS" });
    await phoneRow.getByRole("button", { name: /^Revoke/ }).click();
    await desk.page.getByRole("status").getByText("Session revoked.").waitFor();
    await phoneRow.waitFor({ state: "detached" });
    expect(await protectedStatus(phoneCookie)).toBe(401);

    // B's live stream ends with its session; subscribing again answers 401, and the page goes to
    // sign in by itself, saying why (nothing typed there afterwards could be saved anyway).
    await expectSignInPage(phone.page, { expired: true });
    expect(await sessionCookieIn(app, phone.context)).toBeNull();

    // A's session is untouched.
    expect(await taskTitles(user.cookie)).toEqual(["Written before the revoke"]);
    expect(unexpectedErrors(phone.errors, [401])).toEqual([]);
    expect(desk.errors).toEqual([]);
  });

  it("sends a page whose session ended elsewhere to /signin with 'Session expired' when it navigates", async () => {
    const user = await createUser(app);
    const tabletCookie = await signInAgain(app, user);
    const tablet = await openPage(tabletCookie);
    // /account holds no live stream: nothing but the navigation finds out the session ended.
    await tablet.page.goto("/account");
    await tablet.page.getByRole("heading", { level: 1 }).waitFor();

    const revoked = await rawClient(app.baseUrl).mutation("account.revokeOtherSessions", undefined, {
      cookie: user.cookie,
    });
    expect(resultData(revoked)).toEqual({ revoked: 1 });

    await tablet.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tasks" }).click();
    await expectSignInPage(tablet.page, { expired: true });
    expect(unexpectedErrors(tablet.errors, [401])).toEqual([]);
  });
});
