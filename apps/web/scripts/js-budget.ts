/**
 * How much JavaScript each page makes the browser run (issue 13): the production build, each page
 * loaded in Chromium, the decoded size of every script it fetched summed. Prints a table and exits
 * 1 when a page is over its budget. Run after `next build`: `pnpm --filter @doable/web js-budget`.
 *
 * Decoded bytes, not transferred ones: a phone's CPU parses and runs what compression hid, so that
 * is what costs it time. /dashboard is measured signed in, with tasks. `--scripts` also lists
 * each page's scripts by size, to see where the bytes are (`next analyze` names the modules).
 */
import { cookiePair, rawClient } from "@doable/test-support/http-client";
import { startProductionServer } from "@doable/test-support/production-server";
import type { Browser } from "playwright-core";
import { launchChromium } from "../e2e/browser";

const KB = 1024;

interface PageBudget {
  path: string;
  signedIn: boolean;
  /** The most decoded JavaScript the page may load. */
  budgetBytes: number;
}

/** Issue 13's budgets: pages with a form and one request, and the dashboard. */
const PAGES: readonly PageBudget[] = [
  { path: "/", signedIn: false, budgetBytes: 500 * KB },
  { path: "/signin", signedIn: false, budgetBytes: 500 * KB },
  { path: "/signup", signedIn: false, budgetBytes: 500 * KB },
  { path: "/dashboard", signedIn: true, budgetBytes: 600 * KB },
];

interface Measured {
  page: PageBudget;
  scripts: Array<{ url: string; bytes: number }>;
  bytes: number;
}

async function signedInCookie(baseUrl: string): Promise<string> {
  const client = rawClient(baseUrl);
  const signUp = await client.mutation("auth.signUp", {
    email: "js-budget@example.com",
    password: "js-budget-password",
    name: "Ada Lovelace",
  });
  if (signUp.status !== 200) throw new Error(`sign-up failed: ${signUp.status} ${signUp.text}`);
  const cookie = cookiePair(signUp.headers.get("set-cookie") ?? "");
  for (let index = 1; index <= 20; index += 1) {
    const created = await client.mutation("task.create", { title: `Errand number ${index}` }, { cookie });
    if (created.status !== 200) throw new Error(`task.create failed: ${created.status} ${created.text}`);
  }
  return cookie;
}

async function measure(
  browser: Browser,
  baseUrl: string,
  page: PageBudget,
  cookie: string,
): Promise<Measured> {
  const context = await browser.newContext({ baseURL: baseUrl });
  try {
    if (page.signedIn) {
      const [name = "", value = ""] = cookie.split("=");
      await context.addCookies([{ name, value, url: baseUrl, httpOnly: true, sameSite: "Lax" }]);
    }
    const tab = await context.newPage();
    const bodies: Promise<{ url: string; bytes: number }>[] = [];
    tab.on("response", (response) => {
      if (response.request().resourceType() === "script") {
        const url = new URL(response.url()).pathname;
        bodies.push(response.body().then((body) => ({ url, bytes: body.length })));
      }
    });
    const response = await tab.goto(page.path, { waitUntil: "networkidle" });
    if (!response?.ok() || new URL(tab.url()).pathname !== page.path) {
      throw new Error(`${page.path} answered ${response?.status()} at ${tab.url()}`);
    }
    const scripts = await Promise.all(bodies);
    return { page, scripts, bytes: scripts.reduce((sum, script) => sum + script.bytes, 0) };
  } finally {
    await context.close();
  }
}

function table(results: Measured[]): string {
  const rows = results.map(({ page, scripts, bytes }) => {
    const verdict = bytes <= page.budgetBytes ? "within" : "OVER";
    return `| ${page.path} | ${scripts.length} | ${(bytes / KB).toFixed(1)} KB | ${page.budgetBytes / KB} KB | ${verdict} |`;
  });
  return [
    "| page | scripts | JavaScript (decoded) | budget | |",
    "| --- | ---: | ---: | ---: | --- |",
    ...rows,
  ].join("\n");
}

function scriptList(results: Measured[]): string {
  return results
    .flatMap(({ page, scripts }) => [
      `\n${page.path}`,
      ...[...scripts]
        .sort((left, right) => right.bytes - left.bytes)
        .map((script) => `  ${(script.bytes / KB).toFixed(1).padStart(7)} KB  ${script.url}`),
    ])
    .join("\n");
}

async function main(): Promise<void> {
  const server = await startProductionServer();
  const browser = await launchChromium();
  try {
    const cookie = await signedInCookie(server.baseUrl);
    const results: Measured[] = [];
    for (const page of PAGES) results.push(await measure(browser, server.baseUrl, page, cookie));
    console.log(table(results));
    if (process.argv.includes("--scripts")) console.log(scriptList(results));
    const over = results.filter((result) => result.bytes > result.page.budgetBytes);
    if (over.length > 0) {
      console.error(`Over budget: ${over.map((result) => result.page.path).join(", ")}`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
