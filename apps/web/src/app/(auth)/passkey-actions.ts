"use server";

import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { type CallFailure, callFromForm } from "~/server/credential-call";

/**
 * "Sign in with a passkey" on /signin, as server actions beside the credential forms' (ADR 0038):
 * the page carries no API client, and the session cookie is set by the same in-process call the
 * API endpoint makes (docs/decisions/0036).
 */

export type PasskeyStep<T> = { ok: true; value: T } | { ok: false; message: string };

/** The one sentence a passkey step shows: the procedure's message, or its first field error. */
function messageOf(failure: CallFailure): string {
  return failure.message ?? Object.values(failure.fieldErrors)[0] ?? "This passkey could not sign you in";
}

/** A single-use challenge for any of this site's discoverable passkeys. */
export async function beginPasskeySignIn(): Promise<PasskeyStep<PublicKeyCredentialRequestOptionsJSON>> {
  const result = await callFromForm("auth.passkey.begin", (api) =>
    api.auth.passkey.begin({ transport: "cookie" }),
  );
  return result.ok ? result : { ok: false, message: messageOf(result.failure) };
}

/** Checks the browser's signed answer and, when it holds, sets the session cookie. */
export async function finishPasskeySignIn(response: AuthenticationResponseJSON): Promise<PasskeyStep<null>> {
  const result = await callFromForm("auth.passkey.finish", (api) => api.auth.passkey.finish({ response }));
  return result.ok ? { ok: true, value: null } : { ok: false, message: messageOf(result.failure) };
}
