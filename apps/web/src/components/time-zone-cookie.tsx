"use client";

import { useEffect } from "react";
import { TIME_ZONE_COOKIE } from "~/lib/time-zone";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * Tells the server the browser's time zone, so the moments it renders (sign-ins, deletions) read as
 * on this device. Due dates follow the account's zone instead (docs/decisions/0034).
 */
export function TimeZoneCookie() {
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const current = document.cookie.split("; ").find((pair) => pair.startsWith(`${TIME_ZONE_COOKIE}=`));
    if (current === `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}`) return;
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in some browsers we support
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax`;
  }, []);
  return null;
}
