import type { HeaderReader } from "./header-reader";

/**
 * A browser request comes from our own pages when the browser says so (`Sec-Fetch-Site`) or its
 * `Origin` is ours. Requests with neither are refused: every browser we support sends one of them
 * on a POST, so only non-browser clients lack both, and those must use a bearer token.
 */
export function isSameOriginRequest(headers: HeaderReader, appOrigin: string): boolean {
  return headers.get("sec-fetch-site") === "same-origin" || headers.get("origin") === appOrigin;
}
