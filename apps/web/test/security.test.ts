import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cookiePair,
  errorCode,
  type RawResponse,
  rawClient,
  resultData,
} from "@doable/test-support/http-client";
import { type ProductionServer, startProductionServer } from "@doable/test-support/production-server";
import { uniqueEmail } from "@doable/test-support/unique-email";

let server: ProductionServer;
let api: ReturnType<typeof rawClient>;

beforeAll(async () => {
  server = await startProductionServer();
  api = rawClient(server.baseUrl);
});

afterAll(async () => {
  await server?.stop();
});

const PASSWORD = "a perfectly fine passphrase";

async function signUp(): Promise<{ email: string; cookie: string }> {
  const email = uniqueEmail("security");
  const response = await api.mutation("auth.signUp", { email, password: PASSWORD });
  expect(response.status).toBe(200);
  return { email, cookie: cookiePair(response.headers.get("set-cookie") ?? "") };
}

function policyOf(response: RawResponse): Map<string, string> {
  const header = response.headers.get("content-security-policy") ?? "";
  return new Map(
    header.split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values.join(" ")];
    }),
  );
}

const HTML_ENTITIES: Record<string, string> = {
  "&quot;": '"',
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&#x27;": "'",
};

/** The hidden fields React renders into a form whose action is a server action: they name the action. */
function serverActionFields(html: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const [input] of html.matchAll(/<input[^>]*name="\$ACTION[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input)?.[1] ?? "";
    const value = (/value="([^"]*)"/.exec(input)?.[1] ?? "").replace(
      /&(quot|amp|lt|gt|#x27);/g,
      (entity) => HTML_ENTITIES[entity] ?? entity,
    );
    fields.push([name, value]);
  }
  expect(fields.length).toBeGreaterThan(0);
  return fields;
}

describe("cross-site request forgery", () => {
  it("refuses a cookie-authenticated write without Origin or Sec-Fetch-Site, or from another site (403)", async () => {
    const { cookie } = await signUp();
    const attempts: Array<Record<string, string>> = [
      { origin: "" },
      { origin: "https://evil.example" },
      { origin: "", "sec-fetch-site": "cross-site" },
    ];
    for (const headers of attempts) {
      const response = await api.mutation("task.create", { title: "forged" }, { cookie, ...headers });
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    const list = await api.query("task.list", {}, { cookie });
    expect(resultData<{ items: unknown[] }>(list).items).toEqual([]);
  });

  it("accepts the same write from our own origin", async () => {
    const { cookie } = await signUp();
    expect((await api.mutation("task.create", { title: "mine" }, { cookie })).status).toBe(200);
    expect(
      (
        await api.mutation(
          "task.create",
          { title: "mine too" },
          { cookie, origin: "", "sec-fetch-site": "same-origin" },
        )
      ).status,
    ).toBe(200);
  });

  it("exempts bearer-only writes, but never a cross-site sign-in or sign-up", async () => {
    const { email } = await signUp();
    const signIn = await api.mutation("auth.signIn", { email, password: PASSWORD, transport: "bearer" });
    const { token } = resultData<{ token: string }>(signIn);
    const write = await api.mutation(
      "task.create",
      { title: "from a script" },
      { authorization: `Bearer ${token}`, origin: "" },
    );
    expect(write.status).toBe(200);

    const crossSiteSignIn = await api.mutation(
      "auth.signIn",
      { email, password: PASSWORD },
      { origin: "https://evil.example" },
    );
    expect(crossSiteSignIn.status).toBe(403);
    expect(crossSiteSignIn.headers.get("set-cookie")).toBeNull();
    const noOriginSignUp = await api.mutation(
      "auth.signUp",
      { email: uniqueEmail("security"), password: PASSWORD },
      { origin: "" },
    );
    expect(noOriginSignUp.status).toBe(403);
  });

  it("refuses a cross-site post of the sign-in form (login CSRF), and takes the same post from our own pages", async () => {
    const { email } = await signUp();
    const page = await api.fetch("/signin");
    const post = (headers: Record<string, string>) => {
      const body = new FormData();
      for (const [name, value] of serverActionFields(page.text)) body.append(name, value);
      body.append("email", email);
      body.append("password", PASSWORD);
      return api.fetch("/signin", { method: "POST", body, headers, redirect: "manual" });
    };
    const forgeries: Array<Record<string, string>> = [
      { origin: "" },
      { origin: "", "sec-fetch-site": "cross-site" },
    ];
    for (const headers of forgeries) {
      const forged = await post(headers);
      expect(forged.headers.get("set-cookie") ?? "", JSON.stringify(headers)).not.toMatch(
        /doable_session=[^;]/,
      );
      expect(forged.text).toContain("Cross-site request refused");
    }
    const own = await post({ "sec-fetch-site": "same-origin" });
    expect(own.status).toBe(303);
    expect(own.headers.get("location")).toBe("/dashboard");
    expect(own.headers.get("set-cookie")).toMatch(/doable_session=[^;]/);
  });

  it("accepts writes only as application/json (415) and never runs a mutation from a GET", async () => {
    const { cookie } = await signUp();
    const form = await api.fetch("/api/trpc/task.create", {
      method: "POST",
      headers: { cookie, "content-type": "text/plain" },
      body: JSON.stringify({ json: { title: "simple request" } }),
    });
    expect(form.status).toBe(415);
    const viaGet = await api.query("task.create", { title: "via GET" }, { cookie });
    expect(viaGet.status).toBe(405);
    expect(resultData<{ items: unknown[] }>(await api.query("task.list", {}, { cookie })).items).toEqual([]);
  });
});

describe("security headers", () => {
  it("are on every kind of response: pages, API, health, static files", async () => {
    const home = await api.fetch("/signin");
    const script = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(home.text)?.[1];
    expect(script).toBeDefined();
    const pages = [
      home,
      await api.fetch("/"),
      await api.fetch("/icon.svg"),
      await api.fetch(script ?? ""),
      await api.fetch("/no-such-page"),
    ];
    const apiResponses = [await api.fetch("/api/health"), await api.query("auth.me", undefined)];
    for (const response of pages) {
      const policy = policyOf(response);
      expect(policy.get("script-src")).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
      expect(policy.get("script-src")).not.toContain("unsafe-inline");
    }
    // JSON is never a document: its policy lets nothing load or run at all.
    for (const response of apiResponses) expect(policyOf(response).get("default-src")).toBe("'none'");
    for (const response of [...pages, ...apiResponses]) {
      const policy = policyOf(response);
      expect(policy.get("frame-ancestors")).toBe("'none'");
      expect(policy.get("object-src")).toBe("'none'");
      expect(policy.get("base-uri")).toBe("'none'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("permissions-policy")).toMatch(/geolocation=\(\)/);
      expect(response.headers.get("strict-transport-security")).toBeNull();
    }
  });

  it("stamp this response's nonce on every script of the page, and a new nonce each time", async () => {
    const first = await api.fetch("/signin");
    const second = await api.fetch("/signin");
    const nonceOf = (response: RawResponse) =>
      /'nonce-([^']+)'/.exec(policyOf(response).get("script-src") ?? "")?.[1];
    expect(nonceOf(first)).toBeDefined();
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    const scripts = first.text.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonceOf(first)}"`);
  });

  it("an x-middleware-subrequest header changes nothing about authorization", async () => {
    const bypass = { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" };
    const page = await api.fetch("/dashboard", { headers: bypass, redirect: "manual" });
    expect(page.status).toBeGreaterThanOrEqual(300);
    expect(page.status).toBeLessThan(400);
    expect(page.headers.get("location")).toMatch(/\/signin$/);
    expect((await api.query("task.list", {}, bypass)).status).toBe(401);
  });
});

describe("throttling over HTTP", () => {
  it("answers 429 with Retry-After once a client has used its sign-up bucket", async () => {
    const client = rawClient(server.baseUrl, "198.51.100.10");
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(
        (await client.mutation("auth.signUp", { email: uniqueEmail("security"), password: PASSWORD })).status,
      ).toBe(200);
    }
    const refused = await client.mutation("auth.signUp", {
      email: uniqueEmail("security"),
      password: PASSWORD,
    });
    expect(refused.status).toBe(429);
    expect(errorCode(refused)).toBe("TOO_MANY_REQUESTS");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(refused.text).toContain(`"retryAfterSeconds":${retryAfter}`);
    // Another client is not affected.
    expect(
      (await api.mutation("auth.signUp", { email: uniqueEmail("security"), password: PASSWORD })).status,
    ).toBe(200);
  });

  it("cannot be reset by a spoofed X-Forwarded-For when no proxy is trusted", async () => {
    const direct = await startProductionServer({ TRUST_PROXY_HOPS: "0" });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        // A new forged address on every call: without a trusted proxy, the socket address decides.
        const response = await rawClient(direct.baseUrl).mutation("auth.signUp", {
          email: uniqueEmail("security"),
          password: PASSWORD,
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await direct.stop();
    }
  });
});

describe("logs", () => {
  it("are structured, carry a request id, and never contain a password, token or cookie", async () => {
    const email = uniqueEmail("security");
    const secretPassword = "logs must never see this passphrase";
    const signUp = await api.mutation("auth.signUp", { email, password: secretPassword });
    const cookieValue = cookiePair(signUp.headers.get("set-cookie") ?? "").split("=")[1] ?? "";
    const signIn = await api.mutation("auth.signIn", {
      email,
      password: secretPassword,
      transport: "bearer",
    });
    const { token } = resultData<{ token: string }>(signIn);
    await api.mutation("auth.signIn", { email, password: "a wrong passphrase here" });
    await api.query("task.list", {}, { authorization: `Bearer ${token}` });
    await api.query("task.list", {}, { authorization: "Bearer forged.token" });

    const output = server.output();
    for (const secret of [
      secretPassword,
      "a wrong passphrase here",
      token,
      token.split(".")[1] ?? "",
      cookieValue,
    ]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(output).not.toContain(secret);
    }
    const requestLines = output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { msg?: string; requestId?: string; status?: number });
    const requests = requestLines.filter((line) => line.msg === "request");
    expect(requests.length).toBeGreaterThan(4);
    for (const line of requests) expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
