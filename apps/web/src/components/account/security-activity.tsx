"use client";

import type { RouterOutputs } from "@doable/api";
import { useId } from "react";
import { formatDateTime } from "~/lib/dates";
import { describeDevice } from "@doable/domain";
import { api } from "~/trpc/react";

type SecurityEventType = RouterOutputs["account"]["securityActivity"][number]["type"];

const EVENT_TEXT: Record<SecurityEventType, string> = {
  sign_up: "Account created",
  sign_in: "Signed in",
  sign_in_failed: "Failed sign-in attempt",
  sign_out: "Signed out",
  password_changed: "Password changed",
  session_revoked: "Session revoked",
  other_sessions_revoked: "Other sessions signed out",
  throttled: "Sign-in attempts paused after repeated failures",
  password_reset: "Password reset with an emailed link",
  email_verified: "Email address confirmed",
  email_changed: "Email address changed",
  two_factor_enabled: "Two-factor turned on",
  two_factor_disabled: "Two-factor turned off",
  recovery_code_used: "Signed in with a recovery code",
  recovery_codes_regenerated: "New recovery codes made",
  passkey_added: "Passkey added",
  passkey_removed: "Passkey removed",
};

const WARNING_EVENTS = new Set<SecurityEventType>([
  "sign_in_failed",
  "throttled",
  "two_factor_disabled",
  "recovery_code_used",
  "passkey_removed",
]);

export function SecurityActivity({ timeZone }: { timeZone: string }) {
  const id = useId();
  const [events] = api.account.securityActivity.useSuspenseQuery();
  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Recent security activity</h2>
      {events.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ol className="event-list">
          {events.map((event) => (
            <li key={event.id} className={WARNING_EVENTS.has(event.type) ? "event event-warning" : "event"}>
              <span className="event-what">{EVENT_TEXT[event.type]}</span>
              <span className="small muted">
                {formatDateTime(event.createdAt, timeZone)}
                {event.userAgent ? ` · ${describeDevice(event.userAgent, "unknown")}` : ""}
                {event.ipAddress ? ` · ${event.ipAddress}` : ""}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
