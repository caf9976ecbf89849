"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useId, useMemo, useState } from "react";
import { fieldErrorsOf, humanMessage } from "~/trpc/errors";
import { api } from "~/trpc/react";
import { Field } from "../field";

/** Every zone this browser knows, with the account's own even when the list lacks it ("UTC" often is). */
function zoneChoices(current: string): string[] {
  const known = Intl.supportedValuesOf("timeZone");
  return known.includes(current) ? known : [current, ...known].sort();
}

/**
 * The account's time zone: where due dates and times are read, so "today" and "overdue" mean the
 * same on every device (docs/decisions/0034). A browser elsewhere is offered its own zone.
 */
export function TimeZoneForm() {
  const id = useId();
  const router = useRouter();
  const utils = api.useUtils();
  const [me] = api.auth.me.useSuspenseQuery();
  const current = me?.timeZone ?? "UTC";
  const choices = useMemo(() => zoneChoices(current), [current]);
  const [selected, setSelected] = useState(current);
  // Known only in the browser: read after hydration, so the server's HTML and the first render agree.
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  useEffect(() => setBrowserZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const update = api.account.update.useMutation({
    onSuccess: (user) => {
      utils.auth.me.setData(undefined, user);
      setSelected(user.timeZone);
      setMessage({ ok: true, text: `Time zone saved: ${user.timeZone}.` });
      // Tasks with a due time were moved to keep their moment; today and overdue start elsewhere.
      void utils.task.invalidate();
      router.refresh();
    },
    onError: (error) =>
      setMessage({ ok: false, text: fieldErrorsOf(error).timeZone?.[0] ?? humanMessage(error) }),
  });

  function save(timeZone: string) {
    setMessage(null);
    update.mutate({ timeZone });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save(selected);
  }

  return (
    <section className="card stack" aria-labelledby={`${id}-heading`} id="time-zone">
      <h2 id={`${id}-heading`}>Time zone</h2>
      <p className="muted">
        Due dates and times are read in this zone on all your devices: it decides when “today” begins and when
        a task is overdue. A task due at a time keeps its moment when you change zones; a task due on a day
        keeps its day.
      </p>
      <form className="stack" onSubmit={submit}>
        <Field id={`${id}-zone`} label="Time zone">
          {(control) => (
            <select
              {...control}
              name="timeZone"
              value={selected}
              onChange={(event) => setSelected(event.target.value)}
            >
              {choices.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll("_", " ")}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="row">
          <button type="submit" disabled={update.isPending || selected === current}>
            Save time zone
          </button>
          {browserZone && browserZone !== current && (
            <button
              type="button"
              className="secondary"
              disabled={update.isPending}
              onClick={() => save(browserZone)}
            >
              Use this device’s zone ({browserZone.replaceAll("_", " ")})
            </button>
          )}
          <span role="status" className={message?.ok === false ? "field-error" : "muted"}>
            {message?.text}
          </span>
        </div>
      </form>
    </section>
  );
}
