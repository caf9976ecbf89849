const BROWSERS: Array<[RegExp, string]> = [
  [/Edg\//, "Edge"],
  [/OPR\//, "Opera"],
  [/Firefox\//, "Firefox"],
  [/HeadlessChrome\//, "Headless Chrome"],
  [/Chrome\//, "Chrome"],
  [/Chromium\//, "Chromium"],
  [/Safari\//, "Safari"],
];

const SYSTEMS: Array<[RegExp, string]> = [
  [/iPhone/, "iPhone"],
  [/iPad/, "iPad"],
  [/Android/, "Android"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** What apps/cli sends: `doable-cli/<version> (node ...; platform)`. */
const DOABLE_CLI_PREFIX = "doable-cli/";
/** The platform at the end of the CLI's user agent (what Node reports as the platform), named as people know it. */
const CLI_PLATFORMS: Record<string, string> = {
  linux: "Linux",
  darwin: "macOS",
  win32: "Windows",
  freebsd: "FreeBSD",
  openbsd: "OpenBSD",
};
/** `; linux)` at the end of the CLI's comment; anchored and bounded, so quick on any input. */
const CLI_PLATFORM_PATTERN = /; ([a-z0-9]{1,16})\)$/;
/** The product token of an unrecognised client ("curl/8.5.0") is shown at most this long. */
const PRODUCT_TOKEN_MAX_LENGTH = 40;

/** The first word of a user agent, bounded: "doable-cli/0.1.0", "curl/8.5.0". */
function productToken(userAgent: string): string {
  return userAgent.slice(0, PRODUCT_TOKEN_MAX_LENGTH).split(" ")[0] ?? "";
}

/** "Doable CLI 0.1.0 on Linux", from what apps/cli sends; the platform only when recognised. */
function describeCli(userAgent: string): string {
  const version = productToken(userAgent).slice(DOABLE_CLI_PREFIX.length);
  const platform = CLI_PLATFORMS[CLI_PLATFORM_PATTERN.exec(userAgent)?.[1] ?? ""];
  const name = version ? `Doable CLI ${version}` : "Doable CLI";
  return platform ? `${name} on ${platform}` : name;
}

function describeBrowser(userAgent: string): string | null {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (!browser && !system) return null;
  return system ? `${browser ?? "Browser"} on ${system}` : (browser ?? "Browser");
}

/**
 * "Firefox on macOS", good enough to recognise one's own devices; never used for decisions.
 * `kind` is the session's when known; a security event has only its user agent ("unknown"), so
 * the Doable CLI is then recognised by its own user agent, and anything else unrecognised is
 * named by its first word rather than called a browser.
 */
export function describeDevice(userAgent: string | null, kind: "browser" | "cli" | "unknown"): string {
  const cli = userAgent?.startsWith(DOABLE_CLI_PREFIX) ? describeCli(userAgent) : null;
  if (kind === "cli") return cli ?? "Script or command line";
  if (kind === "unknown") {
    if (cli) return cli;
    if (!userAgent) return "Unknown device";
    return describeBrowser(userAgent) ?? productToken(userAgent);
  }
  if (!userAgent) return "Unknown browser";
  return describeBrowser(userAgent) ?? "Browser";
}
