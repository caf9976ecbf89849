import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawClient, resultData } from "@doable/test-support/http-client";
import { type ProductionServer, startProductionServer } from "@doable/test-support/production-server";

/** Long enough for the server to have read the request line and headers before SIGTERM. */
const IN_FLIGHT_SETTLE_MS = 300;
const PASSWORD = "a perfectly fine passphrase";

let server: ProductionServer;

beforeAll(async () => {
  server = await startProductionServer();
});

afterAll(async () => {
  await server?.stop();
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface SlowCall {
  /** Sends the rest of the body. */
  finish(): void;
  response: Promise<{ status: number; body: string }>;
}

/** A `task.create` whose body arrives in two halves, so it is still in flight when we choose. */
function slowCreate(baseUrl: string, token: string, title: string): SlowCall {
  const body = JSON.stringify({ json: { title } });
  const half = Math.floor(body.length / 2);
  let finish = (): void => {};
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const call = httpRequest(
      `${baseUrl}/api/trpc/task.create`,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (answer) => {
        let text = "";
        answer.setEncoding("utf8");
        answer.on("data", (chunk: string) => {
          text += chunk;
        });
        answer.on("end", () => resolve({ status: answer.statusCode ?? 0, body: text }));
      },
    );
    call.on("error", reject);
    call.write(body.slice(0, half));
    finish = () => call.end(body.slice(half));
  });
  return { finish: () => finish(), response };
}

describe("SIGTERM", () => {
  it("stops accepting, finishes every request in flight, closes the pool and exits 0", async () => {
    const api = rawClient(server.baseUrl);
    const email = `shutdown-${Date.now()}@example.com`;
    expect((await api.mutation("auth.signUp", { email, password: PASSWORD })).status).toBe(200);
    const signIn = await api.mutation("auth.signIn", { email, password: PASSWORD, transport: "bearer" });
    const { token } = resultData<{ token: string }>(signIn);

    const inFlight = [1, 2, 3].map((n) => slowCreate(server.baseUrl, token, `Written during shutdown ${n}`));
    await sleep(IN_FLIGHT_SETTLE_MS);
    const exited = server.kill("SIGTERM");
    await sleep(IN_FLIGHT_SETTLE_MS);

    // A new connection is refused while the old ones drain.
    await expect(fetch(`${server.baseUrl}/api/health`)).rejects.toThrow();

    for (const call of inFlight) call.finish();
    const answers = await Promise.all(inFlight.map((call) => call.response));
    for (const answer of answers) {
      expect(answer.status, answer.body).toBe(200);
      expect(answer.body).toContain("Written during shutdown");
    }
    expect(await exited).toBe(0);
    const lines = server
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { msg?: string; outcome?: string });
    expect(lines.find((line) => line.msg === "stopped")?.outcome).toBe("drained");
  });
});
