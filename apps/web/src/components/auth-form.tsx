"use client";

import {
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  signInInput,
  signUpInput,
} from "@doable/api/validators";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { fieldErrorsOf, humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { Field } from "./field";
import { PasswordInput } from "./password-input";
import { SecondFactorForm } from "./second-factor-form";

type Mode = "signin" | "signup";
type FieldErrors = Partial<Record<"email" | "password" | "name", string>>;

const COPY: Record<Mode, { submit: string; pending: string }> = {
  signin: { submit: "Sign in", pending: "Signing in…" },
  signup: { submit: "Sign up", pending: "Creating your account…" },
};

function firstErrors(errors: Record<string, string[] | undefined>): FieldErrors {
  const result: FieldErrors = {};
  for (const field of ["email", "password", "name"] as const) {
    const message = errors[field]?.[0];
    if (message) result[field] = message;
  }
  return result;
}

export function AuthForm({ mode }: { mode: Mode }) {
  const router = useRouter();
  const id = useId();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  /** Set when the password was right and the account asks for a second factor. */
  const [challenge, setChallenge] = useState<string | null>(null);
  const onSuccess = () => {
    router.replace("/dashboard");
    router.refresh();
  };
  const signIn = api.auth.signIn.useMutation({
    onSuccess: (answer) => {
      if ("twoFactorRequired" in answer) setChallenge(answer.challenge);
      else onSuccess();
    },
  });
  const signUp = api.auth.signUp.useMutation({ onSuccess });
  const pending = signIn.isPending || signUp.isPending || signIn.isSuccess || signUp.isSuccess;

  if (challenge !== null) {
    return (
      <SecondFactorForm
        challenge={challenge}
        onSignedIn={onSuccess}
        onStartOver={() => {
          setChallenge(null);
          signIn.reset();
        }}
      />
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const values = {
      email: String(data.get("email") ?? ""),
      password: String(data.get("password") ?? ""),
      // A new account reads due dates in this browser's zone until its owner picks another.
      ...(mode === "signup"
        ? { name: String(data.get("name") ?? ""), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }
        : {}),
    };
    // The same schema the server enforces, so the form and the API never disagree.
    const parsed = (mode === "signup" ? signUpInput : signInInput).safeParse(values);
    if (!parsed.success) {
      const byField: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        byField[field] = [...(byField[field] ?? []), issue.message];
      }
      setFieldErrors(firstErrors(byField));
      setFormError(null);
      return;
    }
    setFieldErrors({});
    setFormError(null);
    try {
      if (mode === "signup") await signUp.mutateAsync(values);
      else await signIn.mutateAsync({ email: values.email, password: values.password });
    } catch (error) {
      const serverFieldErrors = firstErrors(fieldErrorsOf(error));
      if (Object.keys(serverFieldErrors).length > 0) setFieldErrors(serverFieldErrors);
      else setFormError(humanMessage(error));
    }
  }

  return (
    <form
      // Submitted before the page is interactive, a form without a method would put the password
      // in the address (GET): posted, it stays in the request body.
      method="post"
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
            <input {...control} name="name" type="text" autoComplete="name" maxLength={NAME_MAX_LENGTH} />
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
