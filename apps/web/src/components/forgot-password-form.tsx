"use client";

import { EMAIL_MAX_LENGTH, requestPasswordResetInput } from "@doable/api/validators";
import { describeLifetime, PASSWORD_RESET_TOKEN_LIFETIME_MS } from "@doable/domain";
import { type FormEvent, useId, useState } from "react";
// The one page that still checks with a zod schema in the browser (the email rule): without eval.
import "~/lib/zod-without-eval";
import { humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { Field } from "./field";

/** The same words whether or not an account has that email: the page reveals nothing either. */
const SENT_MESSAGE = `If an account uses that email, we have sent it a link to set a new password. The link works for ${describeLifetime(PASSWORD_RESET_TOKEN_LIFETIME_MS)}.`;

export function ForgotPasswordForm() {
  const id = useId();
  const [emailError, setEmailError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const request = api.auth.requestPasswordReset.useMutation({
    onSuccess: () => setSent(true),
    onError: (error) => setFormError(humanMessage(error)),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(false);
    setFormError(null);
    const parsed = requestPasswordResetInput.safeParse({
      email: String(new FormData(event.currentTarget).get("email") ?? ""),
    });
    if (!parsed.success) {
      setEmailError(parsed.error.issues[0]?.message ?? "Invalid email format");
      return;
    }
    setEmailError(null);
    request.mutate(parsed.data);
  }

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div role="alert" className="alert">
        {formError}
      </div>
      <Field id={`${id}-email`} label="Email" error={emailError}>
        {(control) => (
          <input
            {...control}
            name="email"
            type="email"
            autoComplete="username"
            maxLength={EMAIL_MAX_LENGTH}
            required
          />
        )}
      </Field>
      <button type="submit" disabled={request.isPending}>
        {request.isPending ? "Sending…" : "Send reset link"}
      </button>
      <p role="status" className={sent ? "success" : undefined}>
        {sent ? SENT_MESSAGE : ""}
      </p>
    </form>
  );
}
