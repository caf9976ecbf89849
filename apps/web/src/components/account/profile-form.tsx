"use client";

import { NAME_MAX_LENGTH } from "@doable/domain";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { fieldErrorsOf, humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { Field } from "../field";

export function ProfileForm() {
  const id = useId();
  const router = useRouter();
  const utils = api.useUtils();
  const [me] = api.auth.me.useSuspenseQuery();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const update = api.account.update.useMutation({
    onSuccess: (user) => {
      utils.auth.me.setData(undefined, user);
      setMessage({ ok: true, text: "Name saved." });
      // The header ("Signed in as …") is rendered on the server: fetch it again with the new name.
      router.refresh();
    },
    onError: (error) =>
      setMessage({ ok: false, text: fieldErrorsOf(error).name?.[0] ?? humanMessage(error) }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(null);
    update.mutate({ name: String(new FormData(event.currentTarget).get("name") ?? "") });
  }

  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Profile</h2>
      <p className="muted">
        Signed in as <strong>{me?.email}</strong>
      </p>
      <form className="stack" onSubmit={submit}>
        <Field
          id={`${id}-name`}
          label="Name"
          hint="Shown instead of your email. Leave empty to show your email."
        >
          {(control) => (
            <input
              {...control}
              name="name"
              type="text"
              autoComplete="name"
              maxLength={NAME_MAX_LENGTH}
              defaultValue={me?.name ?? ""}
            />
          )}
        </Field>
        <div className="row">
          <button type="submit" disabled={update.isPending}>
            Save name
          </button>
          <span role="status" className={message?.ok === false ? "field-error" : "muted"}>
            {message?.text}
          </span>
        </div>
      </form>
    </section>
  );
}
