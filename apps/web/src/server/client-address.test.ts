import { afterEach, describe, expect, it } from "vitest";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  markClientAddressHeaderTrusted,
  requestClientAddress,
  UNKNOWN_CLIENT_ADDRESS,
} from "./client-address";

const MARKER = Symbol.for("doable.clientAddressHeader");

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[MARKER];
});

describe("clientAddress", () => {
  it("is the socket address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("10.1.2.3", "198.51.100.7", 0)).toBe("10.1.2.3");
    expect(clientAddress("10.1.2.3", ["198.51.100.7", "198.51.100.8"], 0)).toBe("10.1.2.3");
  });

  it("unwraps IPv4-mapped IPv6 socket addresses", () => {
    expect(clientAddress("::ffff:127.0.0.1", undefined, 0)).toBe("127.0.0.1");
    expect(clientAddress("::1", undefined, 0)).toBe("::1");
  });

  it("takes the address the outermost trusted proxy saw, ignoring what the client prepended", () => {
    // The client forged "1.1.1.1"; the one trusted proxy appended the real peer.
    expect(clientAddress("10.0.0.2", "1.1.1.1, 203.0.113.9", 1)).toBe("203.0.113.9");
    // Two proxies: the outer one saw 203.0.113.9, the inner one appended the outer proxy's address.
    expect(clientAddress("10.0.0.2", "1.1.1.1, 203.0.113.9, 10.0.0.1", 2)).toBe("203.0.113.9");
  });

  it("falls back to the socket when the trusted proxy sent no header", () => {
    expect(clientAddress("10.0.0.2", undefined, 1)).toBe("10.0.0.2");
    expect(clientAddress(undefined, undefined, 0)).toBe(UNKNOWN_CLIENT_ADDRESS);
  });
});

describe("requestClientAddress", () => {
  it("ignores the header unless Doable's own server wrote it", () => {
    const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "198.51.100.1" });
    expect(requestClientAddress(headers)).toBe(UNKNOWN_CLIENT_ADDRESS);
    markClientAddressHeaderTrusted();
    expect(requestClientAddress(headers)).toBe("198.51.100.1");
    expect(requestClientAddress(new Headers())).toBe(UNKNOWN_CLIENT_ADDRESS);
  });
});
