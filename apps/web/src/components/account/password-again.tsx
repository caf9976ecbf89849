"use client";

import { FRESH_SIGN_IN_MINUTES } from "@doable/domain";
import { type FormEvent, useId, useState } from "react";
import { assertPasskey, passkeyPromptMessage } from "~/lib/passkeys";
import { humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
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
  /** Sends the action again: with the password typed, or with none once a passkey renewed the sign-in. */
  onConfirm: (password?: string) => void;
  onCancel: () => void;
}

/**
 * "Use a passkey instead", for someone who has one: the passkey replaces this browser's session
 * with one signed in just now (`account.passkeys.confirm`), so the action goes ahead without the
 * password. Hidden for accounts without passkeys.
 */
function PasskeyInstead({ pending, onConfirmed }: { pending: boolean; onConfirmed: () => void }) {
  const utils = api.useUtils();
  const passkeys = api.account.passkeys.list.useQuery();
  const begin = api.account.passkeys.beginConfirmation.useMutation();
  const confirm = api.account.passkeys.confirm.useMutation();
  const [error, setError] = useState<string | null>(null);
  const busy = pending || begin.isPending || confirm.isPending;

  async function usePasskey(): Promise<void> {
    setError(null);
    try {
      const options = await begin.mutateAsync();
      await confirm.mutateAsync({ response: await assertPasskey(options) });
    } catch (cause) {
      setError(passkeyPromptMessage(cause) ?? humanMessage(cause));
      return;
    }
    // This browser's session is a new one now: the list shows it as this device.
    void utils.account.sessions.invalidate();
    onConfirmed();
  }

  if ((passkeys.data?.length ?? 0) === 0) return null;
  return (
    <>
      <div className="row">
        <button type="button" className="secondary" onClick={() => void usePasskey()} disabled={busy}>
          Use a passkey instead
        </button>
      </div>
      <p role="alert" className="field-error">
        {error}
      </p>
    </>
  );
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
      <PasskeyInstead pending={pending} onConfirmed={() => onConfirm()} />
    </form>
  );
}
