/**
 * /import-export (issue 14, item 9): the CLI's export and import in the browser, with the same
 * files and rules (@doable/transfer), and Todoist's CSV export read too.
 */
import { readFile } from "node:fs/promises";
import { CSV_COLUMNS } from "@doable/transfer";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { seriousViolations } from "./axe";
import {
  callApi,
  createTasks,
  createUser,
  unexpectedErrors,
  useApp,
  usePages,
  waitForHydration,
} from "./fixtures";

const app = useApp();
const openPage = usePages(app);

const TODOIST_CSV = [
  "TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE,DURATION,DURATION_UNIT,DEADLINE,DEADLINE_LANG",
  "meta,view_style=list,,,,,,,,,,,,",
  "section,Market,,,,,,,,,,,,",
  "task,Buy basil @garden,From the stall,1,1,Kai (4815),,2030-03-05,en,Europe/Berlin,,,,",
  "note,The Genovese kind,,,,Kai (4815),,,,,,,,",
  "task,Water plants,,4,2,Kai (4815),,every day,en,Europe/Berlin,,,,",
  "",
].join("\r\n");

interface ListedTask {
  title: string;
  description: string | null;
  priority: string;
  completed: boolean;
  dueDate: string | null;
  dueTime: string | null;
  tags: string[];
}

/** A task as listed, with its subtasks in its checklist. */
type ListedWithSubtasks = ListedTask & { subtasks: ListedTask[] };

function fieldsOf({
  title,
  description,
  priority,
  completed,
  dueDate,
  dueTime,
  tags,
}: ListedTask): ListedTask {
  return { title, description, priority, completed, dueDate, dueTime, tags };
}

async function listed(cookie: string): Promise<Array<ListedTask & { subtasks: ListedTask[] }>> {
  const response = await callApi(app, cookie, "query", "task.list", { status: "all", limit: 100 });
  expect(response.status).toBe(200);
  const body = JSON.parse(response.text) as { result: { data: { json: { items: ListedWithSubtasks[] } } } };
  return body.result.data.json.items
    .map((task) => ({ ...fieldsOf(task), subtasks: task.subtasks.map(fieldsOf) }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

async function openImportExport(cookie: string): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openPage(cookie);
  await page.goto("/import-export");
  await waitForHydration(page.getByRole("button", { name: "Export JSON" }));
  return { page, errors };
}

async function chooseFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel("File to import").setInputFiles({
    name,
    mimeType: name.endsWith(".json") ? "application/json" : "text/csv",
    buffer: Buffer.from(text),
  });
}

describe("/import-export", () => {
  it("is linked from the account page, and exports every task as JSON and as CSV", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [
      { title: "Renew passport", priority: "high", dueDate: "2030-01-31", dueTime: "09:30", tags: ["admin"] },
      { title: 'Tricky, "quoted"', description: "Two\nlines" },
    ]);
    const { page, errors } = await openPage(user.cookie);
    await page.goto("/account");
    await page
      .getByRole("region", { name: "Your tasks as a file" })
      .getByRole("link", { name: "Import and export" })
      .click();
    await page.waitForURL((url) => url.pathname === "/import-export");
    await waitForHydration(page.getByRole("button", { name: "Export JSON" }));
    expect(await page.title()).toBe("Import and export · Doable");

    const [json] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export JSON" }).click(),
    ]);
    expect(json.suggestedFilename()).toMatch(/^doable-tasks-\d{4}-\d{2}-\d{2}\.json$/);
    const document = JSON.parse(await readFile((await json.path()) as string, "utf8"));
    expect(document).toMatchObject({ format: "doable-tasks", version: 2 });
    expect(document.tasks.map((task: { title: string }) => task.title).sort()).toEqual([
      "Renew passport",
      'Tricky, "quoted"',
    ]);
    await page
      .getByRole("status")
      .getByText(/^Exported 2 tasks to doable-tasks-.*\.json\.$/)
      .waitFor();

    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    const csvText = await readFile((await csv.path()) as string, "utf8");
    // The CLI's format, column for column (packages/transfer's tests spell the header out).
    expect(csvText.split("\n")[0]).toBe(CSV_COLUMNS.join(","));
    // Due day, time, no reminder, tags.
    expect(csvText).toContain("2030-01-31,09:30,,admin");
    expect(errors).toEqual([]);
  });

  it("imports another account's export once: the same tasks, and nothing twice", async () => {
    const owner = await createUser(app);
    await createTasks(app, owner.cookie, [
      { title: "Water the ferns", priority: "low", tags: ["home", "plants"] },
      { title: "Call the bank", dueDate: "2030-02-01", dueTime: "10:00", description: "About the card" },
    ]);
    const exporter = await openImportExport(owner.cookie);
    const [download] = await Promise.all([
      exporter.page.waitForEvent("download"),
      exporter.page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    const exported = await readFile((await download.path()) as string, "utf8");

    const other = await createUser(app);
    const { page, errors } = await openImportExport(other.cookie);
    await chooseFile(page, "tasks.csv", exported);
    await page.getByText("tasks.csv (CSV): 2 tasks to import.").waitFor();
    await page.getByRole("button", { name: "Import 2 tasks" }).click();
    await page.getByText("Imported 2 new tasks; 0 already present.").waitFor();
    expect(await listed(other.cookie)).toEqual(await listed(owner.cookie));

    await chooseFile(page, "tasks.csv", exported);
    await page.getByRole("button", { name: "Import 2 tasks" }).click();
    await page.getByText("Imported 0 new tasks; 2 already present.").waitFor();
    expect(await listed(other.cookie)).toHaveLength(2);

    await page.getByRole("link", { name: "Go to your tasks" }).click();
    await page.waitForURL((url) => url.pathname === "/dashboard");
    await page.getByText("Water the ferns").waitFor();
    // Each exported id is the first account's: the server answers 409 and the row takes this
    // account's derived id instead.
    expect(unexpectedErrors(errors, [409])).toEqual([]);
  });

  it("imports a Todoist CSV export, saying what it is before anything is sent", async () => {
    const user = await createUser(app);
    const { page, errors } = await openImportExport(user.cookie);
    await chooseFile(page, "Groceries.csv", TODOIST_CSV);
    await page.getByText("Groceries.csv (Todoist CSV): 2 tasks to import.").waitFor();
    expect(await listed(user.cookie)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Import 2 tasks" }).click();
    await page.getByText("Imported 2 new tasks; 0 already present.").waitFor();
    expect(await listed(user.cookie)).toEqual([
      {
        title: "Buy basil",
        description: "From the stall\n\nComment: The Genovese kind",
        priority: "high",
        completed: false,
        dueDate: "2030-03-05",
        dueTime: null,
        tags: ["garden", "Market"],
        // A Todoist sub-task: a subtask of the task above it.
        subtasks: [
          {
            title: "Water plants",
            description: "Todoist date: every day",
            priority: "low",
            completed: false,
            dueDate: null,
            dueTime: null,
            tags: ["Market"],
          },
        ],
      },
    ]);
    expect(errors).toEqual([]);
  });

  it("names the rows it leaves out and the ones the server refuses, and imports the rest", async () => {
    const user = await createUser(app);
    const { page, errors } = await openImportExport(user.cookie);
    await chooseFile(
      page,
      "hand.csv",
      "title,priority,completed\nBuy milk,high,\nCall mom,,perhaps\nFine,urgent,\n",
    );
    await page.getByText("hand.csv (CSV): 2 tasks to import; 1 with a problem, left out.").waitFor();
    expect(
      await page.getByRole("list", { name: "Rows left out" }).getByRole("listitem").allTextContents(),
    ).toEqual(["line 3: completed: must be true or false"]);

    await page.getByRole("button", { name: "Import 2 tasks" }).click();
    await page.getByText("Imported 1 new task; 0 already present.").waitFor();
    const refused = await page
      .getByRole("list", { name: "Tasks not imported" })
      .getByRole("listitem")
      .allTextContents();
    expect(refused).toHaveLength(2);
    expect(refused[0]).toBe("line 3: completed: must be true or false");
    expect(refused[1]).toMatch(/^line 4: priority: /);
    expect((await listed(user.cookie)).map((task) => task.title)).toEqual(["Buy milk"]);
    // The server answered 400 for the refused row: expected, and said on the page.
    expect(unexpectedErrors(errors, [400])).toEqual([]);
  });

  it("refuses a file that is not an export before anything is sent", async () => {
    const user = await createUser(app);
    const { page, errors } = await openImportExport(user.cookie);
    await chooseFile(page, "broken.json", "{ nope");
    const alert = page.getByRole("alert").filter({ hasText: "broken.json: not valid JSON" });
    await alert.waitFor();
    expect(await page.getByLabel("File to import").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByRole("button", { name: /^Import / }).count()).toBe(0);
    expect(await listed(user.cookie)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
