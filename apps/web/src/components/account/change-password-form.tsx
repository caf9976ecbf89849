"use client";

import { PASSWORD_MIN_LENGTH, passwordProblem } from "@doable/domain";
import { type FormEvent, useId, useState } from "react";
import { fieldErrorsOf, humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { Field } from "../field";
import { PasswordInput } from "../password-input";

type Errors = Partial<Record<"currentPassword" | "newPassword" | "form", string>>;

export function ChangePasswordForm() {
  const id = useId();
  const utils = api.useUtils();
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState(false);
  const change = api.account.changePassword.useMutation({
    onSuccess: () => {
      setDone(true);
      void utils.account.invalidate();
    },
    onError: (error) => {
      const fields = fieldErrorsOf(error);
      setErrors({
        currentPassword: fields.currentPassword?.[0],
        newPassword: fields.newPassword?.[0],
        form: Object.keys(fields).length === 0 ? humanMessage(error) : undefined,
      });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const currentPassword = String(data.get("currentPassword") ?? "");
    const newPassword = String(data.get("newPassword") ?? "");
    setDone(false);
    const next: Errors = {};
    if (currentPassword === "") next.currentPassword = "Enter your current password.";
    const problem = passwordProblem(newPassword);
    if (problem) next.newPassword = problem;
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    change.mutate({ currentPassword, newPassword }, { onSuccess: () => form.reset() });
  }

  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Change password</h2>
      <form method="post" className="stack" onSubmit={submit} noValidate>
        <Field id={`${id}-current`} label="Current password" error={errors.currentPassword}>
          {(control) => (
            <PasswordInput control={control} name="currentPassword" autoComplete="current-password" />
          )}
        </Field>
        <Field
          id={`${id}-new`}
          label="New password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. Your other sessions will be signed out.`}
          error={errors.newPassword}
        >
          {(control) => <PasswordInput control={control} name="newPassword" autoComplete="new-password" />}
        </Field>
        {errors.form && (
          <p role="alert" className="alert">
            {errors.form}
          </p>
        )}
        <div className="row">
          <button type="submit" disabled={change.isPending}>
            Change password
          </button>
          <span role="status" className="muted">
            {done ? "Password changed. Your other sessions were signed out." : ""}
          </span>
        </div>
      </form>
    </section>
  );
}
