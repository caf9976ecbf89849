const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
  "interest-cohort=()",
].join(", ");

/**
 * The Content-Security-Policy of one response. Scripts run only with this request's nonce (Next
 * puts it on its own script tags when it finds the policy on the request); `'strict-dynamic'`
 * lets those scripts load the app's chunks. No `'unsafe-inline'` for scripts, ever.
 */
export function contentSecurityPolicy(
  nonce: string,
  options: { https: boolean; development: boolean },
): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${options.development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/**
 * The policy of API and health responses: JSON is never a document, so nothing may load, run or
 * frame it (OWASP's advice for REST services). No nonce to make per request.
 */
export const API_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers every response carries, API and static files included. */
export function securityHeaders(options: { https: boolean }): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": PERMISSIONS_POLICY,
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    ...(options.https
      ? { "strict-transport-security": `max-age=${ONE_YEAR_SECONDS}; includeSubDomains` }
      : {}),
  };
}
