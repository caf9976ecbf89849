/**
 * Shared browser-test fixtures: one production server (with its own fresh database) and one
 * Chromium per test file, plus users created and signed in directly through the API, so a spec
 * spends its time on the flow it tests rather than on the sign-up form.
 */
import { cookiePolicyForOrigin, sessionCookieName } from "@doable/auth";
import type { Priority } from "@doable/domain";
import {
  cookiePair,
  type RawResponse,
  rawClient,
  resultData,
  testClientAddress,
} from "@doable/test-support/http-client";
import {
  type ProductionServer,
  type StartOptions,
  startProductionServer,
} from "@doable/test-support/production-server";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { launchChromium } from "./browser";
import { ELEMENT_WAIT_MS } from "./waits";
import { uniqueEmail } from "@doable/test-support/unique-email";

export { uniqueEmail };

export const TEST_PASSWORD = "correct horse battery staple";

export interface App {
  server: ProductionServer;
  browser: Browser;
  baseUrl: string;
}

/**
 * Starts the server and the browser for this file; returns a handle filled in before the first
 * test. `env` may be computed first (for example the address of an SMTP server started for the file).
 */
export function useApp(
  env: Record<string, string> | (() => Promise<Record<string, string>>) = {},
  options: StartOptions = {},
): App {
  const app = {} as App;
  beforeAll(async () => {
    const settings = typeof env === "function" ? await env() : env;
    const [server, browser] = await Promise.all([startProductionServer(settings, options), launchChromium()]);
    Object.assign(app, { server, browser, baseUrl: server.baseUrl });
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.stop();
  });
  return app;
}

export interface TestUser {
  email: string;
  password: string;
  name: string | null;
  /** `name=value` of the session cookie of a fresh browser session. */
  cookie: string;
}

/** Signs a new user up through the API and returns its browser session cookie. */
export async function createUser(
  app: App,
  options: { email?: string; password?: string; name?: string | null } = {},
): Promise<TestUser> {
  const email = options.email ?? uniqueEmail();
  const password = options.password ?? TEST_PASSWORD;
  const name = options.name === undefined ? null : options.name;
  const response = await rawClient(app.baseUrl).mutation("auth.signUp", {
    email,
    password,
    ...(name ? { name } : {}),
  });
  if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${response.text}`);
  return { email, password, name, cookie: cookiePair(response.headers.get("set-cookie") ?? "") };
}

/** A second, independent session for the same user (another device). */
export async function signInAgain(app: App, user: TestUser): Promise<string> {
  const response = await rawClient(app.baseUrl).mutation("auth.signIn", {
    email: user.email,
    password: user.password,
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.text}`);
  return cookiePair(response.headers.get("set-cookie") ?? "");
}

/** Creates tasks through the API as `user` (bearer-free: the cookie is the session). */
export async function createTasks(
  app: App,
  cookie: string,
  tasks: Array<{
    title: string;
    description?: string;
    priority?: Priority;
    dueDate?: string;
    dueTime?: string;
    tags?: string[];
    /** Makes it a subtask of this task (docs/decisions/0048). */
    parentId?: string;
    /** When to remind its owner (docs/decisions/0049). */
    remindAt?: Date;
    /** In this project rather than the Inbox (docs/decisions/0042). */
    projectId?: string;
  }>,
): Promise<Array<{ id: string; title: string }>> {
  const client = rawClient(app.baseUrl);
  const created: Array<{ id: string; title: string }> = [];
  for (const task of tasks) {
    const response = await client.mutation("task.create", task, { cookie });
    if (response.status !== 200) throw new Error(`task.create failed: ${response.status} ${response.text}`);
    created.push(resultData<{ id: string; title: string }>(response));
  }
  return created;
}

export interface ContextOptions {
  colorScheme?: "light" | "dark";
  viewport?: { width: number; height: number };
  timezoneId?: string;
  /** Another browser or device, as the server (and the session list) will see it. */
  userAgent?: string;
  /** `false` shows exactly what the server rendered: the first paint, before any script runs. */
  javaScriptEnabled?: boolean;
  /** A touch screen (a phone): taps and touch events, and the phone's way of laying out the page. */
  touch?: boolean;
  /** Script run in every page of the context before the page's own (a stand-in for a browser API). */
  initScript?: string;
}

/** A browser context (a separate cookie jar: another person or device), optionally signed in. */
export async function newContext(
  app: App,
  cookie: string | null,
  options: ContextOptions = {},
): Promise<BrowserContext> {
  const context = await app.browser.newContext({
    baseURL: app.baseUrl,
    colorScheme: options.colorScheme ?? "light",
    viewport: options.viewport ?? { width: 1280, height: 800 },
    timezoneId: options.timezoneId ?? "UTC",
    // Each context is its own client for per-client throttling (the test server trusts one proxy hop).
    extraHTTPHeaders: { "x-forwarded-for": testClientAddress() },
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    ...(options.touch ? { hasTouch: true, isMobile: true } : {}),
  });
  if (options.initScript) await context.addInitScript({ content: options.initScript });
  if (cookie) {
    const [name = "", value = ""] = cookie.split("=");
    await context.addCookies([{ name, value, url: app.baseUrl, httpOnly: true, sameSite: "Lax" }]);
  }
  return context;
}

/** Collects uncaught page errors and console errors, to assert a flow produced none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** A desktop Firefox on macOS, for a second device that is easy to tell apart in the session list. */
export const FIREFOX_MAC_USER_AGENT =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0";

/** A new session for `user` opened from a client that says it is `userAgent`; returns its cookie. */
export async function signInFrom(app: App, user: TestUser, userAgent: string): Promise<string> {
  const response = await rawClient(app.baseUrl).mutation(
    "auth.signIn",
    { email: user.email, password: user.password },
    { "user-agent": userAgent },
  );
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.text}`);
  return cookiePair(response.headers.get("set-cookie") ?? "");
}

/** The session cookie a browser context holds now, as `name=value`; null when it holds none. */
export async function sessionCookieIn(app: App, context: BrowserContext): Promise<string | null> {
  const name = sessionCookieName(cookiePolicyForOrigin(app.baseUrl));
  const cookie = (await context.cookies(app.baseUrl)).find((candidate) => candidate.name === name);
  return cookie && cookie.value !== "" ? `${cookie.name}=${cookie.value}` : null;
}

/** Waits until the page is at `pathname` (any query string), e.g. after a redirect. */
export async function waitForPath(page: Page, pathname: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === pathname);
}

/**
 * `watchErrors` output minus Chromium's own report of the HTTP statuses a flow expects (a 401
 * for a wrong password, a 409 for a taken email): those are answers, not failures.
 */
export function unexpectedErrors(errors: string[], expectedStatuses: number[]): string[] {
  return errors.filter((error) => {
    const status = /Failed to load resource: the server responded with a status of (\d{3})/.exec(error)?.[1];
    return status === undefined || !expectedStatuses.includes(Number(status));
  });
}

/** Calls one procedure as the session in `cookie`; a mutation carries the Origin a browser would send. */
export async function callApi(
  app: App,
  cookie: string,
  kind: "query" | "mutation",
  path: string,
  input?: unknown,
): Promise<RawResponse> {
  const client = rawClient(app.baseUrl);
  return kind === "query"
    ? client.query(path, input, { cookie })
    : client.mutation(path, input ?? null, { cookie, origin: app.baseUrl });
}

/** Resolves once React has hydrated `target`: until then a click or an Enter would do nothing. */
export async function waitForHydration(target: Locator): Promise<void> {
  const handle = await target.elementHandle();
  await target
    .page()
    .waitForFunction(
      (element) => element !== null && Object.keys(element).some((key) => key.startsWith("__reactProps$")),
      handle,
    );
  await handle?.dispose();
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors, as `watchErrors` collects them. */
  errors: string[];
}

/**
 * Opens pages, each in a fresh context (another person or device), signed in with `cookie` when
 * given; every context is closed after each test.
 */
export function usePages(app: App): (cookie: string | null, options?: ContextOptions) => Promise<OpenedPage> {
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  return async (cookie, options = {}) => {
    const context = await newContext(app, cookie, options);
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(ELEMENT_WAIT_MS);
    return { context, page, errors: watchErrors(page) };
  };
}
