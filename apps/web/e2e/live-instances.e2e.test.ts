/**
 * Live sync across app instances: two production servers on one PostgreSQL database, as behind a
 * load balancer, one dashboard on each. A change made through one instance reaches the page
 * served by the other through PostgreSQL's NOTIFY (ADR 0027).
 *
 * PGlite is one process per data directory, so this needs a server: TEST_DATABASE_URL, or a
 * throwaway cluster from the installed PostgreSQL binaries. Without either it is a visible skip
 * on a developer's machine and a failure in CI.
 */
import {
  createTestServerDatabase,
  postgresServerBinDir,
  startThrowawayPostgres,
  type TestServerDatabase,
  type ThrowawayPostgres,
} from "@doable/db/testing";
import { SECOND_MS } from "@doable/domain";
import { serverEnv } from "@doable/env";
import type { Browser } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProductionServer, startProductionServer } from "@doable/test-support/production-server";
import { launchChromium } from "./browser";
import { checkbox, expectStats, newTaskBox, openDashboard, titles, useContexts } from "./dashboard-page";
import { type App, callApi, createTasks, createUser } from "./fixtures";
import { NOTIFICATION_STAND_IN, shownNotifications } from "./notifications";

/** The product's promise: a change made elsewhere shows within a second. */
const LIVE = { timeout: SECOND_MS, interval: 25 } as const;
/** Each instance looks for due reminders every 5 s (ADR 0049). */
const REMINDER_POLL_MS = 5 * SECOND_MS;

const { testDatabaseUrl } = serverEnv();
const canRun = testDatabaseUrl !== null || postgresServerBinDir() !== null;
const inCi = process.env.CI === "true";
const contexts = useContexts();

describe.skipIf(!canRun && !inCi)("live sync across two app instances on one PostgreSQL database", () => {
  let throwaway: ThrowawayPostgres | null = null;
  let database: TestServerDatabase | null = null;
  let servers: ProductionServer[] = [];
  let browser: Browser | null = null;
  const instanceA = {} as App;
  const instanceB = {} as App;

  beforeAll(async () => {
    if (!canRun) throw new Error("CI must run this: set TEST_DATABASE_URL or install PostgreSQL's server");
    throwaway = testDatabaseUrl === null ? await startThrowawayPostgres() : null;
    database = await createTestServerDatabase({ serverUrl: testDatabaseUrl ?? throwaway?.url });
    const shared = database;
    const [a, b, launched] = await Promise.all([
      startProductionServer({}, { database: shared }),
      startProductionServer({}, { database: shared }),
      launchChromium(),
    ]);
    servers = [a, b];
    browser = launched;
    Object.assign(instanceA, { server: a, browser, baseUrl: a.baseUrl });
    Object.assign(instanceB, { server: b, browser, baseUrl: b.baseUrl });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((server) => server.stop()));
    await database?.cleanup();
    await throwaway?.stop();
  });

  it("shows on a page served by one instance what was changed through the other, within a second", async () => {
    const user = await createUser(instanceA);
    const onA = await openDashboard(instanceA, contexts, user.cookie);
    const onB = await openDashboard(instanceB, contexts, user.cookie);

    await newTaskBox(onA.page).fill("Added through A");
    await newTaskBox(onA.page).press("Enter");
    await expect.poll(() => titles(onB.page), LIVE).toEqual(["Added through A"]);

    await checkbox(onB.page, "Added through A").check();
    await expect.poll(() => checkbox(onA.page, "Added through A").isChecked(), LIVE).toBe(true);
    await expectStats(onA.page, { Total: 1, Active: 0, Completed: 1, Overdue: 0 });

    // Another user's change on either instance reaches neither page.
    const other = await createUser(instanceB);
    const created = await callApi(instanceB, other.cookie, "mutation", "task.create", {
      title: "Someone else's",
    });
    expect(created.status).toBe(200);
    await newTaskBox(onB.page).fill("Marker through B");
    await newTaskBox(onB.page).press("Enter");
    await expect.poll(() => titles(onA.page), LIVE).toEqual(["Marker through B", "Added through A"]);
    expect(await onA.page.content()).not.toContain("Someone else");
    expect(onA.errors).toEqual([]);
    expect(onB.errors).toEqual([]);
  });

  it("fires each reminder once while both instances look for due ones", async () => {
    const user = await createUser(instanceA);
    const options = { initScript: NOTIFICATION_STAND_IN };
    const onA = await openDashboard(instanceA, contexts, user.cookie, "/dashboard", options);
    const onB = await openDashboard(instanceB, contexts, user.cookie, "/dashboard", options);
    // Ahead of the last create too (a moment already past when set never fires), and spread over
    // more than one poll, so both instances find some due.
    const first = Date.now() + 8 * SECOND_MS;
    const reminders = Array.from({ length: 12 }, (_, index) => ({
      title: `Reminder ${index + 1}`,
      remindAt: new Date(first + index * (REMINDER_POLL_MS / 8)),
    }));
    await createTasks(instanceA, user.cookie, reminders);
    const expected = reminders.map((reminder) => `Reminder: ${reminder.title}`).sort();
    const shown = async (page: typeof onA.page) =>
      (await shownNotifications(page)).map((notification) => notification.title).sort();
    const fired = { timeout: 4 * REMINDER_POLL_MS, interval: 100 } as const;
    await expect.poll(() => shown(onA.page), fired).toEqual(expected);
    await expect.poll(() => shown(onB.page), fired).toEqual(expected);
    // Both instances have looked again since: still once each, on both pages.
    await new Promise((resolve) => setTimeout(resolve, REMINDER_POLL_MS + SECOND_MS));
    expect(await shown(onA.page)).toEqual(expected);
    expect(await shown(onB.page)).toEqual(expected);
    // And in the database: one "reminder" event per task, whichever instance fired it.
    const sql = postgres(database?.env.DATABASE_DIRECT_URL ?? "", {
      max: 1,
      prepare: false,
      onnotice: () => {},
    });
    try {
      const events = await sql<{ count: string }[]>`
        select count(*) from task_events e join users u on u.id = e.user_id
        where u.email = ${user.email} and e.kind = 'reminder' group by e.task_id`;
      expect(events.map((row) => Number(row.count))).toEqual(reminders.map(() => 1));
    } finally {
      await sql.end();
    }
    expect(onA.errors).toEqual([]);
    expect(onB.errors).toEqual([]);
  });
});
