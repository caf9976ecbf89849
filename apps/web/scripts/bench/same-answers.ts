/**
 * Before anything is timed: the baseline must answer exactly as the app does, or the comparison
 * measures different work. Compares parsed bodies (key order aside) for the list, a bad token,
 * health, and the user part of a sign-in (the token differs by design).
 */
import { Agent } from "node:http";
import { isDeepStrictEqual } from "node:util";
import type { LoadTarget } from "./load";
import { LIST_PATH, type RequestSpec, signInRequest, unknownToken } from "./requests";
import type { Seed } from "./seed";
import { send } from "./sequential";

const SHOWN_BODY_CHARS = 600;

async function answer(target: LoadTarget, spec: RequestSpec): Promise<{ status: number; json: unknown }> {
  const agent = new Agent({ keepAlive: false });
  try {
    const response = await send(agent, target.baseUrl, spec);
    let json: unknown = null;
    try {
      json = JSON.parse(response.body);
    } catch {
      json = response.body;
    }
    return { status: response.status, json };
  } finally {
    agent.destroy();
  }
}

function shown(value: unknown): string {
  return JSON.stringify(value).slice(0, SHOWN_BODY_CHARS);
}

async function compare(
  what: string,
  app: LoadTarget,
  bare: LoadTarget,
  spec: (baseUrl: string) => RequestSpec,
  pick: (json: unknown) => unknown = (json) => json,
): Promise<void> {
  const fromApp = await answer(app, spec(app.baseUrl));
  const fromBare = await answer(bare, spec(bare.baseUrl));
  if (fromApp.status !== fromBare.status || !isDeepStrictEqual(pick(fromApp.json), pick(fromBare.json))) {
    throw new Error(
      `the baseline answers ${what} differently from the app:\n` +
        `app  ${fromApp.status} ${shown(fromApp.json)}\nbare ${fromBare.status} ${shown(fromBare.json)}`,
    );
  }
}

function signedInUser(json: unknown): unknown {
  const data = (json as { result?: { data?: { json?: { user?: unknown }; meta?: unknown } } }).result?.data;
  return { user: data?.json?.user, meta: data?.meta };
}

export async function requireSameAnswers(app: LoadTarget, bare: LoadTarget, seed: Seed): Promise<void> {
  const [first, second] = seed.users;
  if (!first || !second) throw new Error("the seed has fewer than two users");
  const list = (): RequestSpec => ({
    method: "GET",
    path: LIST_PATH,
    headers: { authorization: `Bearer ${first.token}`, "x-forwarded-for": first.address },
  });
  await compare("task.list", app, bare, list);
  const badToken = unknownToken();
  await compare("a bad token", app, bare, () => ({
    method: "GET",
    path: LIST_PATH,
    headers: { authorization: `Bearer ${badToken}` },
  }));
  await compare("/api/health", app, bare, () => ({ method: "GET", path: "/api/health", headers: {} }));
  await compare(
    "auth.signIn",
    app,
    bare,
    (baseUrl) => signInRequest(baseUrl, second.email, seed.password),
    signedInUser,
  );
}
