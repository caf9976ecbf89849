import { describe, expect, it } from "vitest";
import { createUser, newContext, useApp, watchErrors } from "./fixtures";

const app = useApp();

describe("home page", () => {
  it("says what Doable is and leads to sign-up and sign-in", async () => {
    const context = await newContext(app, null);
    const page = await context.newPage();
    const errors = watchErrors(page);

    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe("Doable");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Doable");
    expect(await page.getByRole("main").textContent()).toContain("task manager");

    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL(`${app.baseUrl}/signup`);
    await page.goBack();
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(`${app.baseUrl}/signin`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("sends a signed-in visitor straight to the dashboard", async () => {
    const user = await createUser(app);
    const context = await newContext(app, user.cookie);
    const page = await context.newPage();
    await page.goto("/");
    await page.waitForURL(`${app.baseUrl}/dashboard`);
    await context.close();
  });

  it("serves the health check to a browser", async () => {
    const context = await newContext(app, null);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/api/health");
    expect(await page.textContent("body")).toContain('"ok":true');
    expect(errors).toEqual([]);
    await context.close();
  });
});
