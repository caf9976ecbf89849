import type { BrowserContext, Page } from "playwright-core";

/**
 * A platform authenticator with a resident key that verifies the user (as a fingerprint reader
 * does): what `residentKey: "required"` and `userVerification: "required"` ask for.
 */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}
