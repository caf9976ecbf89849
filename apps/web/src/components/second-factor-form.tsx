"use client";

import { type FormEvent, useId, useState } from "react";
import { fieldErrorsOf, humanMessage, isUnauthorized } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { Field } from "./field";

/** Longer than a recovery code typed with spaces: a bound for the field, the server checks the rest. */
const CODE_MAX_LENGTH = 64;

interface SecondFactorFormProps {
  /** From `auth.signIn`'s `{ twoFactorRequired: true, challenge }`. */
  challenge: string;
  onSignedIn: () => void;
  /** Back to email and password (the challenge expired, or another account). */
  onStartOver: () => void;
}

/** The sign-in's second step: a code from the authenticator app, or a recovery code. */
export function SecondFactorForm({ challenge, onSignedIn, onStartOver }: SecondFactorFormProps) {
  const id = useId();
  const [codeError, setCodeError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const complete = api.auth.completeSignIn.useMutation({
    onSuccess: onSignedIn,
    onError: (error) => {
      const field = fieldErrorsOf(error).code?.[0];
      // "Invalid code" belongs next to the field; a wait or an outage to the whole form.
      if (field || isUnauthorized(error)) {
        setCodeError(field ?? humanMessage(error));
        setFormError(null);
      } else {
        setCodeError(null);
        setFormError(humanMessage(error));
      }
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    if (code === "") {
      setCodeError("Enter the code from your authenticator app.");
      return;
    }
    setCodeError(null);
    setFormError(null);
    complete.mutate({ challenge, code });
  }

  return (
    <form method="post" className="stack" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Two-factor sign-in</h2>
      <div role="alert" className="alert">
        {formError}
      </div>
      <Field
        id={`${id}-code`}
        label="Code"
        hint="The 6-digit code from your authenticator app, or one of your recovery codes."
        error={codeError}
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
        <button type="submit" disabled={complete.isPending || complete.isSuccess}>
          {complete.isPending || complete.isSuccess ? "Verifying…" : "Verify"}
        </button>
        <button type="button" className="secondary" onClick={onStartOver}>
          Start over
        </button>
      </div>
    </form>
  );
}
