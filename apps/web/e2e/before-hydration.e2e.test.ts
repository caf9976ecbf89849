/**
 * A form sent before its page is interactive (a slow phone, Enter pressed at once, scripts off)
 * must never put a password in the address, where history, logs and Referer headers keep it, and
 * must do what it says: the sign-in and sign-up forms post to server actions, so with scripts off
 * they sign in, ask for the second factor, and show refusals beside what was typed (issue 13). The
 * dashboard's New task box posts to one too: a title typed at once is saved, never lost.
 */
import { SECOND_MS, TOTP_STEP_SECONDS, totpCode } from "@doable/auth";
import { resultData } from "@doable/test-support/http-client";
import type { Page, Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  callApi,
  createTasks,
  createUser,
  type OpenedPage,
  sessionCookieIn,
  uniqueEmail,
  useApp,
  usePages,
  type TestUser,
  waitForHydration,
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

/** The page's scripts: held back to keep a page with scripts on from being hydrated. */
const PAGE_SCRIPTS = /\/_next\/static\/.*\.js$/;
const EMPTY_TITLE_MESSAGE = "Type a title for the task first.";

interface ServerTask {
  title: string;
  projectId: string;
  dueDate: string | null;
  tags: string[];
}

/** A signed-in page with scripts off at `path`. */
async function openSignedInWithoutScripts(user: TestUser, path: string): Promise<Page> {
  const { page } = await openPage(user.cookie, { javaScriptEnabled: false });
  await page.goto(path);
  return page;
}

function newTaskBox(page: Page) {
  return page.getByRole("textbox", { name: "New task", exact: true });
}

/** Types `title` into the New task box and presses Enter; returns the request that sent the form. */
async function addTaskWithoutScripts(page: Page, title: string): Promise<Request> {
  await newTaskBox(page).fill(title);
  const [request] = await Promise.all([
    page.waitForRequest((sent) => sent.isNavigationRequest()),
    // Not "load": in the test that holds the page's scripts back, that never comes.
    page.waitForNavigation({ waitUntil: "domcontentloaded" }),
    newTaskBox(page).press("Enter"),
  ]);
  return request;
}

function newTaskAlert(page: Page, text: string) {
  return page.locator("form.new-task").getByRole("alert").getByText(text, { exact: true });
}

async function serverTasks(user: TestUser): Promise<ServerTask[]> {
  const response = await callApi(app, user.cookie, "query", "task.list", { status: "all", limit: 100 });
  expect(response.status).toBe(200);
  return resultData<{ items: ServerTask[] }>(response).items;
}

async function createProject(user: TestUser, name: string): Promise<string> {
  const response = await callApi(app, user.cookie, "mutation", "project.create", { name });
  expect(response.status).toBe(200);
  return resultData<{ id: string }>(response).id;
}

/** Path and query of the page's address. */
function addressOf(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

describe("the New task box before hydration", () => {
  it("saves the words as typed in the project shown and lists them, never in the address", async () => {
    const user = await createUser(app);
    const projectId = await createProject(user, "Errands");
    const view = `/dashboard?project=${projectId}`;
    const page = await openSignedInWithoutScripts(user, view);
    // Quick add reads these words once the page is interactive; before that they are the title.
    const title = "Call mom tomorrow 5pm #family";

    const request = await addTaskWithoutScripts(page, title);
    expect(request.method()).toBe("POST");
    expect(addressOf(page)).toBe(view);
    await page.getByRole("checkbox", { name: title, exact: true }).waitFor();
    expect(await newTaskBox(page).inputValue()).toBe("");
    expect(await serverTasks(user)).toEqual([
      expect.objectContaining({ title, projectId, dueDate: null, tags: [] }),
    ]);

    // The answer was a redirect: a reload shows the task again without posting it twice.
    await page.reload();
    await page.getByRole("checkbox", { name: title, exact: true }).waitFor();
    expect(await serverTasks(user)).toHaveLength(1);
  });

  it("answers Enter on an empty box with the message, keeping the list and the view", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Already here" }]);
    const page = await openSignedInWithoutScripts(user, "/dashboard?status=active");

    const request = await addTaskWithoutScripts(page, "   ");
    expect(request.method()).toBe("POST");
    await newTaskAlert(page, EMPTY_TITLE_MESSAGE).waitFor();
    expect(addressOf(page)).toBe("/dashboard?status=active");
    await page.getByRole("checkbox", { name: "Already here", exact: true }).waitFor();
    expect((await serverTasks(user)).map((task) => task.title)).toEqual(["Already here"]);

    // The page that answered still takes the next title.
    await addTaskWithoutScripts(page, "Second try");
    await page.getByRole("checkbox", { name: "Second try", exact: true }).waitFor();
    expect(await newTaskAlert(page, EMPTY_TITLE_MESSAGE).count()).toBe(0);
  });

  it("keeps what was typed when the server refuses it, and says why", async () => {
    const user = await createUser(app);
    const projectId = await createProject(user, "Errands");
    const page = await openSignedInWithoutScripts(user, `/dashboard?project=${projectId}`);
    // Deleted elsewhere (another tab, another device) while this page was still loading.
    expect((await callApi(app, user.cookie, "mutation", "project.delete", { id: projectId })).status).toBe(
      200,
    );

    await addTaskWithoutScripts(page, "Buy stamps");
    await newTaskAlert(page, "Project not found").waitFor();
    expect(await newTaskBox(page).inputValue()).toBe("Buy stamps");
    expect(new URL(page.url()).search).not.toContain("stamps");
    expect(await serverTasks(user)).toEqual([]);
  });

  it("once the page that answered is hydrated, adds the next task its usual way and empties the box", async () => {
    const user = await createUser(app);
    const projectId = await createProject(user, "Errands");
    const { page } = await openPage(user.cookie);
    let releaseScripts = (): void => {};
    const released = new Promise<void>((resolve) => {
      releaseScripts = resolve;
    });
    await page.route(PAGE_SCRIPTS, async (route) => {
      await released;
      // A script of the page left behind is no longer wanted: its request is gone.
      await route.continue().catch(() => undefined);
    });
    await page.goto(`/dashboard?project=${projectId}`, { waitUntil: "domcontentloaded" });
    expect((await callApi(app, user.cookie, "mutation", "project.delete", { id: projectId })).status).toBe(
      200,
    );
    await addTaskWithoutScripts(page, "Buy stamps");
    await newTaskAlert(page, "Project not found").waitFor();

    releaseScripts();
    await waitForHydration(newTaskBox(page));
    const actionCalls: string[] = [];
    page.on("request", (sent) => {
      if (sent.headers()["next-action"]) actionCalls.push(sent.url());
    });
    await page.getByRole("link", { name: "All tasks" }).click();
    // What the refused post sent is still in the box: Enter sends it again, now to the Inbox.
    await newTaskBox(page).press("Enter");
    await page.getByRole("checkbox", { name: "Buy stamps", exact: true }).waitFor();
    expect(await newTaskBox(page).inputValue()).toBe("");
    expect(await newTaskAlert(page, "Project not found").count()).toBe(0);
    await expect
      .poll(async () => (await serverTasks(user)).map((task) => task.title))
      .toEqual(["Buy stamps"]);
    // The hydrated form saved through the API client, not the server action.
    expect(actionCalls).toEqual([]);
  });
});

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
