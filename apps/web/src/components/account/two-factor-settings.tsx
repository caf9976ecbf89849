"use client";

import { type FormEvent, type ReactNode, useId, useState } from "react";
import { fieldErrorsOf, humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { Field } from "../field";
import { PasswordInput } from "../password-input";
import { QrCode } from "./qr-code";
import { RecoveryCodes } from "./recovery-codes";

/** Longer than "123 456": the server reads the digits. */
const CODE_MAX_LENGTH = 16;

type Step =
  | { kind: "idle" }
  | { kind: "scanning"; secret: string; otpauthUri: string }
  | { kind: "codes"; codes: string[] }
  | { kind: "confirming"; action: "disable" | "regenerate" };

/** Scan, then confirm one code: the secret is active only once a code from it has been typed. */
function EnableForm({
  secret,
  otpauthUri,
  onEnabled,
  onCancel,
}: {
  secret: string;
  otpauthUri: string;
  onEnabled: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const enable = api.account.twoFactor.enable.useMutation({
    onSuccess: ({ recoveryCodes }) => onEnabled(recoveryCodes),
    onError: (cause) => setError(fieldErrorsOf(cause).code?.[0] ?? humanMessage(cause)),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    if (code === "") {
      setError("Enter the 6-digit code your app shows.");
      return;
    }
    setError(null);
    enable.mutate({ code });
  }

  return (
    <div className="stack">
      <p>Scan this QR code with your authenticator app, then type the code it shows.</p>
      <QrCode text={otpauthUri} label="QR code for your authenticator app" />
      <p>
        Or enter this key by hand: <code id={`${id}-secret`}>{secret}</code>
      </p>
      <form method="post" className="stack" onSubmit={submit} noValidate>
        <Field id={`${id}-code`} label="Code" error={error} alertOnError>
          {(control) => (
            <input
              {...control}
              name="code"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={CODE_MAX_LENGTH}
            />
          )}
        </Field>
        <div className="row">
          <button type="submit" disabled={enable.isPending}>
            Confirm
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

/** The password again, for turning two-factor off or making new recovery codes. */
function PasswordConfirmation({
  action,
  onDone,
  onCancel,
}: {
  action: "disable" | "regenerate";
  onDone: (codes: string[] | null) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const onError = (cause: unknown) => setError(fieldErrorsOf(cause).password?.[0] ?? humanMessage(cause));
  const disable = api.account.twoFactor.disable.useMutation({ onSuccess: () => onDone(null), onError });
  const regenerate = api.account.twoFactor.regenerateRecoveryCodes.useMutation({
    onSuccess: ({ recoveryCodes }) => onDone(recoveryCodes),
    onError,
  });
  const submitLabel = action === "disable" ? "Turn off two-factor" : "Regenerate recovery codes";

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    if (password === "") {
      setError("Enter your password to confirm.");
      return;
    }
    setError(null);
    if (action === "disable") disable.mutate({ password });
    else regenerate.mutate({ password });
  }

  return (
    <form method="post" className="stack" onSubmit={submit} noValidate aria-label={submitLabel}>
      <Field id={`${id}-password`} label="Password to confirm" error={error} alertOnError>
        {(control) => <PasswordInput control={control} name="password" autoComplete="current-password" />}
      </Field>
      <div className="row">
        <button type="submit" disabled={disable.isPending || regenerate.isPending}>
          {submitLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The two-factor section of /account (TOTP with recovery codes, docs/decisions/0035). */
export function TwoFactorSettings() {
  const id = useId();
  const utils = api.useUtils();
  const [status] = api.account.twoFactor.status.useSuspenseQuery();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [error, setError] = useState<string | null>(null);
  const refresh = (): void => {
    void utils.account.twoFactor.status.invalidate();
    void utils.account.securityActivity.invalidate();
  };
  const begin = api.account.twoFactor.begin.useMutation({
    onSuccess: (started) => setStep({ kind: "scanning", ...started }),
    onError: (cause) => setError(humanMessage(cause)),
  });
  const showCodes = (codes: string[]): void => {
    setStep({ kind: "codes", codes });
    refresh();
  };

  let body: ReactNode;
  if (step.kind === "scanning") {
    body = (
      <EnableForm
        secret={step.secret}
        otpauthUri={step.otpauthUri}
        onEnabled={showCodes}
        onCancel={() => setStep({ kind: "idle" })}
      />
    );
  } else if (step.kind === "codes") {
    body = <RecoveryCodes codes={step.codes} onDone={() => setStep({ kind: "idle" })} />;
  } else if (step.kind === "confirming") {
    body = (
      <PasswordConfirmation
        key={step.action}
        action={step.action}
        onDone={(codes) => {
          if (codes) showCodes(codes);
          else {
            setStep({ kind: "idle" });
            refresh();
          }
        }}
        onCancel={() => setStep({ kind: "idle" })}
      />
    );
  } else if (status.enabled) {
    body = (
      <div className="row">
        <button
          type="button"
          className="secondary"
          onClick={() => setStep({ kind: "confirming", action: "disable" })}
        >
          Turn off two-factor
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => setStep({ kind: "confirming", action: "regenerate" })}
        >
          Regenerate recovery codes
        </button>
      </div>
    );
  } else {
    body = (
      <div>
        <button
          type="button"
          disabled={begin.isPending}
          onClick={() => {
            setError(null);
            begin.mutate();
          }}
        >
          Turn on two-factor
        </button>
      </div>
    );
  }

  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Two-factor sign-in</h2>
      <p role="status">
        {status.enabled
          ? `Two-factor is on. Recovery codes left: ${status.recoveryCodesLeft}.`
          : "Two-factor is off. Turn it on to ask for a code from an authenticator app at every sign-in."}
      </p>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      {body}
    </section>
  );
}
