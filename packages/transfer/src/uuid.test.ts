import { describe, expect, it } from "vitest";
import { isUuid, uuidV5 } from "./uuid";

const DNS_NAMESPACE = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

describe("uuidV5", () => {
  it("matches the RFC's example (www.example.com in the DNS namespace)", () => {
    expect(uuidV5("www.example.com", DNS_NAMESPACE)).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("is deterministic, version 5 with the RFC variant, and differs by name", () => {
    const id = uuidV5("user\nid:1", DNS_NAMESPACE);
    expect(uuidV5("user\nid:1", DNS_NAMESPACE)).toBe(id);
    expect(uuidV5("user\nid:2", DNS_NAMESPACE)).not.toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isUuid(id)).toBe(true);
  });

  it("refuses a namespace that is not a UUID", () => {
    expect(() => uuidV5("x", "not-a-uuid")).toThrow("not a UUID");
  });

  it("gives the ids it always gave (an import run again must find the same ids)", () => {
    expect(uuidV5("0b9c6c1e-1111-4222-8333-444455556666\nid:1", "4330b56a-3c36-4cfa-a660-1b9b00ed7bd4")).toBe(
      "9ab7f77d-0df2-5d0b-84f0-02a8a0c87939",
    );
    expect(uuidV5("user\nÉcrire ✓", DNS_NAMESPACE)).toBe("dbff558c-2cc2-5716-913d-093b51621491");
  });
});
