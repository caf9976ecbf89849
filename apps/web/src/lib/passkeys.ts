import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/browser";

/**
 * The browser half of WebAuthn, imported only when a passkey button is pressed: pages that show
 * one carry none of it in their initial JavaScript (the page budgets, docs/performance.md).
 */
function webauthnBrowser(): Promise<typeof import("@simplewebauthn/browser")> {
  return import("@simplewebauthn/browser");
}

/** Asks the browser to make a passkey with the server's options; answers what it made. */
export async function createPasskey(
  optionsJSON: PublicKeyCredentialCreationOptionsJSON,
): Promise<RegistrationResponseJSON> {
  const { startRegistration } = await webauthnBrowser();
  return startRegistration({ optionsJSON });
}

/** Asks the browser to sign the server's challenge with one of this site's passkeys. */
export async function assertPasskey(
  optionsJSON: PublicKeyCredentialRequestOptionsJSON,
): Promise<AuthenticationResponseJSON> {
  const { startAuthentication } = await webauthnBrowser();
  return startAuthentication({ optionsJSON });
}

/** The names browsers give a prompt the person closed, or that timed out (WebAuthn §5.1.3, §5.1.4). */
const PROMPT_CLOSED_ERRORS = new Set(["NotAllowedError", "AbortError"]);

/**
 * A sentence for the browser's refusals of a passkey ceremony (closed, already added, no
 * support), or null for anything else: each caller words the API's own errors its way. Kept free
 * of the API client, so /signin, which has none, can use it.
 */
export function passkeyPromptMessage(error: unknown): string | null {
  if (error instanceof Error && PROMPT_CLOSED_ERRORS.has(error.name)) {
    return "The passkey prompt was closed or timed out. Please try again.";
  }
  if (error instanceof Error && error.name === "InvalidStateError") return "This passkey is already added.";
  if (error instanceof Error && /WebAuthn is not supported/i.test(error.message)) {
    return "This browser cannot use passkeys.";
  }
  return null;
}
