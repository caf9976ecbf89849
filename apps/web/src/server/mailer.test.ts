import { parseServerEnv } from "@doable/env";
import { describe, expect, it } from "vitest";
import { mailerFromEnv } from "./mailer";

describe("mailerFromEnv without SMTP_URL", () => {
  it("prints mail to the log only for development on this machine (a loopback APP_ORIGIN)", async () => {
    const local = mailerFromEnv(
      parseServerEnv({ NODE_ENV: "development", APP_ORIGIN: "http://localhost:3000" }),
    );
    expect(local.available).toBe(true);
    await local.close();
  });

  it("has no mail anywhere else, whatever NODE_ENV says (a staging server that forgot to set it)", () => {
    for (const NODE_ENV of ["development", "test", "production"]) {
      const env = parseServerEnv({ NODE_ENV, APP_ORIGIN: "https://staging.doable.example" });
      expect(mailerFromEnv(env).available, NODE_ENV).toBe(false);
    }
    const local = parseServerEnv({ NODE_ENV: "production", APP_ORIGIN: "http://localhost:3000" });
    expect(mailerFromEnv(local).available).toBe(false);
  });
});
