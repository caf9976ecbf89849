"use client";

import { formatDateTime } from "~/lib/dates";

/** When a task's reminder comes (ADR 0049), on the account's clock: loaded once a list holds one. */
export default function ReminderBadge({ remindAt, timeZone }: { remindAt: Date; timeZone: string }) {
  return <span className="badge reminder">Reminder {formatDateTime(remindAt, timeZone)}</span>;
}
