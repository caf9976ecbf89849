"use client";

import { useEffect, useState } from "react";

/**
 * Says so when this device is in another zone than the account: due dates and "overdue" follow the
 * account's clock (docs/decisions/0034), which someone travelling may not expect.
 */
export function AccountZoneNote({ timeZone }: { timeZone: string }) {
  // Known only in the browser: read after hydration, so the server's HTML and the first render agree.
  const [deviceZone, setDeviceZone] = useState<string | null>(null);
  useEffect(() => setDeviceZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  if (deviceZone === null || deviceZone === timeZone) return null;
  return (
    <p className="muted zone-note">
      Due dates follow your account’s time zone, {timeZone.replaceAll("_", " ")}; this device is in{" "}
      {deviceZone.replaceAll("_", " ")}. <a href="/account#time-zone">Change time zone</a>
    </p>
  );
}
