"use client";

import { PASSWORD_MIN_LENGTH, passwordProblem } from "@doable/domain";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useId, useState } from "react";
import { takeTokenFromUrl } from "~/lib/token-from-url";
import { fieldErrorsOf, humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { Field } from "./field";
import { PasswordInput } from "./password-input";

/** Where a successful reset leads: sign in, with a word about what happened. */
const AFTER_RESET = "/signin?reset=1";

export function ResetPasswordForm() {
  const id = useId();
  const router = useRouter();
  // undefined: not read yet (server render, first paint); null: the link had no token.
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const reset = api.auth.resetPassword.useMutation({
    onSuccess: () => router.replace(AFTER_RESET),
    onError: (error) => {
      const field = fieldErrorsOf(error).newPassword?.[0];
      if (field) setPasswordError(field);
      else setFormError(humanMessage(error));
    },
  });

  useEffect(() => setToken(takeTokenFromUrl()), []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const newPassword = String(new FormData(event.currentTarget).get("newPassword") ?? "");
    const problem = passwordProblem(newPassword);
    if (problem) {
      setPasswordError(problem);
      return;
    }
    setPasswordError(null);
    if (token) reset.mutate({ token, newPassword });
  }

  if (token === null) {
    return (
      <p className="alert" role="alert">
        This link is incomplete. <Link href="/forgot-password">Ask for a new one</Link>.
      </p>
    );
  }
  const pending = reset.isPending || reset.isSuccess;
  return (
    <form method="post" className="stack" onSubmit={submit} noValidate>
      <div role="alert" className="alert">
        {formError}
      </div>
      <Field
        id={`${id}-new`}
        label="New password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. Every session will be signed out.`}
        error={passwordError}
      >
        {(control) => (
          <PasswordInput control={control} name="newPassword" autoComplete="new-password" required />
        )}
      </Field>
      <button type="submit" disabled={pending || token === undefined}>
        {pending ? "Setting your password…" : "Set new password"}
      </button>
    </form>
  );
}
