import { describe, expect, it } from "vitest";
import { describeDevice } from "./device-description";

describe("describeDevice", () => {
  it.each([
    [
      "Chrome on Windows",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    ],
    [
      "Edge on Windows",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    ],
    [
      "Opera on macOS",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
    ],
    [
      "Firefox on macOS",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0",
    ],
    ["Firefox on Linux", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"],
    [
      "Safari on macOS",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    ],
    // iPhone before Mac OS X: "like Mac OS X" is in every iOS user agent.
    [
      "Safari on iPhone",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    ],
    [
      "Safari on iPad",
      "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1",
    ],
    // Android before Linux: Android user agents say Linux too.
    [
      "Chrome on Android",
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    ],
    ["Firefox on Android", "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"],
    [
      "Chrome on ChromeOS",
      "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    ],
    [
      "Headless Chrome on Linux",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
    ],
    [
      "Chromium on Linux",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/120.0 Safari/537.36",
    ],
  ])("names %s", (expected, userAgent) => {
    expect(describeDevice(userAgent, "browser")).toBe(expected);
  });

  it("falls back to a generic name for what it does not recognise", () => {
    expect(describeDevice("curl/8.5.0", "browser")).toBe("Browser");
    expect(describeDevice("Mozilla/5.0 (Windows NT 10.0)", "browser")).toBe("Browser on Windows");
    expect(describeDevice("Firefox/133.0", "browser")).toBe("Firefox");
  });

  it("says so when a browser session has no user agent or an empty one", () => {
    expect(describeDevice(null, "browser")).toBe("Unknown browser");
    expect(describeDevice("", "browser")).toBe("Unknown browser");
  });

  it("names the Doable CLI by its version and platform, and anything else as a script", () => {
    // What apps/cli sends (client.ts userAgent()).
    expect(describeDevice("doable-cli/0.1.0 (node v20.19.0; linux)", "cli")).toBe(
      "Doable CLI 0.1.0 on Linux",
    );
    expect(describeDevice("doable-cli/0.2.0 (node v22.1.0; darwin)", "cli")).toBe(
      "Doable CLI 0.2.0 on macOS",
    );
    expect(describeDevice("doable-cli/0.2.0 (node v22.1.0; win32)", "cli")).toBe(
      "Doable CLI 0.2.0 on Windows",
    );
    expect(describeDevice("doable-cli/0.2.0 (node v22.1.0; aix)", "cli")).toBe("Doable CLI 0.2.0");
    expect(describeDevice("doable-cli/1.2.3", "cli")).toBe("Doable CLI 1.2.3");
    expect(describeDevice("curl/8.5.0", "cli")).toBe("Script or command line");
    // A browser's user agent on a CLI session is still a CLI session.
    expect(describeDevice("Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", "cli")).toBe(
      "Script or command line",
    );
    expect(describeDevice("", "cli")).toBe("Script or command line");
    expect(describeDevice(null, "cli")).toBe("Script or command line");
  });

  it("names the client of a security event, which has no session kind, by its user agent", () => {
    expect(describeDevice("doable-cli/0.1.0 (node v20.19.0; linux)", "unknown")).toBe(
      "Doable CLI 0.1.0 on Linux",
    );
    expect(
      describeDevice(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0",
        "unknown",
      ),
    ).toBe("Firefox on macOS");
    expect(describeDevice("curl/8.5.0", "unknown")).toBe("curl/8.5.0");
    expect(describeDevice(`python-requests/2.32.3${"z".repeat(100_000)}`, "unknown")).toHaveLength(40);
    expect(describeDevice("", "unknown")).toBe("Unknown device");
    expect(describeDevice(null, "unknown")).toBe("Unknown device");
  });

  it("stays quick and bounded on an absurdly long user agent", () => {
    const long = `Mozilla/5.0 (Windows NT 10.0) ${"x".repeat(1_000_000)} Firefox/133.0`;
    const started = performance.now();
    expect(describeDevice(long, "browser")).toBe("Firefox on Windows");
    expect(describeDevice("A".repeat(1_000_000), "browser")).toBe("Browser");
    const cli = describeDevice(`doable-cli/0.1.0${" y".repeat(100_000)}`, "cli");
    expect(cli).toBe("Doable CLI 0.1.0");
    expect(describeDevice(`doable-cli/0.1.0 (${"; ".repeat(500_000)}linux)`, "cli")).toBe(
      "Doable CLI 0.1.0 on Linux",
    );
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
