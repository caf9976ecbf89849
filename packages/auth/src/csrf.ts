import { type CookiePolicy, sessionCookieName } from "./cookie";
import type { HeaderReader } from "./header-reader";

/**
 * Procedures that start a session (the API's `auth.signIn`, `auth.completeSignIn`,
 * `auth.passkey.finish` and `auth.signUp`): refused cross-site
 * even without a cookie, so no other site can sign a browser into an account of its choosing
 * (login CSRF).
 */
export const SESSION_STARTING_PROCEDURES: ReadonlySet<string> = new Set([
  "auth.signIn",
  "auth.completeSignIn",
  "auth.passkey.finish",
  "auth.signUp",
]);

/**
 * A browser request comes from our own pages when the browser says so (`Sec-Fetch-Site`) or its
 * `Origin` is ours. Requests with neither are refused: every browser we support sends one of them
 * on a POST, so only non-browser clients lack both, and those must use a bearer token.
 */
export function isSameOriginRequest(headers: HeaderReader, appOrigin: string): boolean {
  return headers.get("sec-fetch-site") === "same-origin" || headers.get("origin") === appOrigin;
}

function carriesSessionCookie(headers: HeaderReader, policy: CookiePolicy): boolean {
  const name = `${sessionCookieName(policy)}=`;
  return (headers.get("cookie") ?? "").split(";").some((pair) => pair.trim().startsWith(name));
}

/** What the CSRF rule reads of a request: its method, headers and the procedures it calls. */
export interface CsrfCheckedRequest {
  method: string;
  headers: HeaderReader;
  procedures: readonly string[];
}

export interface CsrfOptions {
  appOrigin: string;
  cookiePolicy: CookiePolicy;
}

/**
 * The whole CSRF decision: true when the request must be refused as a possible cross-site
 * forgery (the server answers 403). Queries (GET, HEAD) never change state. A call that
 * authenticates only with a bearer token cannot be forged by a browser, so it is exempt from the
 * origin rule, unless it starts a session. Everything else must come from our own origin.
 */
export function isCrossSiteForgery(request: CsrfCheckedRequest, options: CsrfOptions): boolean {
  if (request.method === "GET" || request.method === "HEAD") return false;
  const bearerOnly =
    /^Bearer\s/i.test(request.headers.get("authorization") ?? "") &&
    !carriesSessionCookie(request.headers, options.cookiePolicy);
  const startsSession = request.procedures.some((procedure) => SESSION_STARTING_PROCEDURES.has(procedure));
  return (!bearerOnly || startsSession) && !isSameOriginRequest(request.headers, options.appOrigin);
}
