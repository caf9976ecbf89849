import { afterEach, describe, expect, it } from "vitest";
import { rawClient } from "@doable/test-support/http-client";
import {
  createUser,
  FIREFOX_MAC_USER_AGENT,
  newContext,
  signInFrom,
  unexpectedErrors,
  useApp,
  waitForPath,
  watchErrors,
} from "./fixtures";

const app = useApp();

const contexts: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

describe("throttling in the UI", () => {
  it("says when to retry after failed sign-ins, then lets the right password in once the wait is over", async () => {
    const user = await createUser(app);
    const context = await newContext(app, null);
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/signin");
    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill("not my password at all");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("alert").getByText("Invalid credentials").waitFor();

    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const alert = page.getByRole("alert").getByText(/Too many attempts\. Please try again in \d+ seconds?\./);
    await alert.waitFor();
    const seconds = Number(/in (\d+) second/.exec((await alert.textContent()) ?? "")?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(2);

    // The wait is the behaviour under test: let exactly that much time pass, then try again.
    await page.waitForTimeout(seconds * 1000);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await waitForPath(page, "/dashboard");
    expect(unexpectedErrors(errors, [401, 429])).toEqual([]);
  });
});

describe("recent security activity", () => {
  it("lists failed and successful sign-ins and revocations on /account, newest first", async () => {
    const user = await createUser(app);
    const phone = await signInFrom(app, user, FIREFOX_MAC_USER_AGENT);
    expect(phone).toMatch(/=/);
    // The CLI signs in with a bearer token and its own user agent (apps/cli client.ts).
    const cli = await rawClient(app.baseUrl).mutation(
      "auth.signIn",
      { email: user.email, password: user.password, transport: "bearer" },
      { "user-agent": "doable-cli/0.1.0 (node v20.19.0; linux)" },
    );
    expect(cli.status).toBe(200);

    const context = await newContext(app, user.cookie);
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/account");
    const sessions = page.getByRole("region", { name: "Sessions" });
    await sessions.getByRole("button", { name: "Sign out other sessions" }).click();
    await sessions.getByText("Signed out 2 other sessions.").waitFor();

    const activity = page.getByRole("region", { name: "Recent security activity" });
    await activity.getByText("Other sessions signed out").waitFor();
    const entries = await activity.getByRole("listitem").allTextContents();
    expect(entries[0]).toContain("Other sessions signed out");
    expect(entries.some((entry) => entry.includes("Signed in") && entry.includes("Firefox on macOS"))).toBe(
      true,
    );
    expect(
      entries.some((entry) => entry.includes("Signed in") && entry.includes("Doable CLI 0.1.0 on Linux")),
    ).toBe(true);
    expect(entries.some((entry) => entry.includes("Account created"))).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe("content security policy", () => {
  it("is never violated while signing up, validating a form and adding a task", async () => {
    const context = await newContext(app, null);
    contexts.push(context);
    const page = await context.newPage();
    // Chromium reports blocked scripts, styles and eval as DevTools issues, not always as console errors.
    const cdp = await context.newCDPSession(page);
    const violations: string[] = [];
    cdp.on("Audits.issueAdded", ({ issue }) => {
      if (issue.code === "ContentSecurityPolicyIssue") violations.push(JSON.stringify(issue.details));
    });
    await cdp.send("Audits.enable");

    await page.goto("/signup");
    await page.getByLabel("Email", { exact: true }).fill("csp@example.com");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByRole("button", { name: "Sign up", exact: true }).click();
    await page.getByText(/at least 8 characters/).waitFor();
    await page.getByLabel("Password", { exact: true }).fill("a long enough passphrase");
    await page.getByRole("button", { name: "Sign up", exact: true }).click();
    await waitForPath(page, "/dashboard");
    await page.getByRole("textbox", { name: "New task" }).fill("Checked by the CSP test");
    await page.getByRole("button", { name: "Add task" }).click();
    await page.getByRole("checkbox", { name: "Checked by the CSP test" }).waitFor();
    expect(violations).toEqual([]);
  });
});
