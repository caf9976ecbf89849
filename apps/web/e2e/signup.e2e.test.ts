import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { errorCode, rawClient, resultData } from "@doable/test-support/http-client";
import {
  createUser,
  type OpenedPage,
  sessionCookieIn,
  TEST_PASSWORD,
  unexpectedErrors,
  uniqueEmail,
  useApp,
  waitForPath,
  usePages,
} from "./fixtures";

const app = useApp();
const openPage = usePages(app);

async function openSignUp(): Promise<OpenedPage> {
  const opened = await openPage(null);
  await opened.page.goto("/signup");
  return opened;
}

function signUpForm(page: Page) {
  return {
    name: page.getByLabel("Name", { exact: true }),
    email: page.getByLabel("Email", { exact: true }),
    password: page.getByLabel("Password", { exact: true }),
    submit: page.getByRole("button", { name: "Sign up", exact: true }),
    /** The form-level message (server refusals) next to the form. */
    alert: page.locator("form").getByRole("alert"),
  };
}

/** The text of the field's error, found through the field's own aria-describedby. */
async function fieldError(page: Page, field: ReturnType<typeof signUpForm>["email"]): Promise<string> {
  await page.waitForFunction(
    (element) => element?.getAttribute("aria-invalid") === "true",
    await field.elementHandle(),
  );
  const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(
    describedBy
      .split(" ")
      .filter((id) => id.endsWith("-error"))
      .map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  return texts.join(" ");
}

async function me(cookie: string): Promise<{ email: string; name: string | null } | null> {
  const response = await rawClient(app.baseUrl).query("auth.me", undefined, { cookie });
  expect(response.status).toBe(200);
  return resultData(response);
}

async function signInStatus(email: string, password: string): Promise<number> {
  return (await rawClient(app.baseUrl).mutation("auth.signIn", { email, password })).status;
}

describe("sign up", () => {
  it("creates the account and a session, then lands on the dashboard showing who is signed in", async () => {
    const { context, page, errors } = await openSignUp();
    expect(await page.title()).toBe("Sign up · Doable");
    const email = uniqueEmail("ada");
    const form = signUpForm(page);
    await form.name.fill("Ada Lovelace");
    await form.email.fill(email);
    await form.password.fill(TEST_PASSWORD);
    await form.submit.click();

    await waitForPath(page, "/dashboard");
    await page.getByRole("banner").getByText("Signed in as Ada Lovelace").waitFor();
    await page.getByRole("textbox", { name: "New task" }).waitFor();

    // The browser holds a session the server honours, for the account just created.
    const cookie = await sessionCookieIn(app, context);
    expect(cookie).not.toBeNull();
    expect(await me(cookie as string)).toMatchObject({ email, name: "Ada Lovelace" });
    const sessions = await rawClient(app.baseUrl).query("account.sessions", undefined, {
      cookie: cookie as string,
    });
    expect(resultData<Array<{ current: boolean; kind: string }>>(sessions)).toEqual([
      expect.objectContaining({ current: true, kind: "browser" }),
    ]);

    // The session survives a reload: it is the server's, not the page's.
    await page.reload();
    await page.getByRole("banner").getByText("Signed in as Ada Lovelace").waitFor();
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    expect(errors).toEqual([]);
  });

  it("stores the email trimmed and lower-cased, and shows it when no name is given", async () => {
    const { context, page, errors } = await openSignUp();
    const email = uniqueEmail("grace");
    const form = signUpForm(page);
    await form.email.fill(`  ${email.toUpperCase()} `);
    await form.password.fill(TEST_PASSWORD);
    await form.submit.click();

    await waitForPath(page, "/dashboard");
    await page.getByRole("banner").getByText(`Signed in as ${email}`).waitFor();
    expect(await me((await sessionCookieIn(app, context)) as string)).toMatchObject({
      email,
      name: null,
    });
    expect(errors).toEqual([]);
  });

  it("refuses an email already registered, also in another case or with spaces, and opens no second account", async () => {
    const owner = await createUser(app, { email: uniqueEmail("taken") });
    const otherPassword = "a different password";
    for (const typed of [owner.email, `  ${owner.email.toUpperCase()}  `]) {
      const { context, page, errors } = await openSignUp();
      const form = signUpForm(page);
      await form.email.fill(typed);
      await form.password.fill(otherPassword);
      await form.submit.click();

      await form.alert.getByText("Email already registered").waitFor();
      // Next to the form, and the form says so to assistive technology.
      const alertId = await form.alert.getAttribute("id");
      expect(await page.locator("form").getAttribute("aria-describedby")).toBe(alertId);
      expect(new URL(page.url()).pathname).toBe("/signup");
      expect(await sessionCookieIn(app, context)).toBeNull();
      // The form can be corrected and sent again.
      expect(await form.submit.isEnabled()).toBe(true);
      expect(unexpectedErrors(errors, [409])).toEqual([]);
    }

    // The account is the first one, untouched; the second password opens nothing.
    expect(await signInStatus(owner.email, owner.password)).toBe(200);
    expect(await signInStatus(owner.email, otherPassword)).toBe(401);
    // The API refuses the same way for any spelling of the address.
    const response = await rawClient(app.baseUrl).mutation("auth.signUp", {
      email: ` ${owner.email.toUpperCase()}`,
      password: otherPassword,
    });
    expect(response.status).toBe(409);
    expect(errorCode(response)).toBe("CONFLICT");
    expect(response.text).toContain("Email already registered");
  });

  it("names the 8-character minimum for a short password, and accepts exactly 8", async () => {
    const { page, errors } = await openSignUp();
    const form = signUpForm(page);
    // The hint says it before anyone types.
    expect(await page.locator("form").textContent()).toContain("At least 8 characters");
    const email = uniqueEmail("short");
    await form.email.fill(email);
    await form.password.fill("zq8#Lm2");
    await form.submit.click();

    expect(await fieldError(page, form.password)).toMatch(/at least 8 characters/i);
    expect(new URL(page.url()).pathname).toBe("/signup");
    expect(await signInStatus(email, "zq8#Lm2")).toBe(401);

    await form.password.fill("zq8#Lm2v");
    await form.submit.click();
    await waitForPath(page, "/dashboard");
    expect(errors).toEqual([]);

    // The server enforces the same minimum for clients that skip the form.
    const response = await rawClient(app.baseUrl).mutation("auth.signUp", {
      email: uniqueEmail("short-api"),
      password: "zq8#Lm2",
    });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/at least 8 characters/);
  });

  it("says 'Invalid email format' for an address that is not one", async () => {
    const { context, page, errors } = await openSignUp();
    const form = signUpForm(page);
    for (const typed of ["not-an-email", "someone@localhost", "two@@example.com"]) {
      // A fresh form each time, so no earlier message can stand in for this one.
      await page.goto("/signup");
      await form.email.fill(typed);
      await form.password.fill(TEST_PASSWORD);
      await form.submit.click();
      expect(await fieldError(page, form.email)).toBe("Invalid email format");
      expect(new URL(page.url()).pathname).toBe("/signup");
    }
    expect(await sessionCookieIn(app, context)).toBeNull();
    expect(errors).toEqual([]);

    const response = await rawClient(app.baseUrl).mutation("auth.signUp", {
      email: "not-an-email",
      password: TEST_PASSWORD,
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain("Invalid email format");
  });

  it("enforces the maximum lengths in the form and on the server", async () => {
    const { page, errors } = await openSignUp();
    const form = signUpForm(page);
    expect(await form.email.getAttribute("maxlength")).toBe("254");
    expect(await form.name.getAttribute("maxlength")).toBe("100");

    // The form cannot hold more than the limit...
    await form.name.fill("n".repeat(150));
    expect((await form.name.inputValue()).length).toBe(100);
    await form.email.fill(`${"e".repeat(300)}@example.com`);
    expect((await form.email.inputValue()).length).toBe(254);
    // ...and a password over 128 characters (the limit counts characters, not UTF-16 units) is refused.
    await form.email.fill(uniqueEmail("long"));
    await form.password.fill("p".repeat(129));
    await form.submit.click();
    expect(await fieldError(page, form.password)).toMatch(/at most 128 characters/);
    expect(new URL(page.url()).pathname).toBe("/signup");

    // Exactly at every limit is accepted: a 254-character email, a 100-character name, 128 characters.
    const domain = `${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(59)}.example`;
    const longest = `${"a".repeat(64)}@${domain}`;
    expect(longest.length).toBe(254);
    await form.name.fill("N".repeat(100));
    await form.email.fill(longest);
    await form.password.fill("🔑".repeat(128));
    await form.submit.click();
    await waitForPath(page, "/dashboard");
    await page
      .getByRole("banner")
      .getByText(`Signed in as ${"N".repeat(100)}`)
      .waitFor();
    expect(await signInStatus(longest, "🔑".repeat(128))).toBe(200);
    expect(errors).toEqual([]);

    // The server refuses one more than each limit, whatever the form did.
    const client = rawClient(app.baseUrl);
    const tooLong = [
      { email: `${"a".repeat(64)}@${domain}x`, password: TEST_PASSWORD },
      { email: uniqueEmail("name"), password: TEST_PASSWORD, name: "n".repeat(101) },
      { email: uniqueEmail("password"), password: "🔑".repeat(129) },
    ];
    for (const input of tooLong) {
      const response = await client.mutation("auth.signUp", input);
      expect(response.status, JSON.stringify(input).slice(0, 60)).toBe(400);
      expect(response.text).toMatch(/at most (254|100|128) characters/);
    }
  });
});
