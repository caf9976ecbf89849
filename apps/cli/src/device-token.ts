/**
 * The CLI's device tokens (docs/decisions/0037): what a browser keeps as its `doable_device`
 * cookie, one per server, in `$XDG_CONFIG_HOME/doable/devices.json` (owner-only, like the
 * credentials). A server hands one out at each successful sign-in; presenting it at the next one
 * gives this CLI a sign-in delay of its own, so someone else's wrong passwords for the account
 * do not delay it. It is not a credential: it proves nothing without the password, so logging out
 * keeps it, as signing out of a browser keeps the device cookie.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { configDirectory, writePrivateJson } from "./credentials";

type DeviceTokens = Record<string, string>;

export function deviceTokensPath(env: NodeJS.ProcessEnv): string {
  return join(configDirectory(env), "devices.json");
}

/** Every stored token by server; a missing or damaged file holds none (the next sign-in gets one). */
async function readDeviceTokens(env: NodeJS.ProcessEnv): Promise<DeviceTokens> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(deviceTokensPath(env), "utf8"));
  } catch {
    return {};
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
  const tokens: DeviceTokens = {};
  for (const [server, token] of Object.entries(parsed)) {
    if (typeof token === "string") tokens[server] = token;
  }
  return tokens;
}

/** The token this CLI got from `server`, if any: sent to that server only. */
export async function readDeviceToken(env: NodeJS.ProcessEnv, server: string): Promise<string | undefined> {
  return (await readDeviceTokens(env))[server];
}

/** Keeps the token `server` handed out, beside those of other servers. */
export async function writeDeviceToken(env: NodeJS.ProcessEnv, server: string, token: string): Promise<void> {
  const tokens = await readDeviceTokens(env);
  if (tokens[server] === token) return;
  await writePrivateJson(deviceTokensPath(env), { ...tokens, [server]: token });
}
