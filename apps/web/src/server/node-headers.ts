import type { IncomingHttpHeaders } from "node:http";
import type { HeaderReader } from "@doable/auth";

/**
 * Reads Node's already-parsed headers in place (names are lower-case there), instead of copying
 * all of them into a fetch `Headers` on every request.
 */
export function nodeHeaderReader(headers: IncomingHttpHeaders): HeaderReader {
  return {
    get(name: string): string | null {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}
