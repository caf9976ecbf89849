import { describe, expect, it } from "vitest";
import { stableUuid } from "./stable-id";

describe("stableUuid", () => {
  it("is a version-5 RFC 4122 UUID, the same for the same name and different for another", () => {
    const id = stableUuid("demo-task:Water the plants");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid("demo-task:Water the plants")).toBe(id);
    expect(stableUuid("demo-task:Water the plant")).not.toBe(id);
  });

  it("gives the ids it always gave (the seed's task ids must not change)", () => {
    expect(stableUuid("demo-task:Water the plants")).toBe("7d1a059a-424a-539e-8426-86bd71de97fa");
    expect(stableUuid("demo-task:Écrire à Zoë ✓")).toBe("951f1784-b1c4-5860-8f81-ff321f0ecfb6");
  });
});
