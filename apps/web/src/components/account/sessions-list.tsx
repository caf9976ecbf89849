"use client";

import { useId, useState } from "react";
import { formatDateTime } from "~/lib/dates";
import { describeDevice } from "@doable/domain";
import { fieldErrorsOf, humanMessage } from "~/trpc/errors";
import { api, leavePage } from "~/trpc/react";
import { asksForPassword, PasswordAgain } from "./password-again";

/** An action the server asked to confirm with the password, and what it said. */
interface Confirming {
  label: string;
  /** Sends the action again, with the password or (after a passkey) without. */
  run: (password?: string) => void;
  error: string;
}

export function SessionsList({ timeZone }: { timeZone: string }) {
  const id = useId();
  const utils = api.useUtils();
  const [sessions] = api.account.sessions.useSuspenseQuery();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  /** A stale session's answer (or a wrong password) opens the prompt; anything else is a message. */
  const failed = (error: unknown, label: string, run: Confirming["run"]): void => {
    const passwordError = asksForPassword(fieldErrorsOf(error));
    if (passwordError !== null) {
      setConfirming({ label, run, error: passwordError });
      return;
    }
    setConfirming(null);
    setMessage({ ok: false, text: humanMessage(error) });
  };

  const revoke = api.account.revokeSession.useMutation({
    onSuccess: async ({ current }) => {
      // This browser's own session: it is signed out, and there is no list left to refresh.
      if (current) {
        leavePage("/signin");
        return;
      }
      setConfirming(null);
      setMessage({ ok: true, text: "Session revoked." });
      await utils.account.invalidate();
    },
    onError: (error, { id }) => {
      failed(error, "Revoke the session", (password) => revoke.mutate({ id, password }));
      void utils.account.invalidate();
    },
  });
  const revokeOthers = api.account.revokeOtherSessions.useMutation({
    onSuccess: ({ revoked }) => {
      setConfirming(null);
      setMessage({
        ok: true,
        text: revoked === 1 ? "Signed out 1 other session." : `Signed out ${revoked} other sessions.`,
      });
    },
    onError: (error) =>
      failed(error, "Sign out other sessions", (password) => revokeOthers.mutate({ password })),
    onSettled: () => utils.account.invalidate(),
  });
  const others = sessions.filter((session) => !session.current).length;

  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <div className="section-heading">
        <h2 id={`${id}-heading`}>Sessions</h2>
        <button
          type="button"
          className="secondary"
          onClick={() => revokeOthers.mutate(undefined)}
          disabled={others === 0 || revokeOthers.isPending}
        >
          Sign out other sessions
        </button>
      </div>
      <p className="muted">Everywhere you are signed in. Revoke any you don't recognise.</p>
      <p role="status" className={message?.ok === false ? "field-error" : "muted"}>
        {message?.text}
      </p>
      {confirming && (
        <PasswordAgain
          action={confirming.label}
          error={confirming.error}
          pending={revoke.isPending || revokeOthers.isPending}
          onConfirm={confirming.run}
          onCancel={() => setConfirming(null)}
        />
      )}
      <ul className="session-list">
        {sessions.map((session) => {
          const device = describeDevice(session.userAgent, session.kind);
          return (
            <li key={session.id} className="session">
              <div>
                <p className="session-device">
                  {device}
                  {session.current && <span className="badge this-device">This device</span>}
                </p>
                <p className="small muted">
                  Signed in {formatDateTime(session.createdAt, timeZone)} · Last used{" "}
                  {formatDateTime(session.lastVerifiedAt, timeZone)}
                </p>
              </div>
              <button
                type="button"
                className="danger-ghost"
                aria-label={
                  session.current ? `Revoke this device (${device}) and sign out` : `Revoke ${device}`
                }
                onClick={() => revoke.mutate({ id: session.id })}
                disabled={revoke.isPending}
              >
                Revoke
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
