import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { rawClient, resultData } from "@doable/test-support/http-client";
import {
  createUser,
  type OpenedPage,
  sessionCookieIn,
  unexpectedErrors,
  uniqueEmail,
  useApp,
  waitForPath,
  usePages,
} from "./fixtures";

const app = useApp();
const openPage = usePages(app);

async function openSignIn(cookie: string | null = null): Promise<OpenedPage> {
  const opened = await openPage(cookie);
  await opened.page.goto("/signin");
  return opened;
}

function signInForm(page: Page) {
  return {
    email: page.getByLabel("Email", { exact: true }),
    password: page.getByLabel("Password", { exact: true }),
    submit: page.getByRole("button", { name: "Sign in", exact: true }),
    alert: page.locator("form").getByRole("alert"),
  };
}

async function sessionCount(cookie: string): Promise<number> {
  const response = await rawClient(app.baseUrl).query("account.sessions", undefined, { cookie });
  expect(response.status).toBe(200);
  return resultData<unknown[]>(response).length;
}

/** The accessible name of the focused element (its label), or its text for a button. */
function focusedLabel(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLInputElement | HTMLElement | null;
    if (!element || element === document.body) return null;
    const label = "labels" in element && element.labels?.[0];
    return (label ? label.textContent : element.textContent)?.trim() ?? null;
  });
}

/** Presses Tab until the element labelled `label` has focus; fails if it never gets there. */
async function tabTo(page: Page, label: string): Promise<void> {
  const seen: Array<string | null> = [];
  for (let step = 0; step < 15; step += 1) {
    await page.keyboard.press("Tab");
    const current = await focusedLabel(page);
    if (current === label) return;
    seen.push(current);
  }
  throw new Error(`Tab never reached "${label}"; focus went through ${JSON.stringify(seen)}`);
}

describe("sign in", () => {
  it("signs in with the right email and password and lands on the dashboard in a new session", async () => {
    const user = await createUser(app, { name: "Katherine Johnson" });
    const { context, page, errors } = await openSignIn();
    expect(await page.title()).toBe("Sign in · Doable");
    // Nobody was ever signed in here: no talk of an expired session.
    expect(await page.getByText("Session expired").count()).toBe(0);

    const form = signInForm(page);
    // The address is matched however it is typed.
    await form.email.fill(` ${user.email.toUpperCase()} `);
    await form.password.fill(user.password);
    await form.submit.click();

    await waitForPath(page, "/dashboard");
    await page.getByRole("banner").getByText("Signed in as Katherine Johnson").waitFor();
    const cookie = await sessionCookieIn(app, context);
    expect(cookie).not.toBeNull();
    expect(cookie).not.toBe(user.cookie);
    // A new session of its own, next to the one sign-up opened.
    expect(await sessionCount(cookie as string)).toBe(2);
    expect(errors).toEqual([]);
  });

  it("answers a wrong password and an unknown email with the same 'Invalid credentials'", async () => {
    const user = await createUser(app);
    const { context, page, errors } = await openSignIn();
    const form = signInForm(page);

    const messages: string[] = [];
    for (const [email, password] of [
      [user.email, `${user.password}!`],
      [uniqueEmail("nobody"), user.password],
    ] as const) {
      await page.goto("/signin");
      await form.email.fill(email);
      await form.password.fill(password);
      // The form posts to its server action, which calls auth.signIn in-process (that answers 401,
      // see the API's tests) and sends the refusal back as the form's state.
      const answered = page.waitForResponse(
        (response) =>
          response.request().method() === "POST" && new URL(response.url()).pathname === "/signin",
      );
      await form.submit.click();
      expect((await answered).ok()).toBe(true);
      await form.alert.getByText("Invalid credentials").waitFor();
      messages.push(((await form.alert.textContent()) ?? "").trim());
      expect(new URL(page.url()).pathname).toBe("/signin");
      expect(await sessionCookieIn(app, context)).toBeNull();
      // A refusal here is not an expired session, and the form stays usable.
      expect(await page.getByText("Session expired").count()).toBe(0);
      expect(await form.submit.isEnabled()).toBe(true);
    }
    expect(messages).toEqual(["Invalid credentials", "Invalid credentials"]);
    // Nothing about the refused attempts touched the real account.
    expect(await sessionCount(user.cookie)).toBe(1);
    expect(unexpectedErrors(errors, [401])).toEqual([]);
  });

  it("sends a signed-in visitor of /signin or /signup to the dashboard", async () => {
    const user = await createUser(app);
    const { page, errors } = await openPage(user.cookie);
    for (const path of ["/signin", "/signup"]) {
      await page.goto(path);
      await waitForPath(page, "/dashboard");
      await page.getByRole("banner").getByText(`Signed in as ${user.email}`).waitFor();
    }
    expect(errors).toEqual([]);
  });

  it("signs in with the keyboard alone: Tab to each field, Enter to send", async () => {
    const user = await createUser(app, { name: "Keyboard User" });
    const { page, errors } = await openSignIn();

    await tabTo(page, "Email");
    await page.keyboard.type(user.email);
    // The next Tab goes straight to the password, then to the button.
    await page.keyboard.press("Tab");
    expect(await focusedLabel(page)).toBe("Password");
    await page.keyboard.type(user.password);
    await page.keyboard.press("Tab");
    expect(await focusedLabel(page)).toBe("Sign in");
    // Focus reached by keyboard is visible.
    expect(await page.evaluate(() => document.activeElement?.matches(":focus-visible"))).toBe(true);
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
    });
    expect(outline.style).not.toBe("none");
    expect(outline.width).toBeGreaterThan(0);

    // Enter from the password field submits the form.
    await page.keyboard.press("Shift+Tab");
    expect(await focusedLabel(page)).toBe("Password");
    await page.keyboard.press("Enter");
    await waitForPath(page, "/dashboard");
    await page.getByRole("banner").getByText("Signed in as Keyboard User").waitFor();
    expect(errors).toEqual([]);
  });
});
