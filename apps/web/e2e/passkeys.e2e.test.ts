/**
 * Passkeys through the UI with Chromium's virtual WebAuthn authenticator (DevTools protocol): one is
 * added on /account, the browser signs out, and "Sign in with a passkey" signs it back in with no
 * email, password or code; then it is renamed and removed. The app's origin is localhost, since
 * WebAuthn refuses an IP address as the relying party. axe-core checks every new state.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { report, seriousViolations } from "./axe";
import { addVirtualAuthenticator } from "./webauthn";
import { createUser, unexpectedErrors, useApp, usePages, waitForHydration, waitForPath } from "./fixtures";

const app = useApp({}, { originHost: "localhost" });
const openPage = usePages(app);

/** A Linux desktop Chrome: the passkey is named after it by default. */
const CHROME_ON_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

function section(page: Page, heading: string) {
  return page.getByRole("region", { name: heading });
}

async function expectAccessible(page: Page, state: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `axe-core found in "${state}":\n${report(violations)}`).toEqual([]);
}

describe("passkeys", () => {
  it("are added on /account, sign in with no password or email, and are renamed and removed", async () => {
    const user = await createUser(app);
    const { context, page, errors } = await openPage(user.cookie, { userAgent: CHROME_ON_LINUX });
    await addVirtualAuthenticator(context, page);

    await page.goto("/account");
    const passkeys = section(page, "Passkeys");
    await passkeys.getByText("No passkeys yet.").waitFor();
    const add = passkeys.getByRole("button", { name: "Add a passkey" });
    await waitForHydration(add);
    await add.click();
    await passkeys.getByText('Passkey "Chrome on Linux" added.').waitFor();
    await passkeys.getByRole("button", { name: "Remove Chrome on Linux" }).waitFor();
    await passkeys.getByText("Never used").waitFor();
    await section(page, "Recent security activity").getByText("Passkey added").waitFor();
    await expectAccessible(page, "passkeys: one added");

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await waitForPath(page, "/signin");
    const signIn = page.getByRole("button", { name: "Sign in with a passkey" });
    await waitForHydration(signIn);
    await expectAccessible(page, "sign-in with a passkey button");
    await signIn.click();
    await waitForPath(page, "/dashboard");

    await page.goto("/account");
    await passkeys.getByText(/Last used/).waitFor();
    await passkeys.getByRole("button", { name: "Rename Chrome on Linux" }).click();
    const name = passkeys.getByRole("textbox", { name: "Passkey name" });
    await expectAccessible(page, "passkeys: rename");
    await name.fill("Work laptop");
    await passkeys.getByRole("button", { name: "Save name" }).click();
    await passkeys.getByText("Passkey renamed.").waitFor();

    await passkeys.getByRole("button", { name: "Remove Work laptop" }).click();
    const password = passkeys.getByLabel("Password to confirm", { exact: true });
    await password.fill("not the password");
    await passkeys.getByRole("button", { name: "Confirm removal" }).click();
    await passkeys.getByText("Password is incorrect").waitFor();
    await expectAccessible(page, "passkeys: remove, wrong password");
    await password.fill(user.password);
    await passkeys.getByRole("button", { name: "Confirm removal" }).click();
    await passkeys.getByText("Passkey removed.").waitFor();
    await passkeys.getByText("No passkeys yet.").waitFor();
    await section(page, "Recent security activity").getByText("Passkey removed").waitFor();

    // The authenticator still holds the credential, but the server no longer knows it.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await waitForPath(page, "/signin");
    await waitForHydration(signIn);
    await signIn.click();
    await page.getByText("This passkey could not sign you in").waitFor();
    expect(new URL(page.url()).pathname).toBe("/signin");

    expect(unexpectedErrors(errors, [400, 401])).toEqual([]);
  });
});
