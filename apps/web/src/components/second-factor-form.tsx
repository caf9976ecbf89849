"use client";

import { type FormEvent, startTransition, useId } from "react";
import type { CredentialFormState } from "./credential-form-state";
import { Field } from "./field";

/** Longer than a recovery code typed with spaces: a bound for the field, the server checks the rest. */
const CODE_MAX_LENGTH = 64;

interface SecondFactorFormProps {
  /** The sign-in form's state, holding `auth.signIn`'s challenge. */
  state: CredentialFormState;
  /** The sign-in form's action: with a challenge in the form it completes the sign-in. */
  formAction: (data: FormData) => void;
  pending: boolean;
}

/**
 * The sign-in's second step: a code from the authenticator app, or a recovery code. Part of the
 * sign-in form's action, so it too works before hydration; the challenge rides in the form.
 */
export function SecondFactorForm({ state, formAction, pending }: SecondFactorFormProps) {
  const id = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  }

  return (
    <form
      action={formAction}
      className="stack"
      onSubmit={submit}
      noValidate
      aria-labelledby={`${id}-heading`}
    >
      <h2 id={`${id}-heading`}>Two-factor sign-in</h2>
      <div role="alert" className="alert">
        {state.formError}
      </div>
      <input type="hidden" name="challenge" value={state.challenge ?? ""} />
      <input type="hidden" name="email" value={state.email} />
      <Field
        id={`${id}-code`}
        label="Code"
        hint="The 6-digit code from your authenticator app, or one of your recovery codes."
        error={state.fieldErrors.code}
        alertOnError
      >
        {(control) => (
          <input
            {...control}
            name="code"
            type="text"
            autoComplete="one-time-code"
            autoCapitalize="off"
            spellCheck={false}
            maxLength={CODE_MAX_LENGTH}
            // biome-ignore lint/a11y/noAutofocus: typing the code is the only thing to do on this step
            autoFocus
          />
        )}
      </Field>
      <div className="row">
        <button type="submit" disabled={pending}>
          {pending ? "Verifying…" : "Verify"}
        </button>
        {/* Back to email and password (the challenge expired, or another account): a fresh page. */}
        <a className="button secondary" href="/signin">
          Start over
        </a>
      </div>
    </form>
  );
}
