/**
 * Plain constants, with no imports: the time-zone cookie is written on every page, including the
 * static ones, which must not load a schema library for it (issue 13). The cookie is read on the
 * server (`~/server/time-zone`).
 */

/** The browser's time zone travels in this cookie so server-rendered dates match the client's. */
export const TIME_ZONE_COOKIE = "tz";
export const FALLBACK_TIME_ZONE = "UTC";
/** Dates are written in one locale on server and client alike, so hydration never disagrees. */
export const DISPLAY_LOCALE = "en-US";
