import { UsageError } from "./exit-codes";

export const DEFAULT_SERVER = "http://localhost:3000";

/**
 * The server's base URL without a trailing slash (a path prefix is kept, for a server behind a
 * proxy at a sub-path). Only http and https.
 */
export function normalizeServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new UsageError(`the server must be a URL such as ${DEFAULT_SERVER} (got '${input}')`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`the server URL must start with http:// or https:// (got '${input}')`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UsageError(
      `the server URL must not contain credentials, a query or a fragment (got '${input}')`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The `Origin` a same-origin page of this server would send. */
export function serverOrigin(server: string): string {
  return new URL(server).origin;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** A password sent over plain http to another machine can be read on the way. */
export function isInsecureRemote(server: string): boolean {
  const url = new URL(server);
  return (
    url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname) && !url.hostname.endsWith(".localhost")
  );
}
