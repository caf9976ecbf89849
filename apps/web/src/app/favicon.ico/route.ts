/** Browsers ask for /favicon.ico on pages without an icon link (such as raw JSON): point them at ours. */
export function GET(): Response {
  // A relative Location: the request URL's host is not necessarily the one the browser used.
  return new Response(null, { status: 308, headers: { location: "/icon.svg" } });
}
