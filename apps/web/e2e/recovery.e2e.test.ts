/**
 * Account recovery in a real browser, with real mail: "Forgot password?" on the sign-in page, the
 * link as it arrives at an SMTP server in this process, a new password, and signing in with it.
 */
import { startTestSmtpServer, type TestSmtpServer } from "@doable/test-support/smtp-server";
import { afterAll, describe, expect, it } from "vitest";
import {
  callApi,
  createUser,
  unexpectedErrors,
  usePages,
  useApp,
  waitForHydration,
  waitForPath,
} from "./fixtures";

let smtp: TestSmtpServer | null = null;
const app = useApp(async () => {
  smtp = await startTestSmtpServer();
  return { SMTP_URL: smtp.url, MAIL_FROM: "Doable <doable@example.com>" };
});
const openPage = usePages(app);
afterAll(async () => {
  await smtp?.close();
});

const NEW_PASSWORD = "a fresh passphrase for recovery";

function mailServer(): TestSmtpServer {
  if (!smtp) throw new Error("the SMTP server did not start");
  return smtp;
}

describe("forgot password", () => {
  it("goes from 'Forgot password?' to signing in with the new password", async () => {
    const user = await createUser(app);
    const { page, errors } = await openPage(null);

    await page.goto("/signin");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await waitForPath(page, "/forgot-password");
    const send = page.getByRole("button", { name: "Send reset link" });
    await waitForHydration(send);
    await page.getByLabel("Email").fill(user.email);
    await send.click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/we have sent it a link/);

    const mail = await mailServer().nextMessage(user.email, { subject: /Reset your Doable password/ });
    const [link = ""] = mail.links;
    expect(link.startsWith(`${app.baseUrl}/reset-password?token=`)).toBe(true);
    expect(mail.html).toContain("Set a new password");

    const response = await page.goto(link);
    // The token never leaves in a Referer, and is taken out of the address bar at once.
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    await page.waitForURL((url) => url.pathname === "/reset-password" && !url.search.includes("token"));
    const submit = page.getByRole("button", { name: "Set new password" });
    await waitForHydration(submit);
    await page.getByLabel("New password").fill(NEW_PASSWORD);
    await submit.click();

    await waitForPath(page, "/signin");
    await page.getByText("Your password was reset. Sign in with your new password.").waitFor();
    // The session the user had before the reset ended with it.
    expect((await callApi(app, user.cookie, "query", "auth.me")).text).toContain('"json":null');

    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await waitForPath(page, "/dashboard");

    await mailServer().nextMessage(user.email, { subject: /password was reset/ });
    expect(unexpectedErrors(errors, [])).toEqual([]);
  });

  it("refuses the same link a second time, and says so", async () => {
    const user = await createUser(app);
    const { page, errors } = await openPage(null);
    await page.goto("/forgot-password");
    const send = page.getByRole("button", { name: "Send reset link" });
    await waitForHydration(send);
    await page.getByLabel("Email").fill(user.email);
    await send.click();
    const mail = await mailServer().nextMessage(user.email, { subject: /Reset your Doable password/ });
    const [link = ""] = mail.links;

    for (const attempt of [1, 2]) {
      await page.goto(link);
      const submit = page.getByRole("button", { name: "Set new password" });
      await waitForHydration(submit);
      await page.getByLabel("New password").fill(`${NEW_PASSWORD} ${attempt}`);
      await submit.click();
      if (attempt === 1) await waitForPath(page, "/signin");
    }
    await page.getByText(/This link is invalid, was already used, or has expired/).waitFor();
    expect(unexpectedErrors(errors, [400])).toEqual([]);
  });
});
