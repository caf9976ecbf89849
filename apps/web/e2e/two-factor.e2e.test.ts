/**
 * Two-factor sign-in through the UI: turned on at /account (the code computed from the key the
 * page shows, as an authenticator app would), then signing in with the password and a code, and
 * with a recovery code. axe-core checks every new state.
 */
import { readFile } from "node:fs/promises";
import { SECOND_MS, TOTP_STEP_SECONDS, totpCode } from "@doable/auth";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { report, seriousViolations } from "./axe";
import { createUser, type TestUser, unexpectedErrors, useApp, usePages, waitForPath } from "./fixtures";

const app = useApp();
const openPage = usePages(app);

const STEP_MS = TOTP_STEP_SECONDS * SECOND_MS;
/** Past the per-account delay one wrong code starts (1 s). */
const AFTER_ONE_WRONG_CODE_MS = 1_100;

function section(page: Page, heading: string) {
  return page.getByRole("region", { name: heading });
}

async function expectAccessible(page: Page, state: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `axe-core found in "${state}":\n${report(violations)}`).toEqual([]);
}

/**
 * A code for the step after the current one: the one that turned two-factor on (or an earlier
 * sign-in) may have spent the current step, and one step of drift is accepted.
 */
function nextCode(secret: string): string {
  return totpCode(secret, new Date(Date.now() + STEP_MS));
}

async function submitPassword(page: Page, user: TestUser): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("textbox", { name: "Code" }).waitFor();
}

/** Turns two-factor on through /account; returns the key shown and the recovery codes. */
async function turnOnTwoFactor(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto("/account");
  const twoFactor = section(page, "Two-factor sign-in");
  await twoFactor.getByText("Two-factor is off.").waitFor();
  await twoFactor.getByRole("button", { name: "Turn on two-factor" }).click();
  await twoFactor.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
  const secret = (await twoFactor.locator("code").first().textContent()) ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(page, "two-factor: scan and confirm");

  // A wrong code is refused next to the field.
  const codeField = twoFactor.getByRole("textbox", { name: "Code" });
  await codeField.fill(totpCode(secret, new Date(Date.now() + 5 * STEP_MS)));
  await twoFactor.getByRole("button", { name: "Confirm" }).click();
  await twoFactor.getByText("Invalid code").waitFor();
  expect(await codeField.getAttribute("aria-invalid")).toBe("true");

  await codeField.fill(totpCode(secret, new Date()));
  await twoFactor.getByRole("button", { name: "Confirm" }).click();
  const list = twoFactor.getByRole("list", { name: "Recovery codes" });
  await list.waitFor();
  const recoveryCodes = (await list.getByRole("listitem").allTextContents()).map((code) => code.trim());
  expect(recoveryCodes).toHaveLength(10);
  await expectAccessible(page, "two-factor: recovery codes");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    twoFactor.getByRole("button", { name: "Download" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("doable-recovery-codes.txt");
  const text = await readFile((await download.path()) ?? "", "utf8");
  for (const code of recoveryCodes) expect(text).toContain(code);

  await twoFactor.getByRole("button", { name: "I have saved them" }).click();
  await twoFactor.getByText("Two-factor is on. Recovery codes left: 10.").waitFor();
  await expect(twoFactor.getByRole("list", { name: "Recovery codes" }).count()).resolves.toBe(0);
  return { secret, recoveryCodes };
}

describe("two-factor sign-in", () => {
  it("turns on at /account; then signing in asks for the code, and a code or a recovery code finishes it", async () => {
    const user = await createUser(app);
    const { page, errors } = await openPage(user.cookie);
    const { secret, recoveryCodes } = await turnOnTwoFactor(page);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await waitForPath(page, "/signin");

    // The password alone is no longer enough: the code step, keyboard only.
    await submitPassword(page, user);
    await expectAccessible(page, "sign-in: code step");
    const code = page.getByRole("textbox", { name: "Code" });
    await expect(code.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await page.keyboard.type(totpCode(secret, new Date(Date.now() + 5 * STEP_MS)));
    await page.keyboard.press("Enter");
    await page.getByText("Invalid code").waitFor();
    await page.waitForTimeout(AFTER_ONE_WRONG_CODE_MS);
    await code.fill(nextCode(secret));
    await page.keyboard.press("Enter");
    await waitForPath(page, "/dashboard");

    // Another browser, with a recovery code typed as people copy it.
    const other = await openPage(null);
    await submitPassword(other.page, user);
    await other.page.getByRole("textbox", { name: "Code" }).fill((recoveryCodes[0] ?? "").toUpperCase());
    await other.page.getByRole("button", { name: "Verify" }).click();
    await waitForPath(other.page, "/dashboard");
    await other.page.goto("/account");
    await section(other.page, "Two-factor sign-in").getByText("Recovery codes left: 9.").waitFor();
    await section(other.page, "Recent security activity")
      .getByText("Signed in with a recovery code")
      .waitFor();

    expect(unexpectedErrors(errors, [400, 401])).toEqual([]);
    expect(other.errors).toEqual([]);
  });

  it("turns off with the password, and the password alone signs in again", async () => {
    const user = await createUser(app);
    const { page, errors } = await openPage(user.cookie);
    await turnOnTwoFactor(page);
    const twoFactor = section(page, "Two-factor sign-in");
    await twoFactor.getByRole("button", { name: "Turn off two-factor" }).click();
    const password = twoFactor.getByLabel("Password to confirm", { exact: true });
    await password.fill("not the password");
    await twoFactor.getByRole("button", { name: "Turn off two-factor" }).click();
    await twoFactor.getByText("Password is incorrect").waitFor();
    await expectAccessible(page, "two-factor: turn off, wrong password");
    await password.fill(user.password);
    await twoFactor.getByRole("button", { name: "Turn off two-factor" }).click();
    await twoFactor.getByText("Two-factor is off.").waitFor();

    const other = await openPage(null);
    await other.page.goto("/signin");
    await other.page.getByLabel("Email", { exact: true }).fill(user.email);
    await other.page.getByLabel("Password", { exact: true }).fill(user.password);
    await other.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await waitForPath(other.page, "/dashboard");
    expect(unexpectedErrors(errors, [400, 401])).toEqual([]);
  });
});
