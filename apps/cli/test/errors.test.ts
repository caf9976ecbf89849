import { mkdir, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, useCliHarness } from "./cli-harness";

const h = useCliHarness();

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

/** An address where nothing listens: a port that was free a moment ago. */
async function closedAddress(): Promise<string> {
  const server = createServer();
  const address = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return address;
}

/** Credentials for `server` as login would write them, in a config dir of their own. */
async function storedCredentials(name: string, server: string, token = "someid.somesecret"): Promise<string> {
  const configHome = join(h.home, name);
  await mkdir(join(configHome, "doable"), { recursive: true });
  const credentials = {
    server,
    token,
    user: { id: "u", email: "x@example.com", name: null },
    signedInAt: "",
  };
  await writeFile(join(configHome, "doable", "credentials.json"), JSON.stringify(credentials), {
    mode: 0o600,
  });
  return configHome;
}

// Stand-ins for what sits in front of a server in trouble: the API's own 503 envelope (database
// down) and a proxy's HTML error page.
let unavailableApi: Server;
let unavailableProxy: Server;
let apiUrl: string;
let proxyUrl: string;

beforeAll(async () => {
  unavailableApi = createServer((_request, response) => {
    const error = {
      message: "Doable is temporarily unavailable. Please try again in a moment.",
      code: -32603,
      data: {
        code: "SERVICE_UNAVAILABLE",
        httpStatus: 503,
        fieldErrors: null,
        retryAfterSeconds: null,
        requestId: null,
      },
    };
    response
      .writeHead(503, { "content-type": "application/json" })
      .end(JSON.stringify({ error: { json: error } }));
  });
  unavailableProxy = createServer((_request, response) => {
    response.writeHead(502, { "content-type": "text/html" }).end("<h1>502 Bad Gateway</h1>");
  });
  apiUrl = await listen(unavailableApi);
  proxyUrl = await listen(unavailableProxy);
});

afterAll(async () => {
  unavailableApi?.close();
  unavailableProxy?.close();
});

describe("errors and exit codes", () => {
  it("not signed in: every command that needs a session says to run doable login (exit 2)", async () => {
    const configHome = join(h.home, "nobody");
    for (const args of [["whoami"], ["ls"], ["add", "x"], ["done", "ab"], ["sessions"], ["export"]]) {
      const result = await h.doable(args, { configHome });
      expect(result, args.join(" ")).toMatchObject({
        code: 2,
        stdout: "",
        stderr: "doable: Not signed in: run doable login\n",
      });
    }
  });

  it("a token the server does not know: the session ended, run doable login (exit 2)", async () => {
    const configHome = await storedCredentials("stale", h.baseUrl);
    const result = await h.doable(["ls"], { configHome });
    expect(result).toMatchObject({
      code: 2,
      stderr:
        "doable: Your session has ended (signed out, revoked or expired). Not signed in: run doable login\n",
    });
    expect((await h.doable(["whoami"], { configHome })).code).toBe(2);
  });

  it("server unreachable: says so and suggests retrying (exit 3), at login and later", async () => {
    const address = await closedAddress();
    const login = await h.doable(
      ["login", "--server", address, "--email", "a@example.com", "--password-stdin"],
      {
        configHome: join(h.home, "unreachable-login"),
        input: PASSWORD,
      },
    );
    expect(login).toMatchObject({
      code: 3,
      stderr: `doable: Could not reach the Doable server at ${address} (connection refused). Check that it is running and try again.\n`,
    });

    const configHome = await storedCredentials("unreachable", address);
    const ls = await h.doable(["ls"], { configHome, env: { DOABLE_SERVER: "" } });
    expect(ls.code).toBe(3);
    expect(ls.stderr).toContain(`Could not reach the Doable server at ${address}`);

    // Logging out needs the server to end the session: the token is kept, and --forget drops it.
    const logout = await h.doable(["logout"], { configHome, env: { DOABLE_SERVER: "" } });
    expect(logout.code).toBe(3);
    expect(logout.stderr).toContain(
      "You are still signed in. To delete the local token anyway: doable logout --forget",
    );
    const forget = await h.doable(["logout", "--forget"], { configHome, env: { DOABLE_SERVER: "" } });
    expect(forget.code).toBe(0);
    expect(forget.stderr).toContain("deleted the local token anyway");
    expect((await h.doable(["ls"], { configHome, env: { DOABLE_SERVER: "" } })).code).toBe(2);
  });

  it("503 from the API, or a proxy's 502 page: temporarily unavailable, try again (exit 3), still signed in", async () => {
    const configHome = await storedCredentials("api503", apiUrl);
    const api = await h.doable(["ls"], { configHome, env: { DOABLE_SERVER: "" } });
    expect(api).toMatchObject({
      code: 3,
      stderr:
        `doable: The Doable server at ${apiUrl} is temporarily unavailable: ` +
        "Doable is temporarily unavailable. Please try again in a moment.\n",
    });
    await expect(stat(join(configHome, "doable", "credentials.json"))).resolves.toBeTruthy();
    const proxy = await h.doable(["whoami"], {
      configHome: await storedCredentials("proxy502", proxyUrl),
      env: { DOABLE_SERVER: "" },
    });
    expect(proxy).toMatchObject({
      code: 3,
      stderr: `doable: The Doable server at ${proxyUrl} is temporarily unavailable (HTTP 502). Try again in a moment.\n`,
    });
  });

  it("a server at another address than its APP_ORIGIN refuses the sign-in, and the CLI says why", async () => {
    const email = await h.signUp("origin");
    const other = h.baseUrl.replace("127.0.0.1", "localhost");
    const result = await h.doable(["login", "--server", other, "--email", email, "--password-stdin"], {
      configHome: join(h.home, "origin"),
      input: PASSWORD,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("its APP_ORIGIN");
  });

  it("usage mistakes: exit 1 with a pointer to --help", async () => {
    const result = await h.doable(["add"]);
    expect(result).toMatchObject({
      code: 1,
      stderr: "doable add: missing title\nRun doable add --help for usage.\n",
    });
  });
});
