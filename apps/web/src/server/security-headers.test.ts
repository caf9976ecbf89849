import { describe, expect, it } from "vitest";
import { API_CONTENT_SECURITY_POLICY, contentSecurityPolicy, securityHeaders } from "./security-headers";

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values.join(" ")];
    }),
  );
}

describe("API_CONTENT_SECURITY_POLICY", () => {
  it("lets a JSON response load, run and frame nothing", () => {
    const policy = directives(API_CONTENT_SECURITY_POLICY);
    for (const name of ["default-src", "object-src", "base-uri", "frame-ancestors"]) {
      expect(policy.get(name)).toBe("'none'");
    }
    expect([...policy.keys()].some((name) => name.startsWith("script"))).toBe(false);
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only by nonce, never 'unsafe-inline', and locks down framing, plugins and base", () => {
    const policy = directives(contentSecurityPolicy("abc123", { https: false, development: false }));
    expect(policy.get("script-src")).toContain("'nonce-abc123'");
    expect(policy.get("script-src")).not.toContain("unsafe-inline");
    expect(policy.get("script-src")).not.toContain("unsafe-eval");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'none'");
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("upgrades insecure requests on https", () => {
    expect(
      directives(contentSecurityPolicy("n", { https: true, development: false })).has(
        "upgrade-insecure-requests",
      ),
    ).toBe(true);
  });
});

describe("securityHeaders", () => {
  it("always sends nosniff, the referrer and permissions policies; HSTS for a year only on https", () => {
    const plain = securityHeaders({ https: false });
    expect(plain["x-content-type-options"]).toBe("nosniff");
    expect(plain["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(plain["permissions-policy"]).toMatch(/camera=\(\)/);
    expect(plain["strict-transport-security"]).toBeUndefined();
    expect(securityHeaders({ https: true })["strict-transport-security"]).toBe(
      "max-age=31536000; includeSubDomains",
    );
  });
});
