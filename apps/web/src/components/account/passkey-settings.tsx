"use client";

import { NAME_MAX_LENGTH, PASSKEYS_PER_USER_MAX } from "@doable/domain";
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { formatDateTime } from "~/lib/dates";
import { createPasskey, passkeyPromptMessage } from "~/lib/passkeys";
import { fieldErrorsOf, humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { Field, type FieldControlProps } from "../field";
import { PasswordInput } from "../password-input";

interface Passkey {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

type Editing = { kind: "none" } | { kind: "rename"; id: string } | { kind: "remove"; id: string };

/** One field, a submit button and "Cancel": renaming and removing a passkey are both this. */
function OneFieldForm({
  formLabel,
  fieldName,
  fieldLabel,
  emptyMessage,
  submitLabel,
  danger,
  pending,
  error,
  onEmpty,
  onSubmit,
  onCancel,
  renderInput,
}: {
  formLabel: string;
  fieldName: string;
  fieldLabel: string;
  emptyMessage: string;
  submitLabel: string;
  danger: boolean;
  pending: boolean;
  error: string | null;
  onEmpty: (message: string) => void;
  onSubmit: (value: string) => void;
  onCancel: () => void;
  renderInput: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get(fieldName) ?? "");
    if (value.trim() === "") onEmpty(emptyMessage);
    else onSubmit(value);
  }

  return (
    <form method="post" className="stack" onSubmit={submit} noValidate aria-label={formLabel}>
      <Field id={`${id}-field`} label={fieldLabel} error={error} alertOnError>
        {renderInput}
      </Field>
      <div className="row">
        <button type="submit" className={danger ? "danger" : undefined} disabled={pending}>
          {submitLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RenameForm({ passkey, onDone }: { passkey: Passkey; onDone: (renamed: boolean) => void }) {
  const [error, setError] = useState<string | null>(null);
  const rename = api.account.passkeys.rename.useMutation({
    onSuccess: () => onDone(true),
    onError: (cause) => setError(fieldErrorsOf(cause).name?.[0] ?? humanMessage(cause)),
  });
  return (
    <OneFieldForm
      formLabel={`Rename ${passkey.name}`}
      fieldName="name"
      fieldLabel="Passkey name"
      emptyMessage="Enter a name."
      submitLabel="Save name"
      danger={false}
      pending={rename.isPending}
      error={error}
      onEmpty={setError}
      onSubmit={(name) => {
        setError(null);
        rename.mutate({ id: passkey.id, name: name.trim() });
      }}
      onCancel={() => onDone(false)}
      renderInput={(control) => (
        <input {...control} name="name" type="text" defaultValue={passkey.name} maxLength={NAME_MAX_LENGTH} />
      )}
    />
  );
}

/** Removing a passkey asks for the password again (docs/decisions/0036). */
function RemoveForm({ passkey, onDone }: { passkey: Passkey; onDone: (removed: boolean) => void }) {
  const [error, setError] = useState<string | null>(null);
  const remove = api.account.passkeys.remove.useMutation({
    onSuccess: () => onDone(true),
    onError: (cause) => setError(fieldErrorsOf(cause).password?.[0] ?? humanMessage(cause)),
  });
  return (
    <OneFieldForm
      formLabel={`Remove ${passkey.name}`}
      fieldName="password"
      fieldLabel="Password to confirm"
      emptyMessage="Enter your password to confirm."
      submitLabel="Confirm removal"
      danger
      pending={remove.isPending}
      error={error}
      onEmpty={setError}
      onSubmit={(password) => {
        setError(null);
        remove.mutate({ id: passkey.id, password });
      }}
      onCancel={() => onDone(false)}
      renderInput={(control) => (
        <PasswordInput control={control} name="password" autoComplete="current-password" />
      )}
    />
  );
}

function PasskeyItem({
  passkey,
  timeZone,
  editing,
  onEdit,
  onDone,
}: {
  passkey: Passkey;
  timeZone: string;
  editing: Editing;
  onEdit: (editing: Editing) => void;
  onDone: (message: string | null) => void;
}) {
  const mine = editing.kind !== "none" && editing.id === passkey.id;
  return (
    <li className="session stack">
      <div className="row">
        <div>
          <p className="session-device">{passkey.name}</p>
          <p className="small muted">
            Added {formatDateTime(passkey.createdAt, timeZone)} ·{" "}
            {passkey.lastUsedAt ? `Last used ${formatDateTime(passkey.lastUsedAt, timeZone)}` : "Never used"}
          </p>
        </div>
        <button
          type="button"
          className="secondary"
          onClick={() => onEdit({ kind: "rename", id: passkey.id })}
        >
          Rename {passkey.name}
        </button>
        <button
          type="button"
          className="danger-ghost"
          onClick={() => onEdit({ kind: "remove", id: passkey.id })}
        >
          Remove {passkey.name}
        </button>
      </div>
      {mine && editing.kind === "rename" && (
        <RenameForm passkey={passkey} onDone={(renamed) => onDone(renamed ? "Passkey renamed." : null)} />
      )}
      {mine && editing.kind === "remove" && (
        <RemoveForm passkey={passkey} onDone={(removed) => onDone(removed ? "Passkey removed." : null)} />
      )}
    </li>
  );
}

/** The passkeys section of /account: list, add, rename and remove (docs/decisions/0036). */
export function PasskeySettings({ timeZone }: { timeZone: string }) {
  const id = useId();
  const utils = api.useUtils();
  const [passkeys] = api.account.passkeys.list.useSuspenseQuery();
  const [editing, setEditing] = useState<Editing>({ kind: "none" });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [adding, setAdding] = useState(false);
  const beginRegistration = api.account.passkeys.beginRegistration.useMutation();
  const finishRegistration = api.account.passkeys.finishRegistration.useMutation();
  const refresh = (): void => {
    void utils.account.passkeys.list.invalidate();
    void utils.account.securityActivity.invalidate();
  };

  async function add(): Promise<void> {
    setAdding(true);
    setMessage(null);
    try {
      const options = await beginRegistration.mutateAsync();
      const response = await createPasskey(options);
      const added = await finishRegistration.mutateAsync({ response });
      setMessage({ ok: true, text: `Passkey "${added.name}" added.` });
      refresh();
    } catch (cause) {
      setMessage({ ok: false, text: passkeyPromptMessage(cause) ?? humanMessage(cause) });
    } finally {
      setAdding(false);
    }
  }

  const finishEditing = (text: string | null): void => {
    setEditing({ kind: "none" });
    if (text !== null) {
      setMessage({ ok: true, text });
      refresh();
    }
  };

  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <div className="section-heading">
        <h2 id={`${id}-heading`}>Passkeys</h2>
        <button
          type="button"
          onClick={() => void add()}
          disabled={adding || passkeys.length >= PASSKEYS_PER_USER_MAX}
          aria-busy={adding}
        >
          Add a passkey
        </button>
      </div>
      <p className="muted">
        A passkey signs you in with this device's screen lock or a security key, without your password or a
        code.
      </p>
      <p role="status" className={message?.ok === false ? "field-error" : "muted"}>
        {message?.text}
      </p>
      {passkeys.length === 0 ? (
        <p>No passkeys yet.</p>
      ) : (
        <ul className="session-list" aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <PasskeyItem
              key={passkey.id}
              passkey={passkey}
              timeZone={timeZone}
              editing={editing}
              onEdit={(next) => {
                setMessage(null);
                setEditing(next);
              }}
              onDone={finishEditing}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
