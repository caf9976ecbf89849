"use server";

import { cookies } from "next/headers";
import { RedirectType, redirect } from "next/navigation";
import {
  type CredentialField,
  type CredentialFormState,
  EMPTY_CREDENTIAL_STATE,
} from "~/components/credential-form-state";
import { TIME_ZONE_COOKIE } from "~/lib/time-zone";
import { type CallFailure, callFromForm } from "~/server/credential-call";

/**
 * The sign-in and sign-up forms post here (server actions): plain forms that work before the page
 * is hydrated, calling the same procedures as the API, in-process (docs/decisions/0038). The pages
 * then need no API client, query library or schema library in the browser (issue 13).
 */

const SIGNED_IN_PATH = "/dashboard";
const ENTER_CODE_MESSAGE = "Enter the code from your authenticator app.";
const FIELDS: readonly CredentialField[] = ["name", "email", "password", "code"];

function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}

function refused(typed: Pick<CredentialFormState, "email" | "name" | "challenge">, failure: CallFailure) {
  const fieldErrors: CredentialFormState["fieldErrors"] = {};
  for (const field of FIELDS) {
    const message = failure.fieldErrors[field];
    if (message !== undefined) fieldErrors[field] = message;
  }
  // A field error the form has no field for (never expected) is still shown, on the form.
  const formError = failure.message ?? (Object.keys(fieldErrors).length === 0 ? "Invalid input" : null);
  return { ...EMPTY_CREDENTIAL_STATE, ...typed, fieldErrors, formError };
}

/** A browser's own zone for a new account (docs/decisions/0034): from the form once hydrated, else the cookie. */
async function signUpZone(data: FormData): Promise<string | undefined> {
  const typed = text(data, "timeZone");
  if (typed !== "") return typed;
  const cookie = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  if (cookie === undefined) return undefined;
  try {
    return decodeURIComponent(cookie);
  } catch {
    return undefined;
  }
}

async function completeSignIn(data: FormData, challenge: string): Promise<CredentialFormState> {
  const typed = { email: text(data, "email"), name: "", challenge };
  const code = text(data, "code").trim();
  if (code === "") return { ...EMPTY_CREDENTIAL_STATE, ...typed, fieldErrors: { code: ENTER_CODE_MESSAGE } };
  const result = await callFromForm("auth.completeSignIn", (api) =>
    api.auth.completeSignIn({ challenge, code }),
  );
  if (!result.ok) {
    const { failure } = result;
    // "Invalid code" belongs next to the field; a wait or an outage to the whole form.
    if (failure.unauthorized && failure.message !== null) {
      return { ...EMPTY_CREDENTIAL_STATE, ...typed, fieldErrors: { code: failure.message } };
    }
    return refused(typed, failure);
  }
  redirect(SIGNED_IN_PATH, RedirectType.replace);
}

/** The sign-in form, both steps: email and password, then (with `challenge`) the second factor. */
export async function signInAction(
  _previous: CredentialFormState,
  data: FormData,
): Promise<CredentialFormState> {
  const challenge = text(data, "challenge");
  if (challenge !== "") return completeSignIn(data, challenge);
  const email = text(data, "email");
  const result = await callFromForm("auth.signIn", (api) =>
    api.auth.signIn({ email, password: text(data, "password") }),
  );
  if (!result.ok) return refused({ email, name: "", challenge: null }, result.failure);
  if ("twoFactorRequired" in result.value) {
    return { ...EMPTY_CREDENTIAL_STATE, email, challenge: result.value.challenge };
  }
  redirect(SIGNED_IN_PATH, RedirectType.replace);
}

export async function signUpAction(
  _previous: CredentialFormState,
  data: FormData,
): Promise<CredentialFormState> {
  const typed = { email: text(data, "email"), name: text(data, "name"), challenge: null };
  const timeZone = await signUpZone(data);
  const result = await callFromForm("auth.signUp", (api) =>
    api.auth.signUp({
      email: typed.email,
      password: text(data, "password"),
      name: typed.name,
      ...(timeZone === undefined ? {} : { timeZone }),
    }),
  );
  if (!result.ok) return refused(typed, result.failure);
  redirect(SIGNED_IN_PATH, RedirectType.replace);
}
