"use client";

import {
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  signInInput,
  signUpInput,
} from "@doable/api/validators";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { fieldErrorsOf, humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";

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
  const onSuccess = () => {
    router.replace("/dashboard");
    router.refresh();
  };
  const signIn = api.auth.signIn.useMutation({ onSuccess });
  const signUp = api.auth.signUp.useMutation({ onSuccess });
  const pending = signIn.isPending || signUp.isPending || signIn.isSuccess || signUp.isSuccess;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const values = {
      email: String(data.get("email") ?? ""),
      password: String(data.get("password") ?? ""),
      ...(mode === "signup" ? { name: String(data.get("name") ?? "") } : {}),
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

  const describedBy = (field: keyof FieldErrors, hint?: string) =>
    [fieldErrors[field] ? `${id}-${field}-error` : null, hint ?? null].filter(Boolean).join(" ") || undefined;

  return (
    <form
      className="stack"
      onSubmit={submit}
      noValidate
      aria-describedby={formError ? `${id}-form-error` : undefined}
    >
      <div id={`${id}-form-error`} role="alert" className="alert">
        {formError}
      </div>
      {mode === "signup" && (
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            name="name"
            type="text"
            autoComplete="name"
            maxLength={NAME_MAX_LENGTH}
            aria-invalid={fieldErrors.name ? true : undefined}
            aria-describedby={describedBy("name", `${id}-name-hint`)}
          />
          <span id={`${id}-name-hint`} className="field-hint">
            Optional — shown instead of your email.
          </span>
          {fieldErrors.name && (
            <span id={`${id}-name-error`} className="field-error">
              {fieldErrors.name}
            </span>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-email`}>Email</label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete={mode === "signup" ? "email" : "username"}
          maxLength={EMAIL_MAX_LENGTH}
          required
          aria-invalid={fieldErrors.email ? true : undefined}
          aria-describedby={describedBy("email")}
        />
        {fieldErrors.email && (
          <span id={`${id}-email-error`} className="field-error">
            {fieldErrors.email}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete={mode === "signup" ? "new-password" : "current-password"}
          maxLength={PASSWORD_MAX_LENGTH * 2}
          required
          aria-invalid={fieldErrors.password ? true : undefined}
          aria-describedby={describedBy("password", mode === "signup" ? `${id}-password-hint` : undefined)}
        />
        {mode === "signup" && (
          <span id={`${id}-password-hint`} className="field-hint">
            At least {PASSWORD_MIN_LENGTH} characters.
          </span>
        )}
        {fieldErrors.password && (
          <span id={`${id}-password-error`} className="field-error">
            {fieldErrors.password}
          </span>
        )}
      </div>
      <button type="submit" disabled={pending}>
        {pending ? COPY[mode].pending : COPY[mode].submit}
      </button>
    </form>
  );
}
