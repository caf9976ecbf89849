import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deleteCredentials } from "./credentials";
import { deviceTokensPath, readDeviceToken, writeDeviceToken } from "./device-token";

const SERVER = "https://doable.example";
const OTHER_SERVER = "http://127.0.0.1:3000";
const TOKEN = "AAAAAAAAAAAAAAAAAAAAAA";

let home: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "doable-cli-device-"));
  env = { HOME: home, XDG_CONFIG_HOME: join(home, "config") };
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("device tokens file", () => {
  it("keeps one token per server, owner-only, each read back only for its own server", async () => {
    expect(await readDeviceToken(env, SERVER)).toBeUndefined();
    await writeDeviceToken(env, SERVER, TOKEN);
    await writeDeviceToken(env, OTHER_SERVER, "BBBBBBBBBBBBBBBBBBBBBB");
    expect(await readDeviceToken(env, SERVER)).toBe(TOKEN);
    expect(await readDeviceToken(env, OTHER_SERVER)).toBe("BBBBBBBBBBBBBBBBBBBBBB");
    expect(deviceTokensPath(env)).toBe(join(home, "config", "doable", "devices.json"));
    expect((await stat(deviceTokensPath(env))).mode & 0o777).toBe(0o600);
  });

  it("outlives logout: deleting the credentials leaves it", async () => {
    await writeDeviceToken(env, SERVER, TOKEN);
    await deleteCredentials(env);
    expect(await readDeviceToken(env, SERVER)).toBe(TOKEN);
  });

  it("a damaged file holds no token, and the next one written replaces it", async () => {
    await mkdir(dirname(deviceTokensPath(env)), { recursive: true });
    for (const damaged of ["{not json", "[1, 2]", "null", '{"https://doable.example": 5}']) {
      await writeFile(deviceTokensPath(env), damaged);
      expect(await readDeviceToken(env, SERVER)).toBeUndefined();
    }
    await writeDeviceToken(env, SERVER, TOKEN);
    expect(JSON.parse(await readFile(deviceTokensPath(env), "utf8"))).toEqual({ [SERVER]: TOKEN });
  });
});
