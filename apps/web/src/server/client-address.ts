/**
 * The header the Doable server writes with the client's address. It overwrites whatever a
 * client sent under that name, so route handlers can trust it when our server is in front.
 */
export const CLIENT_ADDRESS_HEADER = "x-doable-client-address";
/** Set by server.ts: without it (a bare `next start`), the header above could be forged. */
const CLIENT_ADDRESS_MARKER = Symbol.for("doable.clientAddressHeader");
/** All requests share one throttling bucket when the address is unknown: over-, never under-throttled. */
export const UNKNOWN_CLIENT_ADDRESS = "unknown";

/**
 * The client's address: the socket's peer, or, with `trustProxyHops` proxies in front, the
 * address the outermost trusted proxy saw (counted from the right of X-Forwarded-For, which each
 * proxy appends to; anything further left was written by the client and is ignored).
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxyHops: number,
): string {
  if (trustProxyHops === 0) return normalizeAddress(socketAddress);
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return normalizeAddress(hops[hops.length - trustProxyHops] ?? hops[0] ?? socketAddress);
}

function normalizeAddress(address: string | undefined): string {
  if (!address) return UNKNOWN_CLIENT_ADDRESS;
  // IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d
  return address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
}

export function markClientAddressHeaderTrusted(): void {
  (globalThis as Record<symbol, unknown>)[CLIENT_ADDRESS_MARKER] = true;
}

/** The address server.ts recorded for this request, or the shared unknown bucket. */
export function requestClientAddress(headers: Headers): string {
  const trusted = (globalThis as Record<symbol, unknown>)[CLIENT_ADDRESS_MARKER] === true;
  return (trusted && headers.get(CLIENT_ADDRESS_HEADER)) || UNKNOWN_CLIENT_ADDRESS;
}
