import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Credentials,
  credentialsPath,
  deleteCredentials,
  readCredentials,
  writeCredentials,
} from "./credentials";
import { CliError, EXIT } from "./exit-codes";

const credentials: Credentials = {
  server: "http://127.0.0.1:3000",
  token: "id.secret",
  user: { id: "u1", email: "ada@example.com", name: null },
  signedInAt: "2030-01-01T00:00:00.000Z",
};

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "doable-cli-credentials-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("credentials file", () => {
  it("lives in $XDG_CONFIG_HOME/doable, else ~/.config/doable (a relative XDG_CONFIG_HOME is ignored)", () => {
    expect(credentialsPath({ HOME: "/home/ada", XDG_CONFIG_HOME: "/cfg" })).toBe(
      "/cfg/doable/credentials.json",
    );
    expect(credentialsPath({ HOME: "/home/ada" })).toBe("/home/ada/.config/doable/credentials.json");
    expect(credentialsPath({ HOME: "/home/ada", XDG_CONFIG_HOME: "relative" })).toBe(
      "/home/ada/.config/doable/credentials.json",
    );
  });

  it.skipIf(process.platform === "win32")(
    "is written with mode 0600 in a 0700 directory, and read back",
    async () => {
      const env = { HOME: home };
      const path = await writeCredentials(env, credentials);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(home, ".config", "doable"))).mode & 0o777).toBe(0o700);
      expect(await readCredentials(env)).toEqual({ credentials, path, looseMode: false });
    },
  );

  it.skipIf(process.platform === "win32")(
    "replaces a file others could read with a private one",
    async () => {
      const env = { HOME: home };
      const path = await writeCredentials(env, credentials);
      await chmod(path, 0o644);
      expect((await readCredentials(env))?.looseMode).toBe(true);
      await writeCredentials(env, { ...credentials, token: "new.token" });
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(path, "utf8")).token).toBe("new.token");
    },
  );

  it("is absent until written and after deletion", async () => {
    const env = { HOME: home };
    expect(await readCredentials(env)).toBeNull();
    await writeCredentials(env, credentials);
    await deleteCredentials(env);
    expect(await readCredentials(env)).toBeNull();
    await deleteCredentials(env);
  });

  it("a damaged file means not signed in (exit 2)", async () => {
    const env = { HOME: home };
    const path = await writeCredentials(env, credentials);
    await writeFile(path, "{ not json");
    const attempt = readCredentials(env);
    await expect(attempt).rejects.toThrow(CliError);
    await expect(readCredentials(env)).rejects.toMatchObject({ exitCode: EXIT.notSignedIn });
  });
});
