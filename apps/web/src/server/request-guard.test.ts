import { cookiePolicyForOrigin } from "@doable/auth";
import { describe, expect, it } from "vitest";
import { type GuardedRequest, MAX_BATCH_CALLS, refuseUnsafeRequest } from "./request-guard";

const APP_ORIGIN = "https://doable.example";
const options = {
  endpoint: "/api/trpc",
  appOrigin: APP_ORIGIN,
  cookiePolicy: cookiePolicyForOrigin(APP_ORIGIN),
};
const COOKIE = "__Host-doable_session=aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

function guarded(request: Request): GuardedRequest {
  return { method: request.method, url: new URL(request.url), headers: request.headers };
}

function post(path: string, headers: Record<string, string>): GuardedRequest {
  return guarded(
    new Request(`${APP_ORIGIN}/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: "{}",
    }),
  );
}

describe("refuseUnsafeRequest", () => {
  it("lets every GET through: queries never change state", () => {
    expect(refuseUnsafeRequest(guarded(new Request(`${APP_ORIGIN}/api/trpc/task.list`)), options)).toBeNull();
  });

  it("accepts a cookie-authenticated write from our own pages", () => {
    expect(
      refuseUnsafeRequest(post("task.create", { cookie: COOKIE, "sec-fetch-site": "same-origin" }), options),
    ).toBeNull();
    expect(
      refuseUnsafeRequest(post("task.create", { cookie: COOKIE, origin: APP_ORIGIN }), options),
    ).toBeNull();
  });

  it.each([
    ["no Origin and no Sec-Fetch-Site", {}],
    ["a cross-site fetch", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }],
    [
      "a same-site but other-origin page",
      { "sec-fetch-site": "same-site", origin: "https://blog.doable.example" },
    ],
    ["an opaque origin", { origin: "null" }],
    ["an origin differing only in scheme", { origin: "http://doable.example" }],
  ])("refuses a cookie-authenticated write with %s (403)", (_label, headers) => {
    expect(refuseUnsafeRequest(post("task.delete", { cookie: COOKIE, ...headers }), options)).toMatchObject({
      status: 403,
    });
  });

  it("exempts calls that authenticate only with a bearer token", () => {
    expect(refuseUnsafeRequest(post("task.create", { authorization: "Bearer abc.def" }), options)).toBeNull();
  });

  it("does not exempt a bearer call that also carries the session cookie", () => {
    expect(
      refuseUnsafeRequest(post("task.create", { authorization: "Bearer abc.def", cookie: COOKIE }), options),
    ).toMatchObject({ status: 403 });
  });

  it("refuses cross-site sign-in and sign-up even without a session (login CSRF), batched or not", () => {
    for (const path of ["auth.signIn", "auth.signUp", "task.create,auth.signIn"]) {
      expect(refuseUnsafeRequest(post(path, {}), options)).toMatchObject({ status: 403 });
      expect(refuseUnsafeRequest(post(path, { authorization: "Bearer abc.def" }), options)).toMatchObject({
        status: 403,
      });
      expect(refuseUnsafeRequest(post(path, { origin: APP_ORIGIN }), options)).toBeNull();
    }
  });

  it("accepts only application/json bodies for writes (415 otherwise)", () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""]) {
      const request = guarded(
        new Request(`${APP_ORIGIN}/api/trpc/task.create`, {
          method: "POST",
          headers: { "content-type": type, origin: APP_ORIGIN },
          body: "{}",
        }),
      );
      expect(refuseUnsafeRequest(request, options)).toMatchObject({ status: 415 });
    }
    expect(
      refuseUnsafeRequest(
        post("task.create", { "content-type": "application/json; charset=utf-8", origin: APP_ORIGIN }),
        options,
      ),
    ).toBeNull();
  });

  it(`refuses a batch of more than ${MAX_BATCH_CALLS} calls (400), as a query or a write`, () => {
    const paths = (count: number) => Array.from({ length: count }, () => "auth.me").join(",");
    const query = (count: number) =>
      guarded(new Request(`${APP_ORIGIN}/api/trpc/${paths(count)}?batch=1&input={}`));
    expect(refuseUnsafeRequest(query(MAX_BATCH_CALLS), options)).toBeNull();
    expect(refuseUnsafeRequest(query(MAX_BATCH_CALLS + 1), options)).toMatchObject({
      status: 400,
      message: `A batch may hold at most ${MAX_BATCH_CALLS} calls`,
    });
    const write = post(`${paths(MAX_BATCH_CALLS + 1)}?batch=1`, { origin: APP_ORIGIN });
    expect(refuseUnsafeRequest(write, options)).toMatchObject({ status: 400 });
  });

  it("refuses a declared body over 1 MB (413) before reading it", () => {
    const declared = (bytes: number) =>
      post("task.create", { origin: APP_ORIGIN, "content-length": String(bytes) });
    expect(refuseUnsafeRequest(declared(1024 * 1024), options)).toBeNull();
    expect(refuseUnsafeRequest(declared(1024 * 1024 + 1), options)).toMatchObject({
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
    });
  });

  it("refuses a path that is not validly percent-encoded (400) instead of throwing", () => {
    for (const path of ["%", "%ZZ", "task.list%E0%A4%A"]) {
      const query = guarded(new Request(`${APP_ORIGIN}/api/trpc/${path}`));
      expect(refuseUnsafeRequest(query, options)).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    }
  });
});
