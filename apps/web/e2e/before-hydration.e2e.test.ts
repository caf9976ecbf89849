/**
 * A form sent before its page is interactive (a slow phone, Enter pressed at once, scripts off)
 * must never put a password in the address, where history, logs and Referer headers keep it.
 */
import { describe, expect, it } from "vitest";
import { newContext, useApp } from "./fixtures";

const app = useApp();
const PASSWORD = "a password nobody may log";

describe("credential forms before hydration", () => {
  it.each([
    ["/signin", ["Email", "Password"]],
    ["/signup", ["Name", "Email", "Password"]],
  ])("%s posts what was typed, never as a query string", async (path, fields) => {
    const context = await newContext(app, null, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(path);
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
    } finally {
      await context.close();
    }
  });
});
