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

const PASSWORD = "a perfectly fine password";

async function signUpWithCookie(): Promise<string> {
  const response = await api.mutation("auth.signUp", { email: uniqueEmail("http"), password: PASSWORD });
  expect(response.status).toBe(200);
  return cookiePair(response.headers.get("set-cookie") ?? "");
}

async function signInWithBearer(email: string): Promise<string> {
  const response = await api.mutation("auth.signIn", { email, password: PASSWORD, transport: "bearer" });
  expect(response.status).toBe(200);
  const { token } = resultData<{ token: string }>(response);
  return token;
}

function expectNoStack(response: RawResponse): void {
  expect(response.text).not.toMatch(/"stack"/);
  expect(response.text).not.toMatch(/\bat .+\.(js|ts):\d+/);
}

describe("GET /api/health", () => {
  it("answers 200 {ok:true} while the database answers", async () => {
    const response = await api.fetch("/api/health");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/ and not Secure on an http origin", async () => {
    const response = await api.mutation("auth.signUp", { email: uniqueEmail("http"), password: PASSWORD });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^doable_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+;/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    expect(response.text).not.toContain(cookiePair(setCookie).split("=")[1]);
  });

  it("authorizes later requests and is cleared by sign-out", async () => {
    const cookie = await signUpWithCookie();
    const me = await api.query("auth.me", undefined, { cookie });
    expect(resultData<{ email: string } | null>(me)?.email).toMatch(/@example\.com$/);

    const signOut = await api.mutation("auth.signOut", undefined, { cookie });
    expect(signOut.status).toBe(200);
    expect(signOut.headers.get("set-cookie")).toMatch(/^doable_session=; .*Max-Age=0/);

    const after = await api.query("task.list", {}, { cookie });
    expect(after.status).toBe(401);
  });
});

describe("401 without a valid session", () => {
  it("answers 401 UNAUTHORIZED for a missing, garbage or signed-out token", async () => {
    const email = uniqueEmail("http");
    await api.mutation("auth.signUp", { email, password: PASSWORD });
    const token = await signInWithBearer(email);
    await api.mutation("auth.signOut", undefined, { authorization: `Bearer ${token}` });

    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: "Bearer garbage" },
      { authorization: "Bearer aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" },
      { cookie: "doable_session=garbage" },
      { authorization: `Bearer ${token}` },
    ];
    for (const headers of attempts) {
      const response = await api.query("task.list", {}, headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(errorCode(response)).toBe("UNAUTHORIZED");
      expectNoStack(response);
    }
  });
});

describe("bearer tokens", () => {
  it("work for scripts: sign in, create, list", async () => {
    const email = uniqueEmail("http");
    await api.mutation("auth.signUp", { email, password: PASSWORD });
    const signIn = await api.mutation("auth.signIn", { email, password: PASSWORD, transport: "bearer" });
    expect(signIn.headers.get("set-cookie")).toBeNull();
    const { token } = resultData<{ token: string }>(signIn);
    const authorization = `Bearer ${token}`;

    const created = await api.mutation("task.create", { title: "From a script" }, { authorization });
    expect(created.status).toBe(200);
    const list = await api.query("task.list", { limit: 10 }, { authorization });
    const { items } = resultData<{ items: Array<{ title: string }> }>(list);
    expect(items.map((item) => item.title)).toEqual(["From a script"]);
  });

  it("also works batched", async () => {
    const email = uniqueEmail("http");
    await api.mutation("auth.signUp", { email, password: PASSWORD });
    const token = await signInWithBearer(email);
    const input = encodeURIComponent(JSON.stringify({ 0: { json: null }, 1: { json: null } }));
    const response = await api.fetch(`/api/trpc/auth.me,task.stats?batch=1&input=${input}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const [me, stats] = response.body as Array<{ result: { data: { json: unknown } } }>;
    expect(me?.result.data.json).toMatchObject({ email });
    expect(stats?.result.data.json).toEqual({ total: 0, active: 0, completed: 0, overdue: 0 });
  });
});

describe("bad input", () => {
  it("answers 400 with field errors and no stack", async () => {
    const cookie = await signUpWithCookie();
    const response = await api.mutation("task.create", { title: " ", userId: "someone-else" }, { cookie });
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe("BAD_REQUEST");
    const fieldErrors = (
      response.body as { error: { json: { data: { fieldErrors: Record<string, string[]> } } } }
    ).error.json.data.fieldErrors;
    expect(Object.keys(fieldErrors).sort()).toEqual(["title", "userId"]);
    expectNoStack(response);
  });

  it("answers 400 for a body that is not JSON, without a stack", async () => {
    const response = await api.fetch("/api/trpc/auth.signIn", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expectNoStack(response);
  });

  it("rejects a body over 1 MB with 413 and keeps serving", async () => {
    const response = await api.fetch("/api/trpc/auth.signIn", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: "a@example.com", password: "x".repeat(1024 * 1024) } }),
    });
    expect(response.status).toBe(413);
    expect(errorCode(response)).toBe("PAYLOAD_TOO_LARGE");
    expect((await api.fetch("/api/health")).status).toBe(200);
  });

  it("answers a duplicate sign-up with 409 Email already registered", async () => {
    const email = uniqueEmail("http");
    await api.mutation("auth.signUp", { email, password: PASSWORD });
    const response = await api.mutation("auth.signUp", {
      email: ` ${email.toUpperCase()} `,
      password: PASSWORD,
    });
    expect(response.status).toBe(409);
    expect(response.text).toContain("Email already registered");
  });
});

describe("on an https origin", () => {
  it("uses the __Host- prefix and Secure", async () => {
    const secure = await startProductionServer({ APP_ORIGIN: "https://doable.example" });
    try {
      const response = await rawClient(secure.baseUrl).mutation(
        "auth.signUp",
        { email: uniqueEmail("http"), password: PASSWORD },
        { origin: "https://doable.example" },
      );
      const setCookie = response.headers.get("set-cookie") ?? "";
      expect(setCookie).toMatch(/^__Host-doable_session=/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; Path=\//);
      expect(setCookie).not.toMatch(/Domain=/i);
    } finally {
      await secure.stop();
    }
  });
});

describe("bounds on one request", () => {
  const MAX_BATCH_CALLS = 10;
  const batchOf = (count: number, procedure = "auth.me"): string =>
    `/api/trpc/${Array.from({ length: count }, () => procedure).join(",")}?batch=1&input=${encodeURIComponent("{}")}`;

  it(`runs a batch of ${MAX_BATCH_CALLS} calls and refuses a larger one with 400 before any procedure runs`, async () => {
    const allowed = await api.fetch(batchOf(MAX_BATCH_CALLS));
    expect(allowed.status).toBe(200);
    expect(allowed.body).toHaveLength(MAX_BATCH_CALLS);

    const linesBefore = server.output().split("\n").length;
    // Unauthenticated task.list calls would each log "procedure refused" had any of them run.
    const refused = await api.fetch(batchOf(200, "task.list"));
    expect(refused.status).toBe(400);
    expect(errorCode(refused)).toBe("BAD_REQUEST");
    expect(refused.text).toContain(`at most ${MAX_BATCH_CALLS} calls`);
    // Refused by the guard: no procedure ran, so nothing but the refusal and the request were logged.
    const logged = server
      .output()
      .split("\n")
      .slice(linesBefore - 1)
      .join("\n");
    expect(logged).not.toContain("procedure refused");
  });

  it("answers a badly percent-encoded path with 400 and keeps serving", async () => {
    for (const path of ["/api/trpc/%", "/api/trpc/%ZZ?batch=1&input=%7B%7D"]) {
      const response = await api.fetch(path);
      expect(response.status, path).toBe(400);
      expect(errorCode(response)).toBe("BAD_REQUEST");
    }
    expect((await api.fetch("/api/health")).status).toBe(200);
  });

  it("marks every API answer no-store: results, errors and refusals alike", async () => {
    const answers = [
      await api.query("auth.me", undefined),
      await api.query("task.list", {}),
      await api.fetch(batchOf(MAX_BATCH_CALLS + 1)),
      await api.fetch("/api/trpc/task.create", { method: "POST", body: "{}" }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 400, 415]);
    for (const answer of answers) expect(answer.headers.get("cache-control")).toBe("no-store");
  });
});
