"use client";

import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@doable/domain";
import { type FormEvent, startTransition, useActionState, useId } from "react";
import { signInAction, signUpAction } from "~/app/(auth)/credential-actions";
import { EMPTY_CREDENTIAL_STATE } from "./credential-form-state";
import { Field } from "./field";
import { PasswordInput } from "./password-input";
import { SecondFactorForm } from "./second-factor-form";

type Mode = "signin" | "signup";

const COPY: Record<Mode, { submit: string; pending: string }> = {
  signin: { submit: "Sign in", pending: "Signing in…" },
  signup: { submit: "Sign up", pending: "Creating your account…" },
};

const ACTIONS = { signin: signInAction, signup: signUpAction };

/**
 * The sign-in and sign-up form: a plain form posted to a server action, so Enter pressed before
 * the page is hydrated signs in (or up) instead of losing what was typed; the server checks
 * everything and answers with the state to show. Once hydrated, the same action is called without
 * a page load and the fields keep what was typed.
 */
export function AuthForm({ mode }: { mode: Mode }) {
  const id = useId();
  const [state, formAction, pending] = useActionState(ACTIONS[mode], EMPTY_CREDENTIAL_STATE);
  const { fieldErrors, formError } = state;

  if (state.challenge !== null) {
    return <SecondFactorForm state={state} formAction={formAction} pending={pending} />;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    // A new account reads due dates in this browser's zone until its owner picks another.
    if (mode === "signup") data.set("timeZone", Intl.DateTimeFormat().resolvedOptions().timeZone);
    // Called as a transition rather than by the form itself, which would clear the fields after it.
    startTransition(() => formAction(data));
  }

  return (
    <form
      // Before hydration React renders this as a POST of the fields to the server action: the
      // password stays in the request body, never in the address.
      action={formAction}
      className="stack"
      onSubmit={submit}
      noValidate
      aria-describedby={formError ? `${id}-form-error` : undefined}
    >
      <div id={`${id}-form-error`} role="alert" className="alert">
        {formError}
      </div>
      {mode === "signup" && (
        <Field
          id={`${id}-name`}
          label="Name"
          hint="Optional — shown instead of your email."
          error={fieldErrors.name}
        >
          {(control) => (
            <input
              {...control}
              name="name"
              type="text"
              autoComplete="name"
              maxLength={NAME_MAX_LENGTH}
              defaultValue={state.name}
            />
          )}
        </Field>
      )}
      <Field id={`${id}-email`} label="Email" error={fieldErrors.email}>
        {(control) => (
          <input
            {...control}
            name="email"
            type="email"
            autoComplete={mode === "signup" ? "email" : "username"}
            maxLength={EMAIL_MAX_LENGTH}
            defaultValue={state.email}
            required
          />
        )}
      </Field>
      <Field
        id={`${id}-password`}
        label="Password"
        hint={mode === "signup" ? `At least ${PASSWORD_MIN_LENGTH} characters.` : undefined}
        error={fieldErrors.password}
      >
        {(control) => (
          <PasswordInput
            control={control}
            name="password"
            autoComplete={mode === "signup" ? "new-password" : "current-password"}
            required
          />
        )}
      </Field>
      <button type="submit" disabled={pending}>
        {pending ? COPY[mode].pending : COPY[mode].submit}
      </button>
    </form>
  );
}
