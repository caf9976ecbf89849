"use client";

import { FRESH_SIGN_IN_MINUTES } from "@doable/domain";
import { type FormEvent, useId } from "react";
import { Field } from "../field";
import { PasswordInput } from "../password-input";

/**
 * Whether a failed call wants the password again: the server answers a sensitive change on a
 * session older than 10 minutes with a field error on `password` (docs/decisions/0040).
 */
export function asksForPassword(fieldErrors: Record<string, string[]>): string | null {
  return fieldErrors.password?.[0] ?? null;
}

interface PasswordAgainProps {
  /** What the password confirms, for the heading ("Sign out other sessions"). */
  action: string;
  /** The server's message: "Enter your password again to continue", or "Password is incorrect". */
  error: string;
  pending: boolean;
  onConfirm: (password: string) => void;
  onCancel: () => void;
}

/** The password prompt shown in place of an action the server asked to confirm. */
export function PasswordAgain({ action, error, pending, onConfirm, onCancel }: PasswordAgainProps) {
  const id = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    if (password !== "") onConfirm(password);
  }

  return (
    <form method="post" className="stack password-again" onSubmit={submit} noValidate aria-label={action}>
      <p>
        You signed in more than {FRESH_SIGN_IN_MINUTES} minutes ago. To {action.toLowerCase()}, confirm it is
        you.
      </p>
      <Field id={`${id}-password`} label="Password to continue" error={error} alertOnError>
        {(control) => <PasswordInput control={control} name="password" autoComplete="current-password" />}
      </Field>
      <div className="row">
        <button type="submit" className="danger" disabled={pending}>
          Confirm
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
