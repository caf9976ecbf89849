import { type CookiePolicy, isSameOriginRequest, sessionCookieName } from "@doable/auth";

/** Procedures that start a session: refused cross-site even without a cookie (login CSRF). */
const SESSION_STARTING_PROCEDURES = new Set(["auth.signIn", "auth.signUp"]);

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

function procedurePaths(url: URL, endpoint: string): string[] {
  return decodeURIComponent(url.pathname.slice(endpoint.length + 1)).split(",");
}

function carriesSessionCookie(headers: Headers, policy: CookiePolicy): boolean {
  const name = `${sessionCookieName(policy)}=`;
  return (headers.get("cookie") ?? "").split(";").some((pair) => pair.trim().startsWith(name));
}

/**
 * Cross-site request forgery and content-type rules for state-changing calls. Queries (GET) never
 * change state. A call that authenticates only with a bearer token cannot be forged by a browser,
 * so it is exempt, unless it starts a session.
 */
export function refuseUnsafeRequest(
  request: Request,
  options: { endpoint: string; appOrigin: string; cookiePolicy: CookiePolicy },
): Refusal | null {
  if (request.method === "GET" || request.method === "HEAD") return null;
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json(\s*;|$)/i.test(contentType)) {
    return {
      status: 415,
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: "Send the request body as application/json",
    };
  }
  const bearerOnly =
    /^Bearer\s/i.test(request.headers.get("authorization") ?? "") &&
    !carriesSessionCookie(request.headers, options.cookiePolicy);
  const startsSession = procedurePaths(new URL(request.url), options.endpoint).some((path) =>
    SESSION_STARTING_PROCEDURES.has(path),
  );
  if ((!bearerOnly || startsSession) && !isSameOriginRequest(request.headers, options.appOrigin)) {
    return { status: 403, code: "FORBIDDEN", message: "Cross-site request refused" };
  }
  return null;
}
