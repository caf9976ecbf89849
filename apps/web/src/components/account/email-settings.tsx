"use client";

import { EMAIL_MAX_LENGTH } from "@doable/domain";
import { type FormEvent, useId, useState } from "react";
import { fieldErrorsOf, humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { Field } from "../field";
import { PasswordInput } from "../password-input";

type Errors = Partial<Record<"newEmail" | "password" | "form", string>>;

/** The address, whether it is verified (and a way to get a new link), and the email change form. */
export function EmailSettings() {
  const id = useId();
  const utils = api.useUtils();
  const [status] = api.account.emailStatus.useSuspenseQuery();
  const [resendMessage, setResendMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const resend = api.account.resendVerification.useMutation({
    onSuccess: () => setResendMessage(`Sent. Open the link in the email to ${status.email}.`),
    onError: (error) => setResendMessage(humanMessage(error)),
  });
  const change = api.account.requestEmailChange.useMutation({
    onSuccess: () => void utils.account.emailStatus.invalidate(),
    onError: (error) => {
      const fields = fieldErrorsOf(error);
      setErrors({
        newEmail: fields.newEmail?.[0],
        password: fields.password?.[0],
        form: Object.keys(fields).length === 0 ? humanMessage(error) : undefined,
      });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const newEmail = String(data.get("newEmail") ?? "");
    const password = String(data.get("password") ?? "");
    const next: Errors = {};
    if (newEmail.trim() === "") next.newEmail = "Enter the new email address.";
    if (password === "") next.password = "Enter your password.";
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    change.mutate({ newEmail, password }, { onSuccess: () => form.reset() });
  }

  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Email</h2>
      <p>
        {status.email} · <strong>{status.verified ? "Verified" : "Not verified"}</strong>
      </p>
      {!status.verified && status.mailAvailable && (
        <div className="row">
          <button
            type="button"
            className="secondary"
            disabled={resend.isPending}
            onClick={() => resend.mutate()}
          >
            Resend verification email
          </button>
          <span role="status" className="muted">
            {resendMessage ?? ""}
          </span>
        </div>
      )}
      {status.pendingEmail && (
        <p className="notice" role="status">
          Waiting for confirmation: open the link we sent to {status.pendingEmail}. Until then your email
          stays {status.email}.
        </p>
      )}
      {status.mailAvailable ? (
        <form method="post" className="stack" onSubmit={submit} noValidate>
          <Field id={`${id}-new-email`} label="New email" error={errors.newEmail}>
            {(control) => (
              <input
                {...control}
                name="newEmail"
                type="email"
                autoComplete="email"
                maxLength={EMAIL_MAX_LENGTH}
              />
            )}
          </Field>
          <Field
            id={`${id}-password`}
            label="Password"
            hint="Needed to change your email."
            error={errors.password}
          >
            {(control) => <PasswordInput control={control} name="password" autoComplete="current-password" />}
          </Field>
          {errors.form && (
            <p role="alert" className="alert">
              {errors.form}
            </p>
          )}
          <button type="submit" disabled={change.isPending}>
            Change email
          </button>
        </form>
      ) : (
        <p className="muted">
          Email is not set up on this server, so the address cannot be confirmed or changed here.
        </p>
      )}
    </section>
  );
}
