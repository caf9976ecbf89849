/** Host names that always mean this machine. */
const LOOPBACK_NAMES = new Set(["localhost", "::1", "[::1]"]);
const IPV4_LOOPBACK = /^127(\.\d{1,3}){3}$/;

/** Whether `hostname` (as `URL.hostname` writes it) is this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_NAMES.has(host) || host.endsWith(".localhost") || IPV4_LOOPBACK.test(host);
}

/** Whether `origin` (APP_ORIGIN) is served on this machine only: development, never a deployment. */
export function isLoopbackOrigin(origin: string): boolean {
  return isLoopbackHost(new URL(origin).hostname);
}
