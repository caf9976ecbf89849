/**
 * A form sent before its page is interactive (a slow phone, Enter pressed at once, scripts off)
 * must never put a password in the address, where history, logs and Referer headers keep it, and
 * must do what it says: the sign-in and sign-up forms post to server actions, so with scripts off
 * they sign in, ask for the second factor, and show refusals beside what was typed (issue 13).
 */
import { SECOND_MS, TOTP_STEP_SECONDS, totpCode } from "@doable/auth";
import { resultData } from "@doable/test-support/http-client";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  callApi,
  createUser,
  type OpenedPage,
  sessionCookieIn,
  uniqueEmail,
  useApp,
  usePages,
  waitForPath,
} from "./fixtures";

const app = useApp();
const PASSWORD = "a password nobody may log";
/** A code for the next 30-second step: the enabling code (this step's) is accepted only once. */
const NEXT_STEP_MS = TOTP_STEP_SECONDS * SECOND_MS;

/** Past a throttle's stated wait: the server counts whole seconds. */
const THROTTLE_MARGIN_MS = 300;

const openPage = usePages(app);

/** A page of its own with scripts off: what a person gets before hydration, at every step. */
async function openWithoutScripts(path: string): Promise<OpenedPage> {
  const opened = await openPage(null, { javaScriptEnabled: false });
  await opened.page.goto(path);
  return opened;
}

async function signInWithoutScripts(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await Promise.all([page.waitForNavigation(), page.getByLabel("Password", { exact: true }).press("Enter")]);
}

async function submitCode(page: Page, code: string): Promise<void> {
  await page.getByRole("textbox", { name: "Code" }).fill(code);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Verify" }).click()]);
}

describe("credential forms before hydration", () => {
  it.each([
    ["/signin", ["Email", "Password"]],
    ["/signup", ["Name", "Email", "Password"]],
  ])("%s posts what was typed, never as a query string", async (path, fields) => {
    const { page } = await openWithoutScripts(path);
    for (const label of fields)
      await page
        .getByLabel(label, { exact: true })
        .fill(label === "Password" ? PASSWORD : "someone@example.com");
    // The page has loaded: the next navigation is the form being sent.
    const [request] = await Promise.all([
      page.waitForRequest((sent) => sent.isNavigationRequest()),
      page.getByLabel("Password", { exact: true }).press("Enter"),
    ]);
    await page.waitForLoadState();
    expect(request.method()).toBe("POST");
    expect(new URL(request.url()).search).toBe("");
    expect(new URL(page.url()).search).toBe("");
  });

  it("signs in with Enter and lands on the dashboard in a new session", async () => {
    const user = await createUser(app, { name: "Grace Hopper" });
    const { context, page } = await openWithoutScripts("/signin");
    await signInWithoutScripts(page, user.email, user.password);
    await waitForPath(page, "/dashboard");
    await page.getByRole("banner").getByText("Signed in as Grace Hopper").waitFor();
    const cookie = await sessionCookieIn(app, context);
    expect(cookie).not.toBeNull();
    expect(cookie).not.toBe(user.cookie);
  });

  it("answers a wrong password on the page it renders, keeping the email typed", async () => {
    const user = await createUser(app);
    const { context, page } = await openWithoutScripts("/signin");
    await signInWithoutScripts(page, user.email, `${user.password}!`);
    expect(new URL(page.url()).pathname).toBe("/signin");
    await page.locator("form").getByRole("alert").getByText("Invalid credentials").waitFor();
    expect(await page.getByLabel("Email", { exact: true }).inputValue()).toBe(user.email);
    // The password is never written back into the page.
    expect(await page.getByLabel("Password", { exact: true }).inputValue()).toBe("");
    expect(await sessionCookieIn(app, context)).toBeNull();
  });

  it("signs up, and names a field's problem beside it", async () => {
    const { page } = await openWithoutScripts("/signup");
    const email = uniqueEmail("early");
    await page.getByLabel("Name", { exact: true }).fill("Early Bird");
    await signInWithoutScripts(page, email, "short");
    expect(new URL(page.url()).pathname).toBe("/signup");
    const password = page.getByLabel("Password", { exact: true });
    expect(await password.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("form").textContent()).toMatch(/Password must be at least 8 characters/);
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Early Bird");

    await signInWithoutScripts(page, email, PASSWORD);
    await waitForPath(page, "/dashboard");
    await page.getByRole("banner").getByText("Signed in as Early Bird").waitFor();
  });

  it("asks for the second factor, refuses a wrong code, and a right one signs in", async () => {
    const user = await createUser(app, { name: "Two Steps" });
    const begun = await callApi(app, user.cookie, "mutation", "account.twoFactor.begin");
    const { secret } = resultData<{ secret: string }>(begun);
    const enabled = await callApi(app, user.cookie, "mutation", "account.twoFactor.enable", {
      code: totpCode(secret, new Date()),
    });
    expect(enabled.status).toBe(200);

    const { context, page } = await openWithoutScripts("/signin");
    await signInWithoutScripts(page, user.email, user.password);
    await page.getByRole("textbox", { name: "Code" }).waitFor();
    expect(await sessionCookieIn(app, context)).toBeNull();

    await submitCode(page, "000000");
    await page.getByText("Invalid code").waitFor();
    expect(await sessionCookieIn(app, context)).toBeNull();

    const rightCode = totpCode(secret, new Date(Date.now() + NEXT_STEP_MS));
    await submitCode(page, rightCode);
    // A wrong code delays the account's next one (a second after the first): sent sooner, the
    // form says how long to wait, and the code still works after it.
    if (new URL(page.url()).pathname === "/signin") {
      const alert = await page.locator("form").getByRole("alert").first().textContent();
      const wait = /Too many attempts\. Please try again in (\d+) seconds?\./.exec(alert ?? "");
      expect(wait, alert ?? "").not.toBeNull();
      await page.waitForTimeout(Number(wait?.[1]) * SECOND_MS + THROTTLE_MARGIN_MS);
      await submitCode(page, rightCode);
    }
    await waitForPath(page, "/dashboard");
    await page.getByRole("banner").getByText("Signed in as Two Steps").waitFor();
    expect(await sessionCookieIn(app, context)).not.toBeNull();
  });
});
