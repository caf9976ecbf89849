/** Browsers ask for /favicon.ico on pages without an icon link (such as raw JSON): point them at ours. */
export function GET(request: Request): Response {
  return Response.redirect(new URL("/icon.svg", request.url), 308);
}
