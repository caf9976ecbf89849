import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProductionServer, startProductionServer } from "../test/production-server";
import { launchChromium } from "./browser";

let server: ProductionServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startProductionServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("home page", () => {
  it("says what Doable is and links to a working health check", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("response", (response) => {
      if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
    });

    const response = await page.goto(server.baseUrl);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe("Doable");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Doable");
    expect(await page.getByRole("main").textContent()).toContain("multi-user task manager");

    await page.getByRole("link", { name: "/api/health" }).click();
    await page.waitForURL(`${server.baseUrl}/api/health`);
    expect(await page.textContent("body")).toContain('"ok":true');
    expect(errors).toEqual([]);
    await page.close();
  });
});
