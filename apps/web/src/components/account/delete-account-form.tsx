"use client";

import { type FormEvent, useId, useState } from "react";
import { fieldErrorsOf, humanMessage } from "~/trpc/errors";
import { api, leavePage } from "~/trpc/react";
import { Field } from "../field";
import { PasswordInput } from "../password-input";

export function DeleteAccountForm() {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const remove = api.account.delete.useMutation({
    onSuccess: () => leavePage("/signup?deleted=1"),
    onError: (cause) => setError(fieldErrorsOf(cause).password?.[0] ?? humanMessage(cause)),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    if (password === "") {
      setError("Enter your password to confirm.");
      return;
    }
    setError(null);
    remove.mutate({ password });
  }

  return (
    <section className="card stack danger-zone" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Delete account</h2>
      <p className="muted">
        This permanently deletes your account, every task and every session. It cannot be undone.
      </p>
      <form method="post" className="stack" onSubmit={submit} noValidate>
        <Field id={`${id}-password`} label="Password to confirm" error={error} alertOnError>
          {(control) => <PasswordInput control={control} name="password" autoComplete="current-password" />}
        </Field>
        <div>
          <button type="submit" className="danger" disabled={remove.isPending}>
            Delete my account
          </button>
        </div>
      </form>
    </section>
  );
}
